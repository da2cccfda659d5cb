-- See messages_touch_pages(): an update of messages (a role reassigned) moves the page version of their transcripts.
CREATE OR REPLACE TRIGGER messages_touch_pages_update AFTER UPDATE ON messages
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION messages_touch_pages();
