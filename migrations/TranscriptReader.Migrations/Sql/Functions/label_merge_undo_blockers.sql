-- What in merge the_merge's undo record stands in the way of undoing it (the app checks the labels itself):
-- unreadable_version when label_merge_undo does not read the record's version (it reads 1 and 2: keep the
-- two lists equal), and lost_survivors: taggings that received votes or comments from collapsed ones and
-- were deleted since (that discussion is gone and cannot be given back).
CREATE OR REPLACE FUNCTION label_merge_undo_blockers(the_merge bigint, OUT unreadable_version integer, OUT lost_survivors bigint[])
    LANGUAGE sql STABLE AS $$
    -- json_each parses the (possibly large) record once; each member is then read on its own.
    WITH member AS MATERIALIZED (SELECT e.key, e.value FROM label_merges m, json_each(m.details) e WHERE m.id = the_merge),
    version AS (SELECT coalesce((SELECT value::text::integer FROM member WHERE key = 'version'), 1) AS v)
    SELECT
      (SELECT v FROM version WHERE v NOT IN (1, 2)),
      (SELECT coalesce(array_agg(DISTINCT s.id ORDER BY s.id), '{}') FROM (
         SELECT (x->>'to')::bigint AS id FROM member, json_array_elements(member.value) x WHERE member.key IN ('movedVotes', 'comments')) s
       WHERE NOT EXISTS (SELECT 1 FROM taggings t WHERE t.id = s.id))
$$;
