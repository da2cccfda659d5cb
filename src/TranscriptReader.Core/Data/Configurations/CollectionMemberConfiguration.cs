using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Transcripts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class CollectionMemberConfiguration : IEntityTypeConfiguration<CollectionMember>
{
    public void Configure(EntityTypeBuilder<CollectionMember> b)
    {
        b.HasKey(m => new { m.CollectionId, m.TranscriptId });
        b.HasIndex(m => m.TranscriptId);
        b.HasOne<Collection>().WithMany().HasForeignKey(m => m.CollectionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Transcript>().WithMany().HasForeignKey(m => m.TranscriptId).OnDelete(DeleteBehavior.Cascade);
    }
}
