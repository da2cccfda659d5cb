using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <summary>
    /// Counter-proposal inbox items from one insert per statement instead of one per new tagging, each in its own
    /// subtransaction: a batch of 10,000 taggings ran 10,000 of them (issue 18).
    /// </summary>
    public partial class TaggingsFillInboxPerStatement : Migration
    {
        /// <summary>Functions/taggings_fill_inbox.sql as the Inbox migration applied it (row-level).</summary>
        internal const string TaggingsFillInboxAsApplied = """
                CREATE OR REPLACE FUNCTION taggings_fill_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF current_setting('transcriptreader.skip_page_versions', true) = 'on' THEN
                        RETURN NULL;
                    END IF;
                    BEGIN
                        INSERT INTO inbox_items (user_id, kind, transcript_id, tagging_id, actor_id)
                        SELECT DISTINCT ON (t.user_id) t.user_id, 'counter', t.transcript_id, t.id, NEW.user_id FROM taggings t
                        WHERE t.block_id = NEW.block_id AND t.start = NEW.start AND t."end" = NEW."end"
                          AND t.label_id <> NEW.label_id AND t.user_id <> NEW.user_id
                        ORDER BY t.user_id, t.id
                        ON CONFLICT DO NOTHING;
                    EXCEPTION WHEN foreign_key_violation THEN
                        NULL;
                    END;
                    RETURN NULL;
                END $$;
                """;

        /// <summary>Triggers/taggings_fill_inbox.sql as the Inbox migration applied it.</summary>
        internal const string TaggingsFillInboxTriggerAsApplied = """
                CREATE OR REPLACE TRIGGER taggings_fill_inbox AFTER INSERT ON taggings
                    FOR EACH ROW EXECUTE FUNCTION taggings_fill_inbox();
                """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A row-level trigger cannot be replaced by a statement-level one in place.
            migrationBuilder.Sql("DROP TRIGGER taggings_fill_inbox ON taggings;");
            migrationBuilder.Sql(SqlObjects.Read("Functions/taggings_fill_inbox.sql", "650fa427111466bf"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/taggings_fill_inbox.sql", "a2e65f92d1e104c8"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER taggings_fill_inbox ON taggings;");
            migrationBuilder.Sql(TaggingsFillInboxAsApplied);
            migrationBuilder.Sql(TaggingsFillInboxTriggerAsApplied);
        }
    }
}
