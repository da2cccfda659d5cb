CREATE OR REPLACE TRIGGER transcripts_touch_page BEFORE UPDATE ON transcripts
    FOR EACH ROW EXECUTE FUNCTION transcripts_touch_page();
