-- A slot raised (touch_transcript_pages) is a new page version: announce it like a change of the row's own version.
CREATE OR REPLACE TRIGGER page_version_slots_notify AFTER INSERT OR UPDATE OF version ON page_version_slots
    FOR EACH ROW EXECUTE FUNCTION notify_page_version_slot();
