-- A trigger with transition tables fires for one event only, so comments has one per event (see comments_touch_pages()).
CREATE OR REPLACE TRIGGER comments_touch_pages_insert AFTER INSERT ON comments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION comments_touch_pages();
