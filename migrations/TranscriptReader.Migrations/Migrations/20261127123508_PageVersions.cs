using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class PageVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Versions are microsecond timestamps (kept increasing): after a restore from backup, or with ids
            // reused by a recreated database, new states get versions no cache has seen, so an app instance
            // that kept running can never mistake them for a page it rendered before.
            migrationBuilder.Sql(SqlObjects.Read("Functions/page_clock.sql", "9603ab21359bf347"));

            migrationBuilder.AddColumn<long>(
                name: "page_version",
                table: "transcripts",
                type: "bigint",
                nullable: false,
                defaultValueSql: "page_clock()");

            migrationBuilder.CreateTable(
                name: "page_epoch",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_page_epoch", x => x.id);
                    table.CheckConstraint("ck_page_epoch_single_row", "id = 1");
                });

            migrationBuilder.InsertData(
                table: "page_epoch",
                columns: new[] { "id", "value" },
                values: new object[] { 1, 0L });

            // The transcript page is cached per (transcript, page_version, epoch). Triggers, not app code,
            // move the counters, so every write path (API, pages, admin CLI, cascades, plain SQL) invalidates
            // the cache on every app instance. Statement-level triggers with transition tables touch each
            // affected transcript once per statement, also for bulk statements.
            // PageVersionSlots replaced this definition (Functions/touch_transcript_pages.sql), so it stays as it was here.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION touch_transcript_pages(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    -- A label merge or undo moves the epoch, which covers every page; per-transcript
                    -- bumps there would only make it wait on (and risk deadlocks with) readers' votes.
                    IF current_setting('transcriptreader.skip_page_versions', true) = 'on' OR cardinality(ids) = 0 THEN
                        RETURN;
                    END IF;
                    IF cardinality(ids) > 1 THEN
                        -- One lock order for statements that touch several transcripts.
                        PERFORM 1 FROM transcripts WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
                    END IF;
                    UPDATE transcripts SET page_version = greatest(page_version + 1, page_clock()) WHERE id = ANY(ids);
                END $$;
                """);
            migrationBuilder.Sql(SqlObjects.Read("Functions/taggings_touch_pages.sql", "638be62b897605ec"));
            // Votes and comments of a tagging being deleted go with it; the tagging's own trigger covers that.
            // VoteTranscript replaced this definition (Functions/votes_touch_pages.sql), so it stays as it was here.
            migrationBuilder.Sql("""
                CREATE FUNCTION votes_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE ids bigint[] := '{}';
                BEGIN
                    IF TG_OP <> 'INSERT' THEN
                        ids := ids || ARRAY(SELECT t.transcript_id FROM taggings t WHERE t.id IN (SELECT tagging_id FROM old_rows));
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        ids := ids || ARRAY(SELECT t.transcript_id FROM taggings t WHERE t.id IN (SELECT tagging_id FROM new_rows));
                    END IF;
                    PERFORM touch_transcript_pages(ARRAY(SELECT DISTINCT unnest(ids)));
                    RETURN NULL;
                END $$;
                """);
            foreach (var (file, pin) in new[]
            {
                ("Functions/comments_touch_pages.sql", "f90ec2d358699658"),
                ("Triggers/taggings_touch_pages_insert.sql", "4c2c0b2db130d760"),
                ("Triggers/taggings_touch_pages_update.sql", "de8eba2155ed3160"),
                ("Triggers/taggings_touch_pages_delete.sql", "1c4b8bfb414fd0b7"),
                ("Triggers/votes_touch_pages_insert.sql", "115e720eb9fa7af6"),
                ("Triggers/votes_touch_pages_update.sql", "aafb33d3d3ecdbd7"),
                ("Triggers/votes_touch_pages_delete.sql", "122a257337b969e9"),
                ("Triggers/comments_touch_pages_insert.sql", "93bc3a7c99f1550a"),
                ("Triggers/comments_touch_pages_update.sql", "0d5887065eed5ded"),
                ("Triggers/comments_touch_pages_delete.sql", "c0ba9a54458838c9"),
                ("Functions/transcripts_touch_page.sql", "2fe82e0c546f27ca"),
                ("Triggers/transcripts_touch_page.sql", "c511a78434ac4325"),
                ("Functions/bump_page_epoch.sql", "2adac3ca88d2b288"),
                ("Triggers/labels_bump_page_epoch.sql", "e59d2d9fd455775e"),
                ("Triggers/label_aliases_bump_page_epoch.sql", "6de1516a4c3653bf"),
                ("Triggers/collections_bump_page_epoch.sql", "b5d7f8ee50a9e3f0"),
                ("Triggers/users_bump_page_epoch.sql", "f10f04092e27a8a6"),
            })
            {
                migrationBuilder.Sql(SqlObjects.Read(file, pin));
            }
            migrationBuilder.Sql("UPDATE page_epoch SET value = page_clock();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER users_bump_page_epoch ON "AspNetUsers";
                DROP TRIGGER collections_bump_page_epoch ON collections;
                DROP TRIGGER label_aliases_bump_page_epoch ON label_aliases;
                DROP TRIGGER labels_bump_page_epoch ON labels;
                DROP FUNCTION bump_page_epoch();
                DROP TRIGGER transcripts_touch_page ON transcripts;
                DROP FUNCTION transcripts_touch_page();
                DROP TRIGGER comments_touch_pages_insert ON comments;
                DROP TRIGGER comments_touch_pages_update ON comments;
                DROP TRIGGER comments_touch_pages_delete ON comments;
                DROP TRIGGER votes_touch_pages_insert ON votes;
                DROP TRIGGER votes_touch_pages_update ON votes;
                DROP TRIGGER votes_touch_pages_delete ON votes;
                DROP TRIGGER taggings_touch_pages_insert ON taggings;
                DROP TRIGGER taggings_touch_pages_update ON taggings;
                DROP TRIGGER taggings_touch_pages_delete ON taggings;
                DROP FUNCTION comments_touch_pages();
                DROP FUNCTION votes_touch_pages();
                DROP FUNCTION taggings_touch_pages();
                DROP FUNCTION touch_transcript_pages(bigint[]);
                """);

            migrationBuilder.DropTable(
                name: "page_epoch");

            migrationBuilder.DropColumn(
                name: "page_version",
                table: "transcripts");

            migrationBuilder.Sql("DROP FUNCTION page_clock();");
        }
    }
}
