-- Resolves the given labels to the live labels their taggings count under and locks those labels'
-- label_counts rows (in id order, so two writers never wait on each other in a circle). A merge or undo
-- (labels_move_label_counts) locks the same rows before it moves counts; a writer that resolved a label
-- just before a merge of it committed finds, once it has the lock, that the label now resolves elsewhere,
-- and locks again. Returns the resolution that holds while the locks are held.
CREATE OR REPLACE FUNCTION label_counts_lock(raw_ids integer[], OUT ids integer[], OUT canonical_ids integer[])
    LANGUAGE plpgsql AS $$
DECLARE
    again integer[];
    live integer[];
BEGIN
    SELECT array_agg(c.id ORDER BY c.id), array_agg(c.canonical_id ORDER BY c.id) INTO ids, canonical_ids FROM label_canonical_of(raw_ids) c;
    LOOP
        live := ARRAY(SELECT DISTINCT x FROM unnest(canonical_ids) x ORDER BY 1);
        -- Every label gets its row when it is created (labels_create_label_counts); this only covers a row lost to hand edits.
        INSERT INTO label_counts (label_id, taggings, transcripts, readers)
        SELECT x, 0, 0, 0 FROM unnest(live) x WHERE NOT EXISTS (SELECT 1 FROM label_counts lc WHERE lc.label_id = x)
        ON CONFLICT DO NOTHING;
        PERFORM 1 FROM label_counts WHERE label_id = ANY(live) ORDER BY label_id FOR UPDATE;
        -- A statement of its own: it sees whatever merge committed while this one waited for the locks.
        SELECT array_agg(c.canonical_id ORDER BY c.id) INTO again FROM label_canonical_of(raw_ids) c;
        EXIT WHEN again IS NOT DISTINCT FROM canonical_ids;
        canonical_ids := again;
    END LOOP;
END $$;
