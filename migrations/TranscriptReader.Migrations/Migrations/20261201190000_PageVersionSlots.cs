using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class PageVersionSlots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "page_version_slots",
                columns: table => new
                {
                    transcript_id = table.Column<long>(type: "bigint", nullable: false),
                    slot = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_page_version_slots", x => new { x.transcript_id, x.slot });
                    table.ForeignKey(
                        name: "fk_page_version_slots_transcripts_transcript_id",
                        column: x => x.transcript_id,
                        principalTable: "transcripts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Writers on one transcript raise a slot each instead of all updating the transcript row, whose lock
            // they held until commit and so queued behind each other's commits (issue 18). Existing versions stay:
            // a transcript without slots has its row's version.
            migrationBuilder.Sql(SqlObjects.Read("Functions/touch_transcript_pages.sql", "a4c6b9e73c6739cc"));
            migrationBuilder.Sql(PageVersionFunctionPlpgsql.TranscriptPageVersionAsApplied);
            // Live updates announced a change of the transcript row's version; slot writes no longer touch the row.
            migrationBuilder.Sql(SqlObjects.Read("Functions/notify_page_version_slot.sql", "42e4f6e8d4f9633b"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/page_version_slots_notify.sql", "aa9a03ecdd5d40a0"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER page_version_slots_notify ON page_version_slots;");
            migrationBuilder.Sql("DROP FUNCTION notify_page_version_slot();");
            migrationBuilder.Sql("DROP FUNCTION transcript_page_version(bigint);");
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION touch_transcript_pages(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    -- A label merge or undo moves the epoch, which covers every page; per-transcript
                    -- bumps there would only make it wait on (and risk deadlocks with) readers' votes.
                    IF current_setting('transcriptreader.skip_page_versions', true) = 'on' OR cardinality(ids) = 0 THEN
                        RETURN;
                    END IF;
                    IF cardinality(ids) > 1 THEN
                        -- One lock order for statements that touch several transcripts.
                        PERFORM 1 FROM transcripts WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
                    END IF;
                    UPDATE transcripts SET page_version = greatest(page_version + 1, page_clock()) WHERE id = ANY(ids);
                END $$;
                """);
            migrationBuilder.DropTable(
                name: "page_version_slots");
        }
    }
}
