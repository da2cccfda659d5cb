using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class LabelConfiguration : IEntityTypeConfiguration<Label>
{
    public void Configure(EntityTypeBuilder<Label> b)
    {
        b.Property(l => l.Name).HasMaxLength(100);
        b.Property(l => l.NormalizedName).HasMaxLength(100);
        b.Property(l => l.Color).HasMaxLength(7);
        b.Property(l => l.Description).HasMaxLength(20000);
        b.HasIndex(l => l.NormalizedName).IsUnique();
        b.HasIndex(l => l.MergedIntoId);
        b.HasOne<Label>().WithMany().HasForeignKey(l => l.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(l => l.CreatedById).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(l => l.Aliases).WithOne(a => a.Label).HasForeignKey(a => a.LabelId).OnDelete(DeleteBehavior.Cascade);
    }
}
