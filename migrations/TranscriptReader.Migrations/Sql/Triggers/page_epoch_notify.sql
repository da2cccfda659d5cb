CREATE OR REPLACE TRIGGER page_epoch_notify AFTER UPDATE ON page_epoch
    FOR EACH ROW WHEN (OLD.value IS DISTINCT FROM NEW.value) EXECUTE FUNCTION notify_page_epoch();
