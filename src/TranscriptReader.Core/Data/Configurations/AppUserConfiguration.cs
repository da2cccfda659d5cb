using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b) => b.Property(u => u.CreatedAt);
}

/// <summary>The three roles exist from the first migration on, with fixed ids.</summary>
public sealed class RoleConfiguration : IEntityTypeConfiguration<IdentityRole>
{
    public void Configure(EntityTypeBuilder<IdentityRole> b) => b.HasData(
        new IdentityRole { Id = "role-member", Name = Roles.Member, NormalizedName = "MEMBER", ConcurrencyStamp = "role-member" },
        new IdentityRole { Id = "role-moderator", Name = Roles.Moderator, NormalizedName = "MODERATOR", ConcurrencyStamp = "role-moderator" },
        new IdentityRole { Id = "role-admin", Name = Roles.Admin, NormalizedName = "ADMIN", ConcurrencyStamp = "role-admin" });
}
