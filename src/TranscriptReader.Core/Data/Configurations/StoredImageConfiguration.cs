using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class StoredImageConfiguration : IEntityTypeConfiguration<StoredImage>
{
    public void Configure(EntityTypeBuilder<StoredImage> b)
    {
        b.ToTable("images");
        b.HasKey(i => i.Sha256);
        b.Property(i => i.Sha256).HasMaxLength(64);
        b.Property(i => i.MediaType).HasMaxLength(20);
    }
}
