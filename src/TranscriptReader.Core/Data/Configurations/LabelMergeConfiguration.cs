using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class LabelMergeConfiguration : IEntityTypeConfiguration<LabelMerge>
{
    public void Configure(EntityTypeBuilder<LabelMerge> b)
    {
        // json, not jsonb: the record is written once per merge and read whole, never queried by key paths.
        b.Property(m => m.DetailsJson).HasColumnName("details").HasColumnType("json");
        b.HasIndex(m => m.TargetLabelId);
        b.HasOne<Label>().WithMany().HasForeignKey(m => m.TargetLabelId).OnDelete(DeleteBehavior.Restrict);
    }
}
