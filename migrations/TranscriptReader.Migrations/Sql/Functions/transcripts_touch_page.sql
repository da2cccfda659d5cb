-- Any other change to the transcript row itself (title, lock, last activity) moves its version.
CREATE OR REPLACE FUNCTION transcripts_touch_page() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.page_version = OLD.page_version THEN
        NEW.page_version := greatest(OLD.page_version + 1, page_clock());
    END IF;
    RETURN NEW;
END $$;
