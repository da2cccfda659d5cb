using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class LabelAliasConfiguration : IEntityTypeConfiguration<LabelAlias>
{
    public void Configure(EntityTypeBuilder<LabelAlias> b)
    {
        b.Property(a => a.Alias).HasMaxLength(100);
        b.Property(a => a.NormalizedAlias).HasMaxLength(100);
        b.HasIndex(a => a.NormalizedAlias).IsUnique();
        b.HasIndex(a => a.LabelId);
    }
}
