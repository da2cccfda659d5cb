using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class TranscriptCommentCountConfiguration : IEntityTypeConfiguration<TranscriptCommentCount>
{
    public void Configure(EntityTypeBuilder<TranscriptCommentCount> b)
    {
        b.ToTable("transcript_comment_counts");
        b.HasKey(c => c.TranscriptId);
        b.Property(c => c.TranscriptId).ValueGeneratedNever();
        b.HasOne<Transcript>().WithMany().HasForeignKey(c => c.TranscriptId).OnDelete(DeleteBehavior.Cascade);
    }
}
