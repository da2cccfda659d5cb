using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.Property(i => i.TokenHash).HasMaxLength(64);
        b.HasIndex(i => i.TokenHash).IsUnique();
        b.Property(i => i.Role).HasMaxLength(20);
        b.Property(i => i.Note).HasMaxLength(200);
        b.HasOne<AppUser>().WithMany().HasForeignKey(i => i.CreatedById).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(i => i.Redemptions).WithOne().HasForeignKey(u => u.InvitationId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class InvitationUseConfiguration : IEntityTypeConfiguration<InvitationUse>
{
    public void Configure(EntityTypeBuilder<InvitationUse> b)
    {
        b.HasIndex(u => u.InvitationId);
        b.HasIndex(u => u.UserId).IsUnique();
        b.HasOne<AppUser>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
