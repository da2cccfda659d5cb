-- A trigger with transition tables fires for one event only, so comments has one per event (see comments_touch_pages()).
CREATE OR REPLACE TRIGGER comments_touch_pages_update AFTER UPDATE ON comments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION comments_touch_pages();
