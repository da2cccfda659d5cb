using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LiveNotify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Live updates: the page versions the triggers keep are announced to every app node (LISTEN transcript_pages).
            migrationBuilder.Sql(SqlObjects.Read("Functions/notify_transcript_page.sql", "2b6e1f24a96c0f6a"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/transcripts_notify_page.sql", "13981929039e280a"));
            migrationBuilder.Sql(SqlObjects.Read("Functions/notify_page_epoch.sql", "bded5069c6f5d903"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/page_epoch_notify.sql", "66aac3911f326640"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER page_epoch_notify ON page_epoch;
                DROP FUNCTION notify_page_epoch();
                DROP TRIGGER transcripts_notify_page ON transcripts;
                DROP FUNCTION notify_transcript_page();
                """);
        }
    }
}
