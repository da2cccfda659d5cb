-- A dispute of someone's tagging goes to their inbox once per disputing reader (changing the vote back and
-- forth adds nothing). Votes put back by a label-merge undo (skip_page_versions) are not news.
CREATE OR REPLACE FUNCTION votes_fill_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('transcriptreader.skip_page_versions', true) = 'on' THEN
        RETURN NULL;
    END IF;
    INSERT INTO inbox_items (user_id, kind, transcript_id, tagging_id, actor_id)
    SELECT t.user_id, 'dispute', t.transcript_id, t.id, NEW.user_id FROM taggings t
    WHERE t.id = NEW.tagging_id AND t.user_id <> NEW.user_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
