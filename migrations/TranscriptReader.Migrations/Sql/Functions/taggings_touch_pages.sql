-- Statement-level (transition tables): each affected transcript is touched once per statement, also for bulk statements.
CREATE OR REPLACE FUNCTION taggings_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids bigint[] := '{}';
BEGIN
    IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM old_rows); END IF;
    IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM new_rows); END IF;
    PERFORM touch_transcript_pages(ARRAY(SELECT DISTINCT unnest(ids)));
    RETURN NULL;
END $$;
