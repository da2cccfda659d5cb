using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class VoteTranscript : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_votes_user_id",
                table: "votes");

            migrationBuilder.AddColumn<long>(
                name: "transcript_id",
                table: "votes",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // A tagging never changes transcript, so its votes' copy is set once, on insert, whatever the
            // inserting code sends (undo re-inserts votes from merge records made before this column existed).
            migrationBuilder.Sql("""
                UPDATE votes v SET transcript_id = t.transcript_id FROM taggings t WHERE t.id = v.tagging_id;

                -- A vote for a tagging deleted a moment ago must still fail on the foreign key (which the app
                -- answers with 404), not on a NULL here, so the value sent stays when there is no tagging.
                CREATE FUNCTION votes_set_transcript() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.transcript_id := coalesce((SELECT transcript_id FROM taggings WHERE id = NEW.tagging_id), NEW.transcript_id, 0);
                    RETURN NEW;
                END $$;
                CREATE TRIGGER votes_set_transcript BEFORE INSERT ON votes
                    FOR EACH ROW EXECUTE FUNCTION votes_set_transcript();

                -- With the copy at hand, page versions no longer need the taggings join.
                CREATE OR REPLACE FUNCTION votes_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE ids bigint[] := '{}';
                BEGIN
                    IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM old_rows); END IF;
                    IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM new_rows); END IF;
                    PERFORM touch_transcript_pages(ARRAY(SELECT DISTINCT unnest(ids)));
                    RETURN NULL;
                END $$;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_votes_user_id_transcript_id",
                table: "votes",
                columns: new[] { "user_id", "transcript_id" })
                .Annotation("Npgsql:IndexInclude", new[] { "tagging_id", "value" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER votes_set_transcript ON votes;
                DROP FUNCTION votes_set_transcript();
                CREATE OR REPLACE FUNCTION votes_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
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

            migrationBuilder.DropIndex(
                name: "ix_votes_user_id_transcript_id",
                table: "votes");

            migrationBuilder.DropColumn(
                name: "transcript_id",
                table: "votes");

            migrationBuilder.CreateIndex(
                name: "ix_votes_user_id",
                table: "votes",
                column: "user_id");
        }
    }
}
