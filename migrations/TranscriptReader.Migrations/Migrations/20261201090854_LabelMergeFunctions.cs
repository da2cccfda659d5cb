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
            foreach (var (file, pin) in new[]
            {
                ("Functions/label_merge_collapse.sql", "8b81e8fe4706db79"),
                ("Functions/label_merge_preview.sql", "a929d400a48ae52a"),
                ("Functions/label_merge_apply.sql", "5dc6e5401baf0d85"),
                ("Functions/label_merge_undo_blockers.sql", "7fdabbc7dddb4f0c"),
                ("Functions/label_merge_undo.sql", "4f4808742ba0573e"),
            })
            {
                migrationBuilder.Sql(SqlObjects.Read(file, pin));
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
