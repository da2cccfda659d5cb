CREATE OR REPLACE TRIGGER inbox_items_notify_update AFTER UPDATE ON inbox_items
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION inbox_items_notify();
