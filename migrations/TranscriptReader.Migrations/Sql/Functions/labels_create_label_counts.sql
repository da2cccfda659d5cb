-- Every label has its label_counts row from the start, so a tagging only ever locks an existing row.
CREATE OR REPLACE FUNCTION labels_create_label_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO label_counts (label_id, taggings, transcripts, readers)
    SELECT id, 0, 0, 0 FROM new_rows ORDER BY id ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
