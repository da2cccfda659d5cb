-- A trigger with transition tables fires for one event only, so comments has one per event (see comments_update_comment_counts()).
CREATE OR REPLACE TRIGGER comments_update_comment_counts_delete AFTER DELETE ON comments
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION comments_update_comment_counts();
