using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

/// <summary>A single row, seeded by the migration and moved only by triggers.</summary>
public sealed class PageEpochConfiguration : IEntityTypeConfiguration<PageEpoch>
{
    public void Configure(EntityTypeBuilder<PageEpoch> b)
    {
        b.ToTable("page_epoch", t => t.HasCheckConstraint("ck_page_epoch_single_row", $"id = {PageEpoch.SingletonId}"));
        b.Property(e => e.Id).ValueGeneratedNever();
        b.HasData(new PageEpoch { Id = PageEpoch.SingletonId, Value = 0 });
    }
}
