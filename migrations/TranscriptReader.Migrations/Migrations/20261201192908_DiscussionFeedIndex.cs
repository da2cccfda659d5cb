using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <summary>
    /// Visible comments by (created_at, id): the recent-discussion feed's keyset pages read one range of it,
    /// newest first, instead of skipping deleted and hidden comments and OFFSET rows.
    /// </summary>
    public partial class DiscussionFeedIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_comments_created_at_id",
                table: "comments",
                columns: new[] { "created_at", "id" },
                filter: "deleted_at IS NULL AND hidden_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_comments_created_at_id",
                table: "comments");
        }
    }
}
