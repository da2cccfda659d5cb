-- The epoch covers every transcript page (labels, aliases, collections, reader names): payload "* <epoch>".
CREATE OR REPLACE FUNCTION notify_page_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('transcript_pages', '* ' || NEW.value::text);
    RETURN NULL;
END $$;
