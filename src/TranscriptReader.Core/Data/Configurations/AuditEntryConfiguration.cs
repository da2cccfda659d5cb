using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Auditing;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Action).HasMaxLength(60);
        b.Property(a => a.TargetType).HasMaxLength(60);
        b.Property(a => a.TargetId).HasMaxLength(100);
        b.Property(a => a.DetailsJson).HasColumnName("details").HasColumnType("jsonb");
        b.HasIndex(a => a.At);
    }
}
