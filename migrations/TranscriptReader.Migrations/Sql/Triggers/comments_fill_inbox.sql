CREATE OR REPLACE TRIGGER comments_fill_inbox AFTER INSERT ON comments
    FOR EACH ROW EXECUTE FUNCTION comments_fill_inbox();
