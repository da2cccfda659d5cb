using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LabelMergeFunctions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The merge and undo statements LabelMerger used to send one by one, as database functions: the
            // collapse is written once for preview and merge, and the page-version setting the triggers read is
            // set by the functions themselves (SET clauses), so no C# code knows it.
            foreach (var file in new[]
            {
                "Functions/label_merge_collapse.sql", "Functions/label_merge_preview.sql", "Functions/label_merge_apply.sql",
                "Functions/label_merge_undo_blockers.sql", "Functions/label_merge_undo.sql",
            })
            {
                migrationBuilder.Sql(SqlObjects.Read(file));
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION label_merge_undo(bigint, text, timestamptz);
                DROP FUNCTION label_merge_undo_blockers(bigint);
                DROP FUNCTION label_merge_apply(bigint);
                DROP FUNCTION label_merge_preview(integer[], integer);
                DROP FUNCTION label_merge_collapse(integer[], integer);
                """);
        }
    }
}
