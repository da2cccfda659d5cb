-- After the version moved (touch_transcript_pages, or transcripts_touch_page on any other change of the row):
-- a row trigger, because the BEFORE trigger may move page_version without it being in the SET list.
CREATE OR REPLACE TRIGGER transcripts_notify_page AFTER UPDATE ON transcripts
    FOR EACH ROW WHEN (OLD.page_version IS DISTINCT FROM NEW.page_version) EXECUTE FUNCTION notify_transcript_page();
