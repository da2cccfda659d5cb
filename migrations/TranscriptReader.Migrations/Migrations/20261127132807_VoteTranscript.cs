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
            migrationBuilder.Sql("UPDATE votes v SET transcript_id = t.transcript_id FROM taggings t WHERE t.id = v.tagging_id;");
            migrationBuilder.Sql(SqlObjects.Read("Functions/votes_set_transcript.sql", "577ab857528dd837"));
            migrationBuilder.Sql(SqlObjects.Read("Triggers/votes_set_transcript.sql", "0c172561a3e20cc0"));
            // With the copy at hand, page versions no longer need the taggings join.
            migrationBuilder.Sql(SqlObjects.Read("Functions/votes_touch_pages.sql", "f77c5358a07a6567"));

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
