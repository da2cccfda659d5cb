-- A counter-proposal: another reader tags exactly the same passage with another label. Each earlier tagger
-- of that passage hears of it once per proposing reader. Taggings put back by a label-merge undo are not news.
-- Statement-level (transition table): one insert per statement. Row by row, a batch of 10,000 taggings (or a
-- bulk load) ran 10,000 inserts, each in its own subtransaction (the exception block), and more than 64
-- subtransactions in one transaction make every other session's visibility checks consult pg_subtrans.
-- An earlier tagging that its reader deletes at this moment fails the item's foreign key once that delete
-- commits; the news is moot then, and must not fail the new taggings (it did: a 500 under concurrent readers).
-- Then the statement's items are retried row by row, so the other new taggings' news still arrives.
CREATE OR REPLACE FUNCTION taggings_fill_inbox() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n record;
BEGIN
    IF current_setting('transcriptreader.skip_page_versions', true) = 'on' THEN
        RETURN NULL;
    END IF;
    BEGIN
        INSERT INTO inbox_items (user_id, kind, transcript_id, tagging_id, actor_id)
        SELECT DISTINCT ON (w.id, t.user_id) t.user_id, 'counter', t.transcript_id, t.id, w.user_id
        FROM new_rows w JOIN taggings t
          ON t.block_id = w.block_id AND t.start = w.start AND t."end" = w."end"
         AND t.label_id <> w.label_id AND t.user_id <> w.user_id
        ORDER BY w.id, t.user_id, t.id
        ON CONFLICT DO NOTHING;
    EXCEPTION WHEN foreign_key_violation THEN
        FOR n IN SELECT * FROM new_rows ORDER BY id LOOP
            BEGIN
                INSERT INTO inbox_items (user_id, kind, transcript_id, tagging_id, actor_id)
                SELECT DISTINCT ON (t.user_id) t.user_id, 'counter', t.transcript_id, t.id, n.user_id FROM taggings t
                WHERE t.block_id = n.block_id AND t.start = n.start AND t."end" = n."end"
                  AND t.label_id <> n.label_id AND t.user_id <> n.user_id
                ORDER BY t.user_id, t.id
                ON CONFLICT DO NOTHING;
            EXCEPTION WHEN foreign_key_violation THEN
                NULL;
            END;
        END LOOP;
    END;
    RETURN NULL;
END $$;
