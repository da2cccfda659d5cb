using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> b)
    {
        b.Property(m => m.Role).HasMaxLength(20);
        b.Property(m => m.Speaker).HasMaxLength(200);
        b.HasIndex(m => new { m.TranscriptId, m.Ordinal }).IsUnique();
        b.HasMany(m => m.Blocks).WithOne(x => x.Message).HasForeignKey(x => x.MessageId);
    }
}
