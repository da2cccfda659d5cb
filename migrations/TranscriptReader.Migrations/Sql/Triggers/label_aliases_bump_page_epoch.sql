CREATE OR REPLACE TRIGGER label_aliases_bump_page_epoch AFTER INSERT OR UPDATE OR DELETE ON label_aliases
    FOR EACH STATEMENT EXECUTE FUNCTION bump_page_epoch();
