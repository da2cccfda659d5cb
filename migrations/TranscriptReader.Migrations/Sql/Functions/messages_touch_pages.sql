-- Reassigning speakers' roles updates messages, which the transcript page shows; inserts come with a new
-- transcript (not yet cached) and deletes with its deletion.
CREATE OR REPLACE FUNCTION messages_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM touch_transcript_pages(ARRAY(SELECT transcript_id FROM new_rows UNION SELECT transcript_id FROM old_rows));
    RETURN NULL;
END $$;
