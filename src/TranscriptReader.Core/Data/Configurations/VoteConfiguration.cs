using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Taggings;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class VoteConfiguration : IEntityTypeConfiguration<Vote>
{
    public void Configure(EntityTypeBuilder<Vote> b)
    {
        b.HasKey(v => new { v.TaggingId, v.UserId });
        // Also serves lookups by reader alone (and the cascade when an account is deleted).
        b.HasIndex(v => new { v.UserId, v.TranscriptId }).IncludeProperties(v => new { v.TaggingId, v.Value });
        // The column is filled by a trigger (migration VoteTranscript) from the tagging, whatever EF sends.
        b.HasOne<Tagging>().WithMany().HasForeignKey(v => v.TaggingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("ck_votes_value", "value IN (-1, 1)"));
    }
}
