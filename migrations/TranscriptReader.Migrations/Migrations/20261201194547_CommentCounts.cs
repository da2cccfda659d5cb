using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <summary>
    /// transcript_comment_counts and tagging_comment_counts, kept by triggers on comments and backfilled here: the
    /// transcript list reads a few kept rows per transcript instead of joining every comment to its tagging.
    /// </summary>
    public partial class CommentCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "tagging_comment_counts",
                columns: table => new
                {
                    tagging_id = table.Column<long>(type: "bigint", nullable: false),
                    transcript_id = table.Column<long>(type: "bigint", nullable: false),
                    comments = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tagging_comment_counts", x => x.tagging_id);
                    table.ForeignKey(
                        name: "fk_tagging_comment_counts_taggings_tagging_id",
                        column: x => x.tagging_id,
                        principalTable: "taggings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "transcript_comment_counts",
                columns: table => new
                {
                    transcript_id = table.Column<long>(type: "bigint", nullable: false),
                    comments = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_transcript_comment_counts", x => x.transcript_id);
                    table.ForeignKey(
                        name: "fk_transcript_comment_counts_transcripts_transcript_id",
                        column: x => x.transcript_id,
                        principalTable: "transcripts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_tagging_comment_counts_transcript_id",
                table: "tagging_comment_counts",
                column: "transcript_id")
                .Annotation("Npgsql:IndexInclude", new[] { "comments" });

            // Writers wait until the backfill commits, and the triggers count every write after it. SHARE allows reads.
            migrationBuilder.Sql("LOCK TABLE comments, taggings IN SHARE MODE;");
            // Comment counts kept by triggers instead of counted for every listed transcript on each request.
            migrationBuilder.Sql(SqlObjects.Read("Functions/comments_update_comment_counts.sql", "7168935a30a7c01c"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/comments_update_comment_counts_insert.sql", "e3d487dc572ded54"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/comments_update_comment_counts_update.sql", "80ec95a618b9d40a"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/comments_update_comment_counts_delete.sql", "ad0c9049d44672e9"));
            migrationBuilder.Sql("""
                INSERT INTO transcript_comment_counts (transcript_id, comments)
                SELECT transcript_id, count(*) FROM comments WHERE transcript_id IS NOT NULL AND deleted_at IS NULL AND hidden_at IS NULL GROUP BY 1;
                INSERT INTO tagging_comment_counts (tagging_id, transcript_id, comments)
                SELECT c.tagging_id, t.transcript_id, count(*) FROM comments c JOIN taggings t ON t.id = c.tagging_id
                WHERE c.deleted_at IS NULL AND c.hidden_at IS NULL GROUP BY 1, 2;
                ANALYZE transcript_comment_counts, tagging_comment_counts;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER comments_update_comment_counts_insert ON comments;
                DROP TRIGGER comments_update_comment_counts_update ON comments;
                DROP TRIGGER comments_update_comment_counts_delete ON comments;
                DROP FUNCTION comments_update_comment_counts();
                """);

            migrationBuilder.DropTable(
                name: "tagging_comment_counts");

            migrationBuilder.DropTable(
                name: "transcript_comment_counts");
        }
    }
}
