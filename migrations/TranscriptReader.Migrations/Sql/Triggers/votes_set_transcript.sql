CREATE OR REPLACE TRIGGER votes_set_transcript BEFORE INSERT ON votes
    FOR EACH ROW EXECUTE FUNCTION votes_set_transcript();
