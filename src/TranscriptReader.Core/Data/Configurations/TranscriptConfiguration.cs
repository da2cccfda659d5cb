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
        // A collection's transcripts in each of the list's orders (and its foreign key's index).
        b.HasIndex(t => new { t.CollectionId, t.ImportedAt, t.Id });
        b.HasIndex(t => new { t.CollectionId, t.LastActivityAt, t.Id });
        b.HasIndex(t => new { t.CollectionId, t.Title, t.Id });
        // The list's three orders, each with the id that breaks ties: its pages are index ranges (keyset).
        // (last_activity_at, id) also serves every read of last_activity_at alone.
        b.HasIndex(t => new { t.ImportedAt, t.Id });
        b.HasIndex(t => new { t.LastActivityAt, t.Id });
        b.HasIndex(t => new { t.Title, t.Id });
        // The list's search also matches a substring of the title (ILIKE '%word%'): found here, not by reading every title.
        b.HasIndex(t => t.Title, "ix_transcripts_title_trgm").HasMethod("gin").HasOperators("gin_trgm_ops");
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
