using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Core.Data.Configurations;

/// <summary>A view (created by a migration), not a table: computed from <c>labels.merged_into_id</c>.</summary>
public sealed class LabelCanonicalConfiguration : IEntityTypeConfiguration<LabelCanonical>
{
    public void Configure(EntityTypeBuilder<LabelCanonical> b)
    {
        b.HasNoKey();
        b.ToView("label_canonical");
    }
}
