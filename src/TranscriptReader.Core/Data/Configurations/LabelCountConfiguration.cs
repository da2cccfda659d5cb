using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Core.Data.Configurations;

/// <summary>One row per label, created with the label by a trigger and kept by triggers (see <see cref="LabelCount"/>).</summary>
public sealed class LabelCountConfiguration : IEntityTypeConfiguration<LabelCount>
{
    public void Configure(EntityTypeBuilder<LabelCount> b)
    {
        b.ToTable("label_counts");
        b.HasKey(c => c.LabelId);
        b.Property(c => c.LabelId).ValueGeneratedNever();
        b.HasOne<Label>().WithOne().HasForeignKey<LabelCount>(c => c.LabelId).OnDelete(DeleteBehavior.Cascade);
    }
}
