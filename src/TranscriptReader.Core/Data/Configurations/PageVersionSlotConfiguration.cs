using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

/// <summary>Written only by triggers (migration PageVersionSlots); the app reads the sum through <c>transcript_page_version</c>.</summary>
public sealed class PageVersionSlotConfiguration : IEntityTypeConfiguration<PageVersionSlot>
{
    public void Configure(EntityTypeBuilder<PageVersionSlot> b)
    {
        b.ToTable("page_version_slots");
        b.HasKey(s => new { s.TranscriptId, s.Slot });
        b.HasOne<Transcript>().WithMany().HasForeignKey(s => s.TranscriptId).OnDelete(DeleteBehavior.Cascade);
    }
}
