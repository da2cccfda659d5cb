using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class TaggingLabelCreatedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_taggings_label_id_created_at_id",
                table: "taggings",
                columns: new[] { "label_id", "created_at", "id" })
                .Annotation("Npgsql:IndexInclude", new[] { "transcript_id", "user_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_taggings_label_id_created_at_id",
                table: "taggings");
        }
    }
}
