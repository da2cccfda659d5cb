-- A comment is on a transcript or on a tagging; comments of a tagging being deleted go with it, and the
-- tagging's own trigger covers that.
CREATE OR REPLACE FUNCTION comments_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids bigint[] := '{}';
BEGIN
    IF TG_OP <> 'INSERT' THEN
        ids := ids || ARRAY(SELECT transcript_id FROM old_rows WHERE transcript_id IS NOT NULL)
                   || ARRAY(SELECT t.transcript_id FROM taggings t WHERE t.id IN (SELECT tagging_id FROM old_rows));
    END IF;
    IF TG_OP <> 'DELETE' THEN
        ids := ids || ARRAY(SELECT transcript_id FROM new_rows WHERE transcript_id IS NOT NULL)
                   || ARRAY(SELECT t.transcript_id FROM taggings t WHERE t.id IN (SELECT tagging_id FROM new_rows));
    END IF;
    PERFORM touch_transcript_pages(ARRAY(SELECT DISTINCT unnest(ids)));
    RETURN NULL;
END $$;
