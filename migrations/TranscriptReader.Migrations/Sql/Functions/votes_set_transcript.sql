-- A tagging never changes transcript, so its votes' copy is set once, on insert, whatever the inserting code
-- sends. A vote for a tagging deleted a moment ago must still fail on the foreign key (which the app answers
-- with 404), not on a NULL here, so the value sent stays when there is no tagging.
CREATE OR REPLACE FUNCTION votes_set_transcript() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.transcript_id := coalesce((SELECT transcript_id FROM taggings WHERE id = NEW.tagging_id), NEW.transcript_id, 0);
    RETURN NEW;
END $$;
