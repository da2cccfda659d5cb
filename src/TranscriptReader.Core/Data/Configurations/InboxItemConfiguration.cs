using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Inbox;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class InboxItemConfiguration : IEntityTypeConfiguration<InboxItem>
{
    public void Configure(EntityTypeBuilder<InboxItem> b)
    {
        b.Property(i => i.Kind).HasMaxLength(16);
        b.Property(i => i.CreatedAt).HasDefaultValueSql("now()");
        // The inbox page and the unread badge read one reader's newest items.
        b.HasIndex(i => new { i.UserId, i.CreatedAt });
        // The triggers rely on these to write an item once (ON CONFLICT DO NOTHING).
        b.HasIndex(i => new { i.UserId, i.CommentId }).IsUnique().HasFilter("comment_id IS NOT NULL");
        b.HasIndex(i => new { i.UserId, i.Kind, i.TaggingId, i.ActorId }).IsUnique().HasFilter("kind IN ('dispute', 'counter')");
        b.HasOne<AppUser>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(i => i.ActorId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Transcript>().WithMany().HasForeignKey(i => i.TranscriptId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tagging>().WithMany().HasForeignKey(i => i.TaggingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Comment>().WithMany().HasForeignKey(i => i.CommentId).OnDelete(DeleteBehavior.Cascade);
        b.ToTable(t => t.HasCheckConstraint("ck_inbox_items_kind", "kind IN ('reply', 'mention', 'thread', 'watch', 'dispute', 'counter')"));
    }
}
