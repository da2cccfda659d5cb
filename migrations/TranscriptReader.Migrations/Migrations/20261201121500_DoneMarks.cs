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

            // A done mark moves its transcript's page version like a tagging does (see the function's file):
            // agreement results are cached by these versions.
            foreach (var (file, pin) in new[]
            {
                ("Functions/done_marks_touch_pages.sql", "f22783d37d421d27"),
                ("Triggers/done_marks_touch_pages_insert.sql", "f9352efc381b06ed"),
                ("Triggers/done_marks_touch_pages_update.sql", "0af554c176cf0abe"),
                ("Triggers/done_marks_touch_pages_delete.sql", "9c3eca4a7213f2e5"),
            })
            {
                migrationBuilder.Sql(SqlObjects.Read(file, pin));
            }
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
