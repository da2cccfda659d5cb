-- A trigger with transition tables fires for one event only, so comments has one per event (see comments_touch_pages()).
CREATE OR REPLACE TRIGGER comments_touch_pages_delete AFTER DELETE ON comments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION comments_touch_pages();
