-- Keeps label_counts and its reference counts (label_transcript_counts, label_reader_counts) exact on every
-- insert, delete and update of taggings, under the live label each row resolves to (see label_counts_lock).
-- Statement-level (transition tables), so a bulk statement or a cascade costs one pass, not one per row.
-- A (label, transcript) or (label, reader) row is touched only while its label's label_counts row is locked,
-- so the count of its non-zero rows moves exactly when one becomes zero or stops being zero. Rows of zero
-- stay (deleting them would race a concurrent increment for nothing); a merge or undo clears them.
-- Fires after taggings_touch_pages_* (triggers fire in name order): a tagging locks its transcript row first
-- and its label_counts rows second, like a vote or comment followed by a tagging in one transaction.
CREATE OR REPLACE FUNCTION taggings_update_label_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed text;
    raw_ids integer[];
    map_ids integer[];
    map_canon integer[];
BEGIN
    -- +1 per new row, -1 per old row; an update that keeps label, transcript and reader counts nothing.
    changed := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT label_id, transcript_id, user_id, 1 AS n FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT label_id, transcript_id, user_id, -1 AS n FROM old_rows'
        ELSE 'SELECT o.label_id, o.transcript_id, o.user_id, -1 AS n FROM old_rows o WHERE NOT EXISTS (
                  SELECT 1 FROM new_rows w WHERE w.id = o.id
                  AND (w.label_id, w.transcript_id, w.user_id) IS NOT DISTINCT FROM (o.label_id, o.transcript_id, o.user_id))
              UNION ALL
              SELECT w.label_id, w.transcript_id, w.user_id, 1 AS n FROM new_rows w WHERE NOT EXISTS (
                  SELECT 1 FROM old_rows o WHERE o.id = w.id
                  AND (w.label_id, w.transcript_id, w.user_id) IS NOT DISTINCT FROM (o.label_id, o.transcript_id, o.user_id))'
    END;
    EXECUTE 'SELECT array_agg(DISTINCT label_id) FROM (' || changed || ') c' INTO raw_ids;
    IF raw_ids IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT l.ids, l.canonical_ids INTO map_ids, map_canon FROM label_counts_lock(raw_ids) l;
    EXECUTE format($q$
        WITH c AS (%s),
        m AS (SELECT * FROM unnest($1::integer[], $2::integer[]) AS m(id, canonical_id)),
        d AS (SELECT m.canonical_id AS label_id, c.transcript_id, c.user_id, c.n FROM c JOIN m ON m.id = c.label_id),
        dt AS (SELECT label_id, transcript_id, sum(n)::integer AS n FROM d GROUP BY 1, 2 HAVING sum(n) <> 0),
        du AS (SELECT label_id, user_id, sum(n)::integer AS n FROM d GROUP BY 1, 2 HAVING sum(n) <> 0),
        ti AS (INSERT INTO label_transcript_counts AS x (label_id, transcript_id, taggings)
               SELECT label_id, transcript_id, n FROM dt WHERE n > 0 ORDER BY 1, 2
               ON CONFLICT (label_id, transcript_id) DO UPDATE SET taggings = x.taggings + excluded.taggings
               RETURNING x.label_id, x.transcript_id, x.taggings),
        tu AS (UPDATE label_transcript_counts x SET taggings = x.taggings + dt.n FROM dt
               WHERE dt.n < 0 AND x.label_id = dt.label_id AND x.transcript_id = dt.transcript_id
               RETURNING x.label_id, x.taggings),
        ui AS (INSERT INTO label_reader_counts AS x (label_id, user_id, taggings)
               SELECT label_id, user_id, n FROM du WHERE n > 0 ORDER BY 1, 2
               ON CONFLICT (label_id, user_id) DO UPDATE SET taggings = x.taggings + excluded.taggings
               RETURNING x.label_id, x.user_id, x.taggings),
        uu AS (UPDATE label_reader_counts x SET taggings = x.taggings + du.n FROM du
               WHERE du.n < 0 AND x.label_id = du.label_id AND x.user_id = du.user_id
               RETURNING x.label_id, x.taggings),
        -- A row whose count now equals what was added was zero (or new); one that reached zero was the last.
        k AS (SELECT ti.label_id, (ti.taggings = dt.n)::integer AS t, 0 AS r FROM ti JOIN dt USING (label_id, transcript_id)
              UNION ALL SELECT label_id, -(taggings = 0)::integer, 0 FROM tu
              UNION ALL SELECT ui.label_id, 0, (ui.taggings = du.n)::integer FROM ui JOIN du USING (label_id, user_id)
              UNION ALL SELECT label_id, 0, -(taggings = 0)::integer FROM uu),
        kk AS (SELECT label_id, sum(t)::integer AS t, sum(r)::integer AS r FROM k GROUP BY 1),
        tot AS (SELECT label_id, sum(n)::integer AS n FROM d GROUP BY 1)
        UPDATE label_counts lc
        SET taggings = lc.taggings + tot.n, transcripts = lc.transcripts + coalesce(kk.t, 0), readers = lc.readers + coalesce(kk.r, 0)
        FROM tot LEFT JOIN kk USING (label_id)
        WHERE lc.label_id = tot.label_id AND (tot.n <> 0 OR kk.t <> 0 OR kk.r <> 0)
        $q$, changed) USING map_ids, map_canon;
    RETURN NULL;
END $$;
