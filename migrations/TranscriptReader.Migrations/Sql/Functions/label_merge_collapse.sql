-- Groups every tagging counted under the sources and the target (fam: labels whose canonical label is one
-- of them) by (block, span, reader); the survivor is the target's tagging when present, else the lowest id.
-- Yields (collapsed_id, survivor_id) for source rows that are not survivors. Reader ids are only compared
-- for equality, so the byte-wise "C" collation sorts them fastest. A single STABLE SQL query, so PostgreSQL
-- inlines it into the preview and the merge and plans it with their values.
CREATE OR REPLACE FUNCTION label_merge_collapse(source_ids integer[], target_id integer)
    RETURNS TABLE (collapsed_id bigint, survivor_id bigint) LANGUAGE sql STABLE AS $$
    WITH fam AS (SELECT id, canonical_id FROM label_canonical WHERE canonical_id = ANY(source_ids) OR canonical_id = target_id),
    g AS (
      SELECT t.id,
        first_value(t.id) OVER (PARTITION BY t.block_id, t.start, t."end", t.user_id COLLATE "C" ORDER BY (f.canonical_id = target_id) DESC, t.id) AS survivor_id
      FROM taggings t JOIN fam f ON f.id = t.label_id)
    SELECT g.id, g.survivor_id FROM g WHERE g.id <> g.survivor_id
$$;
