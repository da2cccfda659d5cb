CREATE OR REPLACE TRIGGER votes_fill_inbox AFTER INSERT OR UPDATE OF value ON votes
    FOR EACH ROW WHEN (NEW.value = -1) EXECUTE FUNCTION votes_fill_inbox();
