-- Live updates for writes that raise a page-version slot (taggings, votes, comments, done marks): the same
-- "<transcript id> <page version>" payload as notify_transcript_page. The version is the one this transaction
-- sees, which can be lower than the committed one when writers on the transcript commit concurrently; the
-- listener therefore reads the committed version again before telling readers (LiveListener).
CREATE OR REPLACE FUNCTION notify_page_version_slot() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('transcript_pages', NEW.transcript_id::text || ' ' || transcript_page_version(NEW.transcript_id)::text);
    RETURN NULL;
END $$;
