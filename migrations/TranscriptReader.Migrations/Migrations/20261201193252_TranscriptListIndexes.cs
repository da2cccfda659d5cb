using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <summary>
    /// The transcript list's orders with their tie-breaking id, so a page is an index range (keyset) instead of a
    /// sort of every transcript; a trigram index for its title substring search; and label_transcript_counts by
    /// transcript, so a row's tagging count sums its few kept rows instead of counting its taggings.
    /// </summary>
    public partial class TranscriptListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transcripts_last_activity_at",
                table: "transcripts");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_imported_at_id",
                table: "transcripts",
                columns: new[] { "imported_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_last_activity_at_id",
                table: "transcripts",
                columns: new[] { "last_activity_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_title",
                table: "transcripts",
                column: "title")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_title_id",
                table: "transcripts",
                columns: new[] { "title", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_label_transcript_counts_transcript_id",
                table: "label_transcript_counts",
                column: "transcript_id")
                .Annotation("Npgsql:IndexInclude", new[] { "taggings" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_transcripts_imported_at_id",
                table: "transcripts");

            migrationBuilder.DropIndex(
                name: "ix_transcripts_last_activity_at_id",
                table: "transcripts");

            migrationBuilder.DropIndex(
                name: "ix_transcripts_title",
                table: "transcripts");

            migrationBuilder.DropIndex(
                name: "ix_transcripts_title_id",
                table: "transcripts");

            migrationBuilder.DropIndex(
                name: "ix_label_transcript_counts_transcript_id",
                table: "label_transcript_counts");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.CreateIndex(
                name: "ix_transcripts_last_activity_at",
                table: "transcripts",
                column: "last_activity_at");
        }
    }
}
