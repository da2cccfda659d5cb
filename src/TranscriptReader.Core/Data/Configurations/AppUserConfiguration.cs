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
    public static IReadOnlyList<IdentityRole> Seeded { get; } = Roles.All
        .Select(r => new IdentityRole { Id = "role-" + r, Name = r, NormalizedName = r.ToUpperInvariant(), ConcurrencyStamp = "role-" + r })
        .ToList();

    public void Configure(EntityTypeBuilder<IdentityRole> b) => b.HasData(Seeded);
}
