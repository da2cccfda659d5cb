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
            // The statements are those of Sql/Functions/messages_touch_pages.sql and Sql/Triggers/messages_touch_pages_update.sql.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION messages_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM touch_transcript_pages(ARRAY(SELECT transcript_id FROM new_rows UNION SELECT transcript_id FROM old_rows));
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE TRIGGER messages_touch_pages_update AFTER UPDATE ON messages
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION messages_touch_pages();
                """);
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
