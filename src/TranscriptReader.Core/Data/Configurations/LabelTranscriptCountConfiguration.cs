using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Core.Data.Configurations;

/// <summary>
/// No foreign keys, on purpose: a key to labels would make every new row take a share lock on the label row,
/// which a merge holds FOR UPDATE, and order that lock after the transcript row a tagging has already locked
/// (a deadlock with an undo). The triggers keep the rows in step with taggings instead, rows of zero included.
/// </summary>
public sealed class LabelTranscriptCountConfiguration : IEntityTypeConfiguration<LabelTranscriptCount>
{
    public void Configure(EntityTypeBuilder<LabelTranscriptCount> b)
    {
        b.ToTable("label_transcript_counts");
        b.HasKey(c => new { c.LabelId, c.TranscriptId });
        // The transcript list sums a transcript's rows (one per live label) from the index alone.
        b.HasIndex(c => c.TranscriptId).IncludeProperties(c => c.Taggings);
    }
}
