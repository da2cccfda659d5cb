using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <summary>
    /// label_counts with its reference counts, kept by triggers and backfilled here: the label catalog, the API
    /// list and the label page read one row per label instead of counting every tagging on each request.
    /// </summary>
    public partial class LabelCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "label_counts",
                columns: table => new
                {
                    label_id = table.Column<int>(type: "integer", nullable: false),
                    taggings = table.Column<int>(type: "integer", nullable: false),
                    transcripts = table.Column<int>(type: "integer", nullable: false),
                    readers = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_label_counts", x => x.label_id);
                    table.ForeignKey(
                        name: "fk_label_counts_labels_label_id",
                        column: x => x.label_id,
                        principalTable: "labels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "label_reader_counts",
                columns: table => new
                {
                    label_id = table.Column<int>(type: "integer", nullable: false),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    taggings = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_label_reader_counts", x => new { x.label_id, x.user_id });
                });

            migrationBuilder.CreateTable(
                name: "label_transcript_counts",
                columns: table => new
                {
                    label_id = table.Column<int>(type: "integer", nullable: false),
                    transcript_id = table.Column<long>(type: "bigint", nullable: false),
                    taggings = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_label_transcript_counts", x => new { x.label_id, x.transcript_id });
                });

            // Label counts kept by triggers instead of counted on every catalog request (issue 15, finding 6).
            migrationBuilder.Sql(SqlObjects.Read("Functions/label_canonical_of.sql", "aa1d55b9088e5eb4"));
            migrationBuilder.Sql(SqlObjects.Read("Functions/label_counts_lock.sql", "2a4e2c64cc2f4ef9"));
            migrationBuilder.Sql(SqlObjects.Read("Functions/taggings_update_label_counts.sql", "7a169c94af555f50"));
            migrationBuilder.Sql(SqlObjects.Read("Functions/labels_move_label_counts.sql", "acf75d9d2b4139aa"));
            migrationBuilder.Sql(SqlObjects.Read("Functions/labels_create_label_counts.sql", "563d5edae13229e2"));
            // Writers wait until the backfill commits, and the triggers count every write after it: nothing is
            // counted twice or missed. SHARE allows reads and blocks writes.
            migrationBuilder.Sql("LOCK TABLE labels, taggings IN SHARE MODE;");
            migrationBuilder.Sql(SqlObjects.Read("Triggers/labels_create_label_counts.sql", "6c8431b59dc1d846"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/labels_move_label_counts.sql", "bb2fb01d93bb39ee"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/taggings_update_label_counts_insert.sql", "49a15d9f601547e3"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/taggings_update_label_counts_delete.sql", "a31bccddc02aa7b1"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/taggings_update_label_counts_update.sql", "bd6a5c2ad9a8aaa8"));
            migrationBuilder.Sql("""
                INSERT INTO label_counts (label_id, taggings, transcripts, readers) SELECT id, 0, 0, 0 FROM labels;
                INSERT INTO label_transcript_counts (label_id, transcript_id, taggings)
                SELECT f.canonical_id, t.transcript_id, count(*) FROM taggings t JOIN label_canonical f ON f.id = t.label_id GROUP BY 1, 2;
                INSERT INTO label_reader_counts (label_id, user_id, taggings)
                SELECT f.canonical_id, t.user_id, count(*) FROM taggings t JOIN label_canonical f ON f.id = t.label_id GROUP BY 1, 2;
                UPDATE label_counts lc SET taggings = t.n, transcripts = t.k, readers = r.k
                FROM (SELECT label_id, sum(taggings)::integer AS n, count(*)::integer AS k FROM label_transcript_counts GROUP BY 1) t
                JOIN (SELECT label_id, count(*)::integer AS k FROM label_reader_counts GROUP BY 1) r USING (label_id)
                WHERE lc.label_id = t.label_id;
                ANALYZE label_counts, label_transcript_counts, label_reader_counts;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER taggings_update_label_counts_update ON taggings;
                DROP TRIGGER taggings_update_label_counts_delete ON taggings;
                DROP TRIGGER taggings_update_label_counts_insert ON taggings;
                DROP TRIGGER labels_move_label_counts ON labels;
                DROP TRIGGER labels_create_label_counts ON labels;
                DROP FUNCTION labels_create_label_counts();
                DROP FUNCTION labels_move_label_counts();
                DROP FUNCTION taggings_update_label_counts();
                DROP FUNCTION label_counts_lock(integer[]);
                DROP FUNCTION label_canonical_of(integer[]);
                """);

            migrationBuilder.DropTable(
                name: "label_counts");

            migrationBuilder.DropTable(
                name: "label_reader_counts");

            migrationBuilder.DropTable(
                name: "label_transcript_counts");
        }
    }
}
