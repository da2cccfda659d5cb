using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Taggings;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class TaggingCommentCountConfiguration : IEntityTypeConfiguration<TaggingCommentCount>
{
    public void Configure(EntityTypeBuilder<TaggingCommentCount> b)
    {
        b.ToTable("tagging_comment_counts");
        b.HasKey(c => c.TaggingId);
        b.Property(c => c.TaggingId).ValueGeneratedNever();
        // Deleting a tagging deletes its comments and this row with them.
        b.HasOne<Tagging>().WithMany().HasForeignKey(c => c.TaggingId).OnDelete(DeleteBehavior.Cascade);
        // The transcript list sums a transcript's rows from the index alone.
        b.HasIndex(c => c.TranscriptId).IncludeProperties(c => c.Comments);
    }
}
