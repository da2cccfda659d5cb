-- A counter-proposal: another reader tags exactly the same passage with another label. Each earlier tagger
-- of that passage hears of it once per proposing reader. Taggings put back by a label-merge undo are not news.
-- An earlier tagging that its reader deletes at this moment fails the item's foreign key once that delete
-- commits; the news is moot then, and must not fail the new tagging (it did: a 500 under concurrent readers).
CREATE OR REPLACE FUNCTION taggings_fill_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('transcriptreader.skip_page_versions', true) = 'on' THEN
        RETURN NULL;
    END IF;
    BEGIN
        INSERT INTO inbox_items (user_id, kind, transcript_id, tagging_id, actor_id)
        SELECT DISTINCT ON (t.user_id) t.user_id, 'counter', t.transcript_id, t.id, NEW.user_id FROM taggings t
        WHERE t.block_id = NEW.block_id AND t.start = NEW.start AND t."end" = NEW."end"
          AND t.label_id <> NEW.label_id AND t.user_id <> NEW.user_id
        ORDER BY t.user_id, t.id
        ON CONFLICT DO NOTHING;
    EXCEPTION WHEN foreign_key_violation THEN
        NULL;
    END;
    RETURN NULL;
END $$;
