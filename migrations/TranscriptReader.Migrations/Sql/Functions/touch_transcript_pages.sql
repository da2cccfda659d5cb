-- The transcript page is cached per (transcript, page_version, epoch). Triggers, not app code, move the
-- counters, so every write path (API, pages, admin CLI, cascades, plain SQL) invalidates the cache on
-- every app instance. The setting is set only by label_merge_apply and label_merge_undo (SET clauses).
CREATE OR REPLACE FUNCTION touch_transcript_pages(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- A label merge or undo moves the epoch, which covers every page; per-transcript
    -- bumps there would only make it wait on (and risk deadlocks with) readers' votes.
    IF current_setting('transcriptreader.skip_page_versions', true) = 'on' OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    IF cardinality(ids) > 1 THEN
        -- One lock order for statements that touch several transcripts.
        PERFORM 1 FROM transcripts WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
    END IF;
    UPDATE transcripts SET page_version = greatest(page_version + 1, page_clock()) WHERE id = ANY(ids);
END $$;
