-- Identity rewrites every column of a user on each sign-in; only a changed name matters.
CREATE OR REPLACE TRIGGER users_bump_page_epoch AFTER UPDATE ON "AspNetUsers"
    FOR EACH ROW WHEN (OLD.user_name IS DISTINCT FROM NEW.user_name) EXECUTE FUNCTION bump_page_epoch();
