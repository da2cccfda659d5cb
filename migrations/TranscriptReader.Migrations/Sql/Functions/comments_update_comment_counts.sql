-- Keeps transcript_comment_counts and tagging_comment_counts exact on every insert, update and delete of
-- comments: +1 per visible new row, -1 per visible old row (visible: neither deleted nor hidden), by thread.
-- Statement-level (transition tables), so a bulk statement or a cascade costs one pass, not one per row.
-- A decrease only updates: when a tagging is deleted its comments go by cascade and no longer find it, and its
-- tagging_comment_counts row goes by its own cascade. Rows of zero stay (deleting them would race an increment).
CREATE OR REPLACE FUNCTION comments_update_comment_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed text;
BEGIN
    -- A transition table exists only for the events that have it, hence the statement is put together here.
    changed := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT transcript_id, tagging_id, 1 AS n FROM new_rows WHERE deleted_at IS NULL AND hidden_at IS NULL'
        WHEN 'DELETE' THEN 'SELECT transcript_id, tagging_id, -1 AS n FROM old_rows WHERE deleted_at IS NULL AND hidden_at IS NULL'
        ELSE 'SELECT transcript_id, tagging_id, 1 AS n FROM new_rows WHERE deleted_at IS NULL AND hidden_at IS NULL
              UNION ALL SELECT transcript_id, tagging_id, -1 AS n FROM old_rows WHERE deleted_at IS NULL AND hidden_at IS NULL'
    END;
    EXECUTE format($q$
        WITH c AS (%s),
        dt AS (SELECT transcript_id, sum(n)::integer AS n FROM c WHERE transcript_id IS NOT NULL GROUP BY 1 HAVING sum(n) <> 0),
        dg AS (SELECT tagging_id, sum(n)::integer AS n FROM c WHERE tagging_id IS NOT NULL GROUP BY 1 HAVING sum(n) <> 0),
        ti AS (INSERT INTO transcript_comment_counts AS x (transcript_id, comments)
               SELECT transcript_id, n FROM dt WHERE n > 0 ORDER BY 1
               ON CONFLICT (transcript_id) DO UPDATE SET comments = x.comments + excluded.comments),
        tu AS (UPDATE transcript_comment_counts x SET comments = x.comments + dt.n FROM dt
               WHERE dt.n < 0 AND x.transcript_id = dt.transcript_id),
        gi AS (INSERT INTO tagging_comment_counts AS x (tagging_id, transcript_id, comments)
               SELECT dg.tagging_id, t.transcript_id, dg.n FROM dg JOIN taggings t ON t.id = dg.tagging_id WHERE dg.n > 0 ORDER BY 1
               ON CONFLICT (tagging_id) DO UPDATE SET comments = x.comments + excluded.comments)
        UPDATE tagging_comment_counts x SET comments = x.comments + dg.n FROM dg WHERE dg.n < 0 AND x.tagging_id = dg.tagging_id
        $q$, changed);
    RETURN NULL;
END $$;
