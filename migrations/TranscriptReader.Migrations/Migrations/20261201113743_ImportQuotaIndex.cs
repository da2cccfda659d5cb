using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ImportQuotaIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transcripts_imported_by_id",
                table: "transcripts");

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_imported_by_id_imported_at",
                table: "transcripts",
                columns: new[] { "imported_by_id", "imported_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transcripts_imported_by_id_imported_at",
                table: "transcripts");

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_imported_by_id",
                table: "transcripts",
                column: "imported_by_id");
        }
    }
}
