-- The transcript page is cached per (transcript, page version, epoch). Triggers, not app code, move the
-- counters, so every write path (API, pages, admin CLI, cascades, plain SQL) invalidates the cache on
-- every app instance. The setting is set only by label_merge_apply and label_merge_undo (SET clauses).
-- A write raises one of the transcript's page_version_slots, taking a slot no other transaction holds
-- (SKIP LOCKED), so concurrent writers on one transcript never wait for each other's commit; a new slot is
-- added only when all are held at once. The transcript row itself is not touched.
CREATE OR REPLACE FUNCTION touch_transcript_pages(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    one bigint;
    picked int;
BEGIN
    -- A label merge or undo moves the epoch, which covers every page; per-transcript
    -- bumps there would only make it wait on (and risk deadlocks with) readers' votes.
    IF current_setting('transcriptreader.skip_page_versions', true) = 'on' OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    -- One order for statements that touch several transcripts (a new slot may wait for a concurrent insert of it).
    FOREACH one IN ARRAY ARRAY(SELECT DISTINCT unnest(ids) ORDER BY 1) LOOP
        LOOP
            SELECT slot INTO picked FROM page_version_slots WHERE transcript_id = one ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED;
            IF FOUND THEN
                UPDATE page_version_slots SET version = greatest(version + 1, page_clock()) WHERE transcript_id = one AND slot = picked;
                EXIT;
            END IF;
            -- A transcript being deleted (its taggings go by cascade) gets no slot.
            INSERT INTO page_version_slots (transcript_id, slot, version)
            SELECT one, coalesce((SELECT max(slot) + 1 FROM page_version_slots WHERE transcript_id = one), 0), page_clock()
            WHERE EXISTS (SELECT 1 FROM transcripts WHERE id = one)
            ON CONFLICT DO NOTHING;
            EXIT WHEN FOUND OR NOT EXISTS (SELECT 1 FROM transcripts WHERE id = one);
        END LOOP;
    END LOOP;
END $$;
