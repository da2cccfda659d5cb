-- Inbox items for a new comment: at most one per reader, for the most specific reason (a reply to their
-- comment, then an @name mention, then a comment in the thread of their tagging, then a transcript they
-- watch), never for the author. A mention is "@" followed by a reader's exact name (any case) and then no
-- letter, digit or "_", so "@Adam" does not mention "Ada". Every "@" counts (the first 100), and each names at
-- most one reader, the one with the longest such name: "@Ada Two" mentions "Ada Two", not also "Ada".
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
        SELECT m.user_id, 'mention', 2 FROM (
            SELECT DISTINCT ON (a.at) u.id AS user_id
            FROM generate_series(1, least(regexp_count(body, '@'), 100)) n(i),
                 LATERAL (SELECT regexp_instr(body, '@', 1, n.i) AS at) a,
                 LATERAL (SELECT lower(u0.user_name) AS name, u0.id FROM "AspNetUsers" u0
                          WHERE u0.user_name IS NOT NULL AND u0.user_name <> ''
                            AND u0.normalized_user_name NOT LIKE 'DELETED-READER:%'
                            AND strpos(body, '@' || lower(u0.user_name)) > 0) u
            WHERE substr(body, a.at + 1, length(u.name)) = u.name
              AND substr(body, a.at + 1 + length(u.name), 1) !~ '[[:alnum:]_]'
            ORDER BY a.at, length(u.name) DESC
        ) m
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
