-- The live label that each given label's taggings count under, walking merged_into_id up from each one:
-- label_canonical walks down from every live label, which costs the whole labels table for a few labels.
-- Labels that do not exist are left out.
CREATE OR REPLACE FUNCTION label_canonical_of(ids integer[]) RETURNS TABLE (id integer, canonical_id integer)
    LANGUAGE sql STABLE AS $$
    WITH RECURSIVE up(id, cur, depth) AS (
        SELECT l.id, l.id, 0 FROM labels l WHERE l.id = ANY(ids)
        UNION ALL
        SELECT up.id, l.merged_into_id, up.depth + 1 FROM up JOIN labels l ON l.id = up.cur
        WHERE l.merged_into_id IS NOT NULL AND up.depth < 1000)
    SELECT DISTINCT ON (up.id) up.id, up.cur FROM up ORDER BY up.id, up.depth DESC
$$;
