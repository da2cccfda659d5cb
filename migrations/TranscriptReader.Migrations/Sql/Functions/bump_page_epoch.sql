-- Labels, aliases, collections and reader names show on every transcript page: one shared epoch outdates them all.
CREATE OR REPLACE FUNCTION bump_page_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE page_epoch SET value = greatest(value + 1, page_clock());
    RETURN NULL;
END $$;
