using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Agreement;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class DoneMarkConfiguration : IEntityTypeConfiguration<DoneMark>
{
    public void Configure(EntityTypeBuilder<DoneMark> b)
    {
        // One mark per reader and transcript; the key also serves "done readers of a transcript".
        b.HasKey(d => new { d.TranscriptId, d.UserId });
        // "Not done by me" on the transcript list, and the cascade when an account is deleted.
        b.HasIndex(d => d.UserId);
        // Triggers (migration DoneMarks) move the transcript's page version on every mark and undo.
        b.HasOne<Transcript>().WithMany().HasForeignKey(d => d.TranscriptId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
