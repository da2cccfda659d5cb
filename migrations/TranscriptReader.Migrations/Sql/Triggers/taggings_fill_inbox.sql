CREATE OR REPLACE TRIGGER taggings_fill_inbox AFTER INSERT ON taggings
    FOR EACH ROW EXECUTE FUNCTION taggings_fill_inbox();
