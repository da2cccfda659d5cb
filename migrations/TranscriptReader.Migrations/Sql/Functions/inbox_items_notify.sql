-- Live unread badges: each node hears which readers' inboxes changed (channel live_inbox, payload the user
-- id) and tells those it holds connections of; the count itself is read afresh.
CREATE OR REPLACE FUNCTION inbox_items_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('live_inbox', r.user_id) FROM (SELECT DISTINCT user_id FROM new_rows) r;
    RETURN NULL;
END $$;
