-- A trigger with transition tables fires for one event only, so votes has one per event (see votes_touch_pages()).
CREATE OR REPLACE TRIGGER votes_touch_pages_update AFTER UPDATE ON votes
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION votes_touch_pages();
