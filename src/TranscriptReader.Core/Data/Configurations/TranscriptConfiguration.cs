using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class TranscriptConfiguration : IEntityTypeConfiguration<Transcript>
{
    public void Configure(EntityTypeBuilder<Transcript> b)
    {
        b.Property(t => t.Title).HasMaxLength(500);
        b.Property(t => t.Source).HasMaxLength(2000);
        b.Property(t => t.SourceLocator).HasMaxLength(1000);
        b.Property(t => t.Format).HasMaxLength(40);
        b.Property(t => t.Model).HasMaxLength(200);
        b.Property(t => t.MetadataJson).HasColumnName("metadata").HasColumnType("jsonb");
        b.Property(t => t.ContentHash).HasMaxLength(64);
        b.HasIndex(t => t.ContentHash).IsUnique();
        b.HasIndex(t => t.MetadataJson).HasMethod("gin");
        b.HasIndex(t => t.Model);
        b.HasIndex(t => t.CollectionId);
        b.HasIndex(t => t.LastActivityAt);
        // The daily import quota counts a reader's transcripts of the last 24 hours before each one is stored.
        b.HasIndex(t => new { t.ImportedById, t.ImportedAt });
        // Maintained by triggers (migration PageVersions); EF must never send a value of its own.
        b.Property(t => t.PageVersion).HasDefaultValueSql("page_clock()").ValueGeneratedOnAddOrUpdate();
        b.HasOne(t => t.Collection).WithMany().HasForeignKey(t => t.CollectionId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne(t => t.SourceFile).WithMany().HasForeignKey(t => t.SourceFileId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.ImportedById).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(t => t.Messages).WithOne(m => m.Transcript).HasForeignKey(m => m.TranscriptId);
    }
}
