-- A merge (merged_into_id set) or an undo (cleared) changes which live label a label's taggings count under;
-- this moves their counts in label_counts and its reference counts. A label that was live hands over its own
-- rows, which are exactly its taggings' (merges included): no tagging is read. One that was merged away
-- (an undo) has its taggings, and those of labels merged into it, counted again through the label index and
-- taken off the label they counted under. Both labels' label_counts rows are locked first, in id order (see
-- label_counts_lock), so a tagging written meanwhile is counted before the move or after it, never lost.
-- The old live label is resolved after the statement, so one statement should not also re-point that label.
CREATE OR REPLACE FUNCTION labels_move_label_counts() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    moved record;
    involved integer[];
BEGIN
    -- The label itself (its own rows while it was live) and the live labels before and after.
    SELECT array_agg(DISTINCT x ORDER BY x) INTO involved FROM (
        SELECT unnest(ARRAY[o.id,
            (SELECT c.canonical_id FROM label_canonical_of(ARRAY[o.merged_into_id]) c),
            (SELECT c.canonical_id FROM label_canonical_of(ARRAY[o.id]) c)]) AS x
        FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.merged_into_id IS DISTINCT FROM n.merged_into_id) c
    WHERE x IS NOT NULL;
    IF involved IS NULL THEN
        RETURN NULL;
    END IF;
    -- Merges and undos of these labels wait for each other on the labels rows (LabelMerger), so unlike a
    -- tagging this needs no second look at what the labels resolve to.
    INSERT INTO label_counts (label_id, taggings, transcripts, readers)
    SELECT x, 0, 0, 0 FROM unnest(involved) x WHERE NOT EXISTS (SELECT 1 FROM label_counts lc WHERE lc.label_id = x)
    ON CONFLICT DO NOTHING;
    PERFORM 1 FROM label_counts WHERE label_id = ANY(involved) ORDER BY label_id FOR UPDATE;

    FOR moved IN
        SELECT o.id, o.merged_into_id AS was_into,
            CASE WHEN o.merged_into_id IS NULL THEN o.id ELSE (SELECT c.canonical_id FROM label_canonical_of(ARRAY[o.merged_into_id]) c) END AS old_canonical,
            (SELECT c.canonical_id FROM label_canonical_of(ARRAY[o.id]) c) AS new_canonical
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.merged_into_id IS DISTINCT FROM n.merged_into_id
        ORDER BY o.id
    LOOP
        CONTINUE WHEN moved.old_canonical = moved.new_canonical;
        IF moved.was_into IS NULL THEN
            WITH src AS (DELETE FROM label_transcript_counts WHERE label_id = moved.id RETURNING transcript_id, taggings)
            INSERT INTO label_transcript_counts AS x (label_id, transcript_id, taggings)
            SELECT moved.new_canonical, transcript_id, taggings FROM src WHERE taggings > 0 ORDER BY transcript_id
            ON CONFLICT (label_id, transcript_id) DO UPDATE SET taggings = x.taggings + excluded.taggings;
            WITH src AS (DELETE FROM label_reader_counts WHERE label_id = moved.id RETURNING user_id, taggings)
            INSERT INTO label_reader_counts AS x (label_id, user_id, taggings)
            SELECT moved.new_canonical, user_id, taggings FROM src WHERE taggings > 0 ORDER BY user_id
            ON CONFLICT (label_id, user_id) DO UPDATE SET taggings = x.taggings + excluded.taggings;
        ELSE
            WITH RECURSIVE fam(id) AS (
                SELECT moved.id UNION ALL SELECT l.id FROM labels l JOIN fam ON l.merged_into_id = fam.id),
            src AS (SELECT transcript_id, count(*)::integer AS n FROM taggings WHERE label_id IN (SELECT id FROM fam) GROUP BY 1),
            taken AS (UPDATE label_transcript_counts x SET taggings = x.taggings - src.n FROM src
                      WHERE x.label_id = moved.old_canonical AND x.transcript_id = src.transcript_id)
            INSERT INTO label_transcript_counts AS x (label_id, transcript_id, taggings)
            SELECT moved.new_canonical, transcript_id, n FROM src ORDER BY transcript_id
            ON CONFLICT (label_id, transcript_id) DO UPDATE SET taggings = x.taggings + excluded.taggings;
            WITH RECURSIVE fam(id) AS (
                SELECT moved.id UNION ALL SELECT l.id FROM labels l JOIN fam ON l.merged_into_id = fam.id),
            src AS (SELECT user_id, count(*)::integer AS n FROM taggings WHERE label_id IN (SELECT id FROM fam) GROUP BY 1),
            taken AS (UPDATE label_reader_counts x SET taggings = x.taggings - src.n FROM src
                      WHERE x.label_id = moved.old_canonical AND x.user_id = src.user_id)
            INSERT INTO label_reader_counts AS x (label_id, user_id, taggings)
            SELECT moved.new_canonical, user_id, n FROM src ORDER BY user_id
            ON CONFLICT (label_id, user_id) DO UPDATE SET taggings = x.taggings + excluded.taggings;
        END IF;
    END LOOP;

    -- The labels' rows are locked: zeros can go, and the figures are those of the rows that remain.
    DELETE FROM label_transcript_counts WHERE label_id = ANY(involved) AND taggings = 0;
    DELETE FROM label_reader_counts WHERE label_id = ANY(involved) AND taggings = 0;
    UPDATE label_counts lc SET taggings = coalesce(t.n, 0), transcripts = coalesce(t.k, 0), readers = coalesce(r.k, 0)
    FROM unnest(involved) i(id)
    LEFT JOIN (SELECT label_id, sum(taggings)::integer AS n, count(*)::integer AS k FROM label_transcript_counts
               WHERE label_id = ANY(involved) GROUP BY 1) t ON t.label_id = i.id
    LEFT JOIN (SELECT label_id, count(*)::integer AS k FROM label_reader_counts WHERE label_id = ANY(involved) GROUP BY 1) r ON r.label_id = i.id
    WHERE lc.label_id = i.id;
    RETURN NULL;
END $$;
