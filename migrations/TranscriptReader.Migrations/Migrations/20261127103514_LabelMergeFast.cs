using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class LabelMergeFast : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Merges leave taggings on the label they were applied with; this view says which live label
            // each label's taggings count under. Merges into a merged label are refused, so chains end.
            migrationBuilder.Sql(SqlObjects.Read("Views/label_canonical.sql", "16add33e9fcac269"));

            migrationBuilder.AlterColumn<string>(
                name: "details",
                table: "label_merges",
                type: "json",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "jsonb");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP VIEW label_canonical;");

            migrationBuilder.AlterColumn<string>(
                name: "details",
                table: "label_merges",
                type: "jsonb",
                nullable: false,
                oldClrType: typeof(string),
                oldType: "json");
        }
    }
}
