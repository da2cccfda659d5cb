-- A trigger with transition tables fires for one event only: one for new items, one for items marked read.
CREATE OR REPLACE TRIGGER inbox_items_notify_insert AFTER INSERT ON inbox_items
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_notify();
