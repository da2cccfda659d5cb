using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class SourceFileConfiguration : IEntityTypeConfiguration<SourceFile>
{
    public void Configure(EntityTypeBuilder<SourceFile> b)
    {
        b.Property(f => f.FileName).HasMaxLength(1000);
        b.Property(f => f.Sha256).HasMaxLength(64);
        b.HasIndex(f => f.Sha256);
    }
}
