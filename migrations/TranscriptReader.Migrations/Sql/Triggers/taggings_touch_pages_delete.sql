-- A trigger with transition tables fires for one event only, so taggings has one per event (see taggings_touch_pages()).
CREATE OR REPLACE TRIGGER taggings_touch_pages_delete AFTER DELETE ON taggings
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION taggings_touch_pages();
