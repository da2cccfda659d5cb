-- Votes carry their tagging's transcript (votes_set_transcript), so no taggings join is needed. Votes of a
-- tagging being deleted go with it; the tagging's own trigger covers that.
CREATE OR REPLACE FUNCTION votes_touch_pages() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ids bigint[] := '{}';
BEGIN
    IF TG_OP <> 'INSERT' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM old_rows); END IF;
    IF TG_OP <> 'DELETE' THEN ids := ids || ARRAY(SELECT DISTINCT transcript_id FROM new_rows); END IF;
    PERFORM touch_transcript_pages(ARRAY(SELECT DISTINCT unnest(ids)));
    RETURN NULL;
END $$;
