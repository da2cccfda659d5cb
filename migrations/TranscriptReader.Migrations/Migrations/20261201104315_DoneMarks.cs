using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DoneMarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "done_marks",
                columns: table => new
                {
                    transcript_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    marked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_done_marks", x => new { x.transcript_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_done_marks_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_done_marks_transcripts_transcript_id",
                        column: x => x.transcript_id,
                        principalTable: "transcripts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_done_marks_user_id",
                table: "done_marks",
                column: "user_id");

            // A done mark changes what agreement counts for the transcript (and what its page shows: how many
            // readers finished it), so marking and undoing move its page version like a tagging does; agreement
            // results are cached by these versions. ON CONFLICT DO NOTHING inserts no row and touches nothing.
            migrationBuilder.Sql("""
                CREATE FUNCTION done_marks_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE ids bigint[] := '{}';
                BEGIN
                    IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM old_rows); END IF;
                    IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM new_rows); END IF;
                    PERFORM touch_transcript_pages(ARRAY(SELECT DISTINCT unnest(ids)));
                    RETURN NULL;
                END $$;

                CREATE TRIGGER done_marks_touch_pages_insert AFTER INSERT ON done_marks
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION done_marks_touch_pages();
                CREATE TRIGGER done_marks_touch_pages_update AFTER UPDATE ON done_marks
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION done_marks_touch_pages();
                CREATE TRIGGER done_marks_touch_pages_delete AFTER DELETE ON done_marks
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION done_marks_touch_pages();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER done_marks_touch_pages_insert ON done_marks;
                DROP TRIGGER done_marks_touch_pages_update ON done_marks;
                DROP TRIGGER done_marks_touch_pages_delete ON done_marks;
                DROP FUNCTION done_marks_touch_pages();
                """);

            migrationBuilder.DropTable(
                name: "done_marks");
        }
    }
}
