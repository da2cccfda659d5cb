using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class ImportRecipes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "image_sha256",
                table: "blocks",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "collection_members",
                columns: table => new
                {
                    collection_id = table.Column<int>(type: "integer", nullable: false),
                    transcript_id = table.Column<long>(type: "bigint", nullable: false),
                    added_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collection_members", x => new { x.collection_id, x.transcript_id });
                    table.ForeignKey(
                        name: "fk_collection_members_collections_collection_id",
                        column: x => x.collection_id,
                        principalTable: "collections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_collection_members_transcripts_transcript_id",
                        column: x => x.transcript_id,
                        principalTable: "transcripts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "images",
                columns: table => new
                {
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    media_type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    bytes = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_images", x => x.sha256);
                });

            migrationBuilder.CreateTable(
                name: "import_recipes",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    recipe = table.Column<string>(type: "jsonb", nullable: false),
                    created_by_id = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_import_recipes", x => x.id);
                    table.ForeignKey(
                        name: "fk_import_recipes_asp_net_users_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_blocks_image_sha256",
                table: "blocks",
                column: "image_sha256");

            migrationBuilder.CreateIndex(
                name: "ix_collection_members_transcript_id",
                table: "collection_members",
                column: "transcript_id");

            migrationBuilder.CreateIndex(
                name: "ix_import_recipes_created_by_id",
                table: "import_recipes",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_import_recipes_name",
                table: "import_recipes",
                column: "name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_blocks_images_image_sha256",
                table: "blocks",
                column: "image_sha256",
                principalTable: "images",
                principalColumn: "sha256",
                onDelete: ReferentialAction.Restrict);

            // Reassigning speakers' roles updates messages, which the transcript page shows: like taggings, votes
            // and comments (migration PageVersions), the update moves the page's version, whatever wrote it.
            migrationBuilder.Sql(SqlObjects.Read("Functions/messages_touch_pages.sql", "39eaee2d8f8cb7aa"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/messages_touch_pages_update.sql", "dc41f67d720ac340"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER messages_touch_pages_update ON messages;
                DROP FUNCTION messages_touch_pages();
                """);

            migrationBuilder.DropForeignKey(
                name: "fk_blocks_images_image_sha256",
                table: "blocks");

            migrationBuilder.DropTable(
                name: "collection_members");

            migrationBuilder.DropTable(
                name: "images");

            migrationBuilder.DropTable(
                name: "import_recipes");

            migrationBuilder.DropIndex(
                name: "ix_blocks_image_sha256",
                table: "blocks");

            migrationBuilder.DropColumn(
                name: "image_sha256",
                table: "blocks");
        }
    }
}
