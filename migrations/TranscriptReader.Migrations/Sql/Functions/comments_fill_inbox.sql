-- Inbox items for a new comment: at most one per reader, for the most specific reason (a reply to their
-- comment, then an @name mention, then a comment in the thread of their tagging, then a transcript they
-- watch), never for the author. A mention is "@" followed by the reader's exact name (any case) and then
-- no letter or digit, so "@Adam" does not mention "Ada".
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
