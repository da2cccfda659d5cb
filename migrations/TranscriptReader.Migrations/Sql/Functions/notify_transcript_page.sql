-- Live updates: every app node LISTENs on transcript_pages and tells the readers it holds. The payload is
-- "<transcript id> <page version>": ids and versions only (a NOTIFY carries at most 8,000 bytes, and what a
-- reader may see is decided when their page fetches the new version). NOTIFY is delivered at commit, so a
-- rolled-back write announces nothing; identical payloads of one transaction arrive once.
CREATE OR REPLACE FUNCTION notify_transcript_page() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('transcript_pages', NEW.id::text || ' ' || NEW.page_version::text);
    RETURN NULL;
END $$;
