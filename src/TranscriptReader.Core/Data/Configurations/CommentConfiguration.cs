using TranscriptReader.Core.Taggings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Discussion;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> b)
    {
        b.HasIndex(c => c.TranscriptId);
        b.HasIndex(c => c.TaggingId);
        b.HasIndex(c => c.ParentId);
        b.HasIndex(c => c.CreatedAt);
        // The recent-discussion feed's keyset pages: one range of visible comments, newest first.
        b.HasIndex(c => new { c.CreatedAt, c.Id }).HasFilter("deleted_at IS NULL AND hidden_at IS NULL");
        b.HasOne<Transcript>().WithMany().HasForeignKey(c => c.TranscriptId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Tagging>().WithMany().HasForeignKey(c => c.TaggingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Comment>().WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.ToTable(t => t.HasCheckConstraint("ck_comments_one_subject", "(transcript_id IS NULL) <> (tagging_id IS NULL)"));
    }
}
