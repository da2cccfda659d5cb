using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class BlockConfiguration : IEntityTypeConfiguration<Block>
{
    public void Configure(EntityTypeBuilder<Block> b)
    {
        b.Property(x => x.Kind).HasMaxLength(30);
        b.Property(x => x.Caption).HasMaxLength(500);
        b.HasIndex(x => new { x.MessageId, x.Ordinal }).IsUnique();
        b.HasIndex(x => x.TranscriptId);
        b.HasOne<Transcript>().WithMany().HasForeignKey(x => x.TranscriptId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.ImageSha256).HasMaxLength(64);
        // Images are shared by content: deleting a transcript leaves them, and one still shown cannot go.
        b.HasOne<StoredImage>().WithMany().HasForeignKey(x => x.ImageSha256).OnDelete(DeleteBehavior.Restrict);
        // Full-text search over block text. tsvector has a 1 MB limit, so very long tool outputs
        // are indexed by their first 300,000 characters only.
        b.Property<NpgsqlTypes.NpgsqlTsVector>("SearchVector")
            .HasComputedColumnSql("""to_tsvector('english', left("text", 300000))""", stored: true);
        b.HasIndex("SearchVector").HasMethod("gin");
    }
}
