-- A done mark changes what agreement counts for the transcript (and what its page shows: how many readers
-- finished it), so marking and undoing move its page version like a tagging does; agreement results are
-- cached by these versions. ON CONFLICT DO NOTHING inserts no row and touches nothing.
CREATE OR REPLACE FUNCTION done_marks_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids bigint[] := '{}';
BEGIN
    IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM old_rows); END IF;
    IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM new_rows); END IF;
    PERFORM touch_transcript_pages(ARRAY(SELECT DISTINCT unnest(ids)));
    RETURN NULL;
END $$;
