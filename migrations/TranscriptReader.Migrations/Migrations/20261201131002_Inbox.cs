using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TranscriptReader.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class Inbox : Migration
    {
        /// <summary>comments_fill_inbox as this migration applied it (a name's first occurrence only); also MentionsLongestName's Down.</summary>
        internal const string CommentsFillInboxAsApplied = """
                CREATE OR REPLACE FUNCTION comments_fill_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    transcript bigint := NEW.transcript_id;
                    tagging_owner text;
                    parent_author text;
                    body text := lower(NEW.body);
                BEGIN
                    IF NEW.tagging_id IS NOT NULL THEN
                        SELECT t.transcript_id, t.user_id INTO transcript, tagging_owner FROM taggings t WHERE t.id = NEW.tagging_id;
                    END IF;
                    IF NEW.parent_id IS NOT NULL THEN
                        SELECT c.author_id INTO parent_author FROM comments c WHERE c.id = NEW.parent_id;
                    END IF;
                    INSERT INTO inbox_items (user_id, kind, transcript_id, tagging_id, comment_id, actor_id)
                    SELECT DISTINCT ON (r.user_id) r.user_id, r.kind, transcript, NEW.tagging_id, NEW.id, NEW.author_id
                    FROM (
                        SELECT parent_author AS user_id, 'reply' AS kind, 1 AS rank WHERE parent_author IS NOT NULL
                        UNION ALL
                        SELECT u.id, 'mention', 2 FROM "AspNetUsers" u, LATERAL (SELECT position('@' || lower(u.user_name) IN body) AS at) p
                        WHERE strpos(body, '@') > 0 AND u.user_name IS NOT NULL AND u.user_name <> ''
                          AND u.normalized_user_name NOT LIKE 'DELETED-READER:%' AND p.at > 0
                          AND substr(body, p.at + 1 + length(u.user_name), 1) !~ '[[:alnum:]_]'
                        UNION ALL
                        SELECT tagging_owner, 'thread', 3 WHERE tagging_owner IS NOT NULL
                        UNION ALL
                        SELECT w.user_id, 'watch', 4 FROM transcript_watches w WHERE w.transcript_id = transcript
                    ) r
                    WHERE r.user_id <> NEW.author_id
                    ORDER BY r.user_id, r.rank
                    ON CONFLICT DO NOTHING;
                    RETURN NULL;
                END $$;
                """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inbox_items",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    transcript_id = table.Column<long>(type: "bigint", nullable: false),
                    tagging_id = table.Column<long>(type: "bigint", nullable: true),
                    comment_id = table.Column<long>(type: "bigint", nullable: true),
                    actor_id = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbox_items", x => x.id);
                    table.CheckConstraint("ck_inbox_items_kind", "kind IN ('reply', 'mention', 'thread', 'watch', 'dispute', 'counter')");
                    table.ForeignKey(
                        name: "fk_inbox_items_asp_net_users_actor_id",
                        column: x => x.actor_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_inbox_items_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_inbox_items_comments_comment_id",
                        column: x => x.comment_id,
                        principalTable: "comments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_inbox_items_taggings_tagging_id",
                        column: x => x.tagging_id,
                        principalTable: "taggings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_inbox_items_transcripts_transcript_id",
                        column: x => x.transcript_id,
                        principalTable: "transcripts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "transcript_watches",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "text", nullable: false),
                    transcript_id = table.Column<long>(type: "bigint", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_transcript_watches", x => new { x.user_id, x.transcript_id });
                    table.ForeignKey(
                        name: "fk_transcript_watches_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_transcript_watches_transcripts_transcript_id",
                        column: x => x.transcript_id,
                        principalTable: "transcripts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inbox_items_actor_id",
                table: "inbox_items",
                column: "actor_id");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_items_comment_id",
                table: "inbox_items",
                column: "comment_id");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_items_tagging_id",
                table: "inbox_items",
                column: "tagging_id");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_items_transcript_id",
                table: "inbox_items",
                column: "transcript_id");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_items_user_id_comment_id",
                table: "inbox_items",
                columns: new[] { "user_id", "comment_id" },
                unique: true,
                filter: "comment_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_inbox_items_user_id_created_at",
                table: "inbox_items",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_inbox_items_user_id_kind_tagging_id_actor_id",
                table: "inbox_items",
                columns: new[] { "user_id", "kind", "tagging_id", "actor_id" },
                unique: true,
                filter: "kind IN ('dispute', 'counter')");

            migrationBuilder.CreateIndex(
                name: "ix_transcript_watches_transcript_id",
                table: "transcript_watches",
                column: "transcript_id");

            // Inbox items are written by triggers, so every write path (API, pages, CLI, SQL) fills inboxes alike.
            // MentionsLongestName replaced this definition (Functions/comments_fill_inbox.sql), so it stays as it was here.
            migrationBuilder.Sql(CommentsFillInboxAsApplied);
            // TaggingsFillInboxPerStatement replaced these two (Functions/ and Triggers/taggings_fill_inbox.sql).
            migrationBuilder.Sql(TaggingsFillInboxPerStatement.TaggingsFillInboxAsApplied);
            migrationBuilder.Sql(TaggingsFillInboxPerStatement.TaggingsFillInboxTriggerAsApplied);
            foreach (var (path, pin) in new[]
            {
            ("Triggers/comments_fill_inbox.sql", "1b68aa3c9e1d7e15"),
            ("Functions/votes_fill_inbox.sql", "3087f3c4cacefdd6"),
            ("Triggers/votes_fill_inbox.sql", "b5930076fec89b35"),
            ("Functions/inbox_items_notify.sql", "d9342d7bd8506241"),
            ("Triggers/inbox_items_notify_insert.sql", "d778e5b121d70d72"),
            ("Triggers/inbox_items_notify_update.sql", "75bef2d7a5cc5286"),
            })
            {
                migrationBuilder.Sql(SqlObjects.Read(path, pin));
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER comments_fill_inbox ON comments;
                DROP FUNCTION comments_fill_inbox();
                DROP TRIGGER votes_fill_inbox ON votes;
                DROP FUNCTION votes_fill_inbox();
                DROP TRIGGER taggings_fill_inbox ON taggings;
                DROP FUNCTION taggings_fill_inbox();
                DROP TRIGGER inbox_items_notify_insert ON inbox_items;
                DROP TRIGGER inbox_items_notify_update ON inbox_items;
                DROP FUNCTION inbox_items_notify();
                """);
            migrationBuilder.DropTable(
                name: "inbox_items");

            migrationBuilder.DropTable(
                name: "transcript_watches");
        }
    }
}
