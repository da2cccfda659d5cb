using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class CounterLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "alternative_to_id",
                table: "taggings",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_taggings_alternative_to_id",
                table: "taggings",
                column: "alternative_to_id");

            migrationBuilder.AddForeignKey(
                name: "fk_taggings_taggings_alternative_to_id",
                table: "taggings",
                column: "alternative_to_id",
                principalTable: "taggings",
                principalColumn: "id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_taggings_taggings_alternative_to_id",
                table: "taggings");

            migrationBuilder.DropIndex(
                name: "ix_taggings_alternative_to_id",
                table: "taggings");

            migrationBuilder.DropColumn(
                name: "alternative_to_id",
                table: "taggings");
        }
    }
}
