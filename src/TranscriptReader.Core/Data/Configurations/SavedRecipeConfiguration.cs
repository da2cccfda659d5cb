using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TranscriptReader.Core.Accounts;
using TranscriptReader.Core.Importing.Recipes;

namespace TranscriptReader.Core.Data.Configurations;

public sealed class SavedRecipeConfiguration : IEntityTypeConfiguration<SavedRecipe>
{
    public void Configure(EntityTypeBuilder<SavedRecipe> b)
    {
        b.ToTable("import_recipes");
        b.Property(r => r.Name).HasMaxLength(SavedRecipe.MaxNameLength);
        b.HasIndex(r => r.Name).IsUnique();
        b.Property(r => r.RecipeJson).HasColumnName("recipe").HasColumnType("jsonb");
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.SetNull);
    }
}
