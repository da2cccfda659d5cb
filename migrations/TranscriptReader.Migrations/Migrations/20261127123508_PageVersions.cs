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
            migrationBuilder.Sql("""
                CREATE FUNCTION page_clock() RETURNS bigint LANGUAGE sql VOLATILE
                    AS $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint $$;
                """);

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
            migrationBuilder.Sql("""
                CREATE FUNCTION touch_transcript_pages(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
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

                CREATE FUNCTION taggings_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE ids bigint[] := '{}';
                BEGIN
                    IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM old_rows); END IF;
                    IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM new_rows); END IF;
                    PERFORM touch_transcript_pages(ARRAY(SELECT DISTINCT unnest(ids)));
                    RETURN NULL;
                END $$;

                -- Votes and comments of a tagging being deleted go with it; the tagging's own trigger covers that.
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

                CREATE FUNCTION comments_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE ids bigint[] := '{}';
                BEGIN
                    IF TG_OP <> 'INSERT' THEN
                        ids := ids || ARRAY(SELECT transcript_id FROM old_rows WHERE transcript_id IS NOT NULL)
                                   || ARRAY(SELECT t.transcript_id FROM taggings t WHERE t.id IN (SELECT tagging_id FROM old_rows));
                    END IF;
                    IF TG_OP <> 'DELETE' THEN
                        ids := ids || ARRAY(SELECT transcript_id FROM new_rows WHERE transcript_id IS NOT NULL)
                                   || ARRAY(SELECT t.transcript_id FROM taggings t WHERE t.id IN (SELECT tagging_id FROM new_rows));
                    END IF;
                    PERFORM touch_transcript_pages(ARRAY(SELECT DISTINCT unnest(ids)));
                    RETURN NULL;
                END $$;

                CREATE TRIGGER taggings_touch_pages_insert AFTER INSERT ON taggings
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION taggings_touch_pages();
                CREATE TRIGGER taggings_touch_pages_update AFTER UPDATE ON taggings
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION taggings_touch_pages();
                CREATE TRIGGER taggings_touch_pages_delete AFTER DELETE ON taggings
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION taggings_touch_pages();
                CREATE TRIGGER votes_touch_pages_insert AFTER INSERT ON votes
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION votes_touch_pages();
                CREATE TRIGGER votes_touch_pages_update AFTER UPDATE ON votes
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION votes_touch_pages();
                CREATE TRIGGER votes_touch_pages_delete AFTER DELETE ON votes
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION votes_touch_pages();
                CREATE TRIGGER comments_touch_pages_insert AFTER INSERT ON comments
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION comments_touch_pages();
                CREATE TRIGGER comments_touch_pages_update AFTER UPDATE ON comments
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION comments_touch_pages();
                CREATE TRIGGER comments_touch_pages_delete AFTER DELETE ON comments
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION comments_touch_pages();

                -- Any other change to the transcript row itself (title, lock, last activity) moves its version.
                CREATE FUNCTION transcripts_touch_page() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.page_version = OLD.page_version THEN
                        NEW.page_version := greatest(OLD.page_version + 1, page_clock());
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER transcripts_touch_page BEFORE UPDATE ON transcripts
                    FOR EACH ROW EXECUTE FUNCTION transcripts_touch_page();

                CREATE FUNCTION bump_page_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE page_epoch SET value = greatest(value + 1, page_clock());
                    RETURN NULL;
                END $$;
                CREATE TRIGGER labels_bump_page_epoch AFTER INSERT OR UPDATE OR DELETE ON labels
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_epoch();
                CREATE TRIGGER label_aliases_bump_page_epoch AFTER INSERT OR UPDATE OR DELETE ON label_aliases
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_epoch();
                CREATE TRIGGER collections_bump_page_epoch AFTER UPDATE OR DELETE ON collections
                    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_epoch();
                -- Identity rewrites every column of a user on each sign-in; only a changed name matters.
                CREATE TRIGGER users_bump_page_epoch AFTER UPDATE ON "AspNetUsers"
                    FOR EACH ROW WHEN (OLD.user_name IS DISTINCT FROM NEW.user_name) EXECUTE FUNCTION bump_page_epoch();
                """);
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
