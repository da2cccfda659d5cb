using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <summary>
    /// A collection's transcripts in each of the list's three orders, so its filtered list reads an index range instead
    /// of walking every transcript in that order (issue 18); the first column also serves the foreign key.
    /// </summary>
    public partial class CollectionListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transcripts_collection_id",
                table: "transcripts");

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_collection_id_imported_at_id",
                table: "transcripts",
                columns: new[] { "collection_id", "imported_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_collection_id_last_activity_at_id",
                table: "transcripts",
                columns: new[] { "collection_id", "last_activity_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_collection_id_title_id",
                table: "transcripts",
                columns: new[] { "collection_id", "title", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transcripts_collection_id_imported_at_id",
                table: "transcripts");

            migrationBuilder.DropIndex(
                name: "ix_transcripts_collection_id_last_activity_at_id",
                table: "transcripts");

            migrationBuilder.DropIndex(
                name: "ix_transcripts_collection_id_title_id",
                table: "transcripts");

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_collection_id",
                table: "transcripts",
                column: "collection_id");
        }
    }
}
