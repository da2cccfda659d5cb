using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Inbox;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class TranscriptWatchConfiguration : IEntityTypeConfiguration<TranscriptWatch>
{
    public void Configure(EntityTypeBuilder<TranscriptWatch> b)
    {
        b.HasKey(w => new { w.UserId, w.TranscriptId });
        // The comment trigger looks watchers up by transcript.
        b.HasIndex(w => w.TranscriptId);
        b.HasOne<AppUser>().WithMany().HasForeignKey(w => w.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Transcript>().WithMany().HasForeignKey(w => w.TranscriptId).OnDelete(DeleteBehavior.Cascade);
    }
}
