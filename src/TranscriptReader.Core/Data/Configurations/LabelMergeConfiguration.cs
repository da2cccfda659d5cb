using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class LabelMergeConfiguration : IEntityTypeConfiguration<LabelMerge>
{
    public void Configure(EntityTypeBuilder<LabelMerge> b)
    {
        b.Property(m => m.DetailsJson).HasColumnName("details").HasColumnType("jsonb");
        b.HasIndex(m => m.TargetLabelId);
        b.HasOne<Label>().WithMany().HasForeignKey(m => m.TargetLabelId).OnDelete(DeleteBehavior.Restrict);
    }
}
