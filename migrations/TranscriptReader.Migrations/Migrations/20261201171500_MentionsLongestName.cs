using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <summary>
    /// Mentions read every "@" of a comment, and each names only the reader with the longest matching name:
    /// before, only a name's first occurrence counted, and "@Ada Two" also mentioned a reader called "Ada".
    /// </summary>
    public partial class MentionsLongestName : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlObjects.Read("Functions/comments_fill_inbox.sql", "40e535a455c63f3d"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The Inbox migration's definition: a name's first occurrence only, shorter names matching too.
            migrationBuilder.Sql(Inbox.CommentsFillInboxAsApplied);
        }
    }
}
