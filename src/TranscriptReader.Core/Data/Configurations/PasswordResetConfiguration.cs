using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class PasswordResetConfiguration : IEntityTypeConfiguration<PasswordReset>
{
    public void Configure(EntityTypeBuilder<PasswordReset> b)
    {
        b.Property(r => r.TokenHash).HasMaxLength(64);
        b.HasIndex(r => r.TokenHash).IsUnique();
        b.HasIndex(r => r.UserId);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}
