CREATE OR REPLACE TRIGGER collections_bump_page_epoch AFTER UPDATE OR DELETE ON collections
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_epoch();
