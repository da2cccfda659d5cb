-- Merges leave taggings on the label they were applied with; this view says which live label each label's
-- taggings count under. Merges into a merged label are refused, so chains end.
CREATE OR REPLACE VIEW label_canonical (id, canonical_id) AS
WITH RECURSIVE canon(id, canonical_id) AS (
    SELECT id, id FROM labels WHERE merged_into_id IS NULL
    UNION ALL
    SELECT l.id, canon.canonical_id FROM labels l JOIN canon ON l.merged_into_id = canon.id)
SELECT id, canonical_id FROM canon;
