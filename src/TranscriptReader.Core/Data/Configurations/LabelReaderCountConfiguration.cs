using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Labels;

namespace TranscriptReader.Core.Data.Configurations;

/// <summary>No foreign keys, for the reason given on <see cref="LabelTranscriptCountConfiguration"/>.</summary>
public sealed class LabelReaderCountConfiguration : IEntityTypeConfiguration<LabelReaderCount>
{
    public void Configure(EntityTypeBuilder<LabelReaderCount> b)
    {
        b.ToTable("label_reader_counts");
        b.HasKey(c => new { c.LabelId, c.UserId });
    }
}
