using TranscriptReader.Core.Taggings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Labels;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class TaggingConfiguration : IEntityTypeConfiguration<Tagging>
{
    public void Configure(EntityTypeBuilder<Tagging> b)
    {
        b.Property(t => t.AppliedLabelName).HasMaxLength(100);
        b.Property(t => t.Prefix).HasMaxLength(64);
        b.Property(t => t.Suffix).HasMaxLength(64);
        // One reader applies one label to one span once.
        b.HasIndex(t => new { t.LabelId, t.BlockId, t.Start, t.End, t.UserId }).IsUnique();
        b.HasIndex(t => t.TranscriptId);
        // A label page lists its newest taggings first (without this it sorts all of a busy label's rows)
        // and counts the label's transcripts and readers from the index alone.
        b.HasIndex(t => new { t.LabelId, t.CreatedAt, t.Id }).IncludeProperties(t => new { t.TranscriptId, t.UserId });
        b.HasIndex(t => t.BlockId);
        b.HasIndex(t => t.UserId);
        b.HasOne<Block>().WithMany().HasForeignKey(t => t.BlockId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Transcript>().WithMany().HasForeignKey(t => t.TranscriptId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Label>().WithMany().HasForeignKey(t => t.LabelId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tagging>().WithMany().HasForeignKey(t => t.AlternativeToId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(t => t.AlternativeToId);
        b.ToTable(t => t.HasCheckConstraint("ck_taggings_span", "start >= 0 AND \"end\" > start"));
    }
}
