-- A trigger with transition tables fires for one event only, so done_marks has one per event (see done_marks_touch_pages()).
CREATE OR REPLACE TRIGGER done_marks_touch_pages_update AFTER UPDATE ON done_marks
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION done_marks_touch_pages();
