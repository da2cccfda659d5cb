-- A trigger with transition tables fires for one event only, so taggings has one per event (see taggings_touch_pages()).
CREATE OR REPLACE TRIGGER taggings_touch_pages_insert AFTER INSERT ON taggings
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION taggings_touch_pages();
