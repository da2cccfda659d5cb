-- A trigger with transition tables fires for one event only, so comments has one per event (see comments_update_comment_counts()).
CREATE OR REPLACE TRIGGER comments_update_comment_counts_update AFTER UPDATE ON comments
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION comments_update_comment_counts();
