-- Applies merge the_merge (its label_merges row names the sources and the target; the app has locked those
-- labels and validated them) and writes its undo record, version 2, to label_merges.details:
--   version       2 (a record without one is version 1: same members, rows as whole row_to_json objects)
--   collapsed     [{survivorId, row: {<taggings columns listed below>}}]  deleted source taggings, whole
--   votes         [{tagging_id, user_id, value, created_at}]              every vote on them
--   movedVotes    [{from, to, userId}]                                    votes moved to the survivor
--   comments      [{id, from, to}]                                        comments re-pointed to the survivor
--   moved         {sourceId: [tagging ids]}                               taggings now counted under the target
--   movedAliases  [{id, from}]                                            source aliases moved to the target
--   addedAliases  [alias ids]                                             source names added as target aliases
-- Rows are written with explicit column lists, so a record does not depend on the table layout of the day it
-- was written; label_merge_undo reads both versions the same way.
-- Taggings are not rewritten: every read resolves a tagging's label through label_canonical.
CREATE OR REPLACE FUNCTION label_merge_apply(the_merge bigint, OUT moved_count integer, OUT collapsed_count integer)
    LANGUAGE plpgsql
    -- Sorting every tagging of the labels by span in memory rather than on disk halves the collapse query.
    SET work_mem = '64MB'
    -- The merge moves the page epoch (labels change), which outdates every cached page at once; the
    -- per-transcript triggers would only make it queue behind readers' votes.
    SET transcriptreader.skip_page_versions = 'on'
AS $$
DECLARE
    source_ids integer[];
    target_id integer;
    merged_at timestamptz;
    plan_mode text := current_setting('plan_cache_mode');
BEGIN
    SELECT m.source_label_ids, m.target_label_id, m.at INTO STRICT source_ids, target_id, merged_at
    FROM label_merges m WHERE m.id = the_merge;

    -- The two statements that read the labels' taggings are planned for these labels' sizes, as when the app
    -- sent each statement itself. Only those: for the others, the per-row trigger and foreign-key queries
    -- they fire would be planned again for every row.
    PERFORM set_config('plan_cache_mode', 'force_custom_plan', true);
    CREATE TEMP TABLE merge_collapse ON COMMIT DROP AS SELECT * FROM label_merge_collapse(source_ids, target_id);
    PERFORM set_config('plan_cache_mode', plan_mode, true);
    -- A temp table has no statistics; without them the joins below are planned for a guess.
    ANALYZE merge_collapse;
    -- The record is assembled here (megabytes of ids never travel to the app and back), as json text:
    -- building and storing jsonb would parse it all again for nothing.
    CREATE TEMP TABLE merge_details (key text PRIMARY KEY, value json NOT NULL) ON COMMIT DROP;
    INSERT INTO merge_details
    SELECT 'collapsed', coalesce(json_agg(json_build_object('survivorId', c.survivor_id, 'row', json_build_object(
             'id', t.id, 'block_id', t.block_id, 'transcript_id', t.transcript_id, 'label_id', t.label_id,
             'applied_label_name', t.applied_label_name, 'user_id', t.user_id, 'start', t.start, 'end', t."end",
             'quote', t.quote, 'prefix', t.prefix, 'suffix', t.suffix, 'created_at', t.created_at,
             'comments_locked', t.comments_locked)) ORDER BY t.id), '[]')
    FROM taggings t JOIN merge_collapse c ON c.collapsed_id = t.id
    UNION ALL
    SELECT 'votes', coalesce(json_agg(json_build_object(
             'tagging_id', v.tagging_id, 'user_id', v.user_id, 'value', v.value, 'created_at', v.created_at)
           ORDER BY v.tagging_id, v.user_id), '[]')
    FROM votes v JOIN merge_collapse c ON c.collapsed_id = v.tagging_id;

    -- A collapsed tagging's first vote per voter moves to the survivor unless the voter already voted there.
    WITH pick AS (
      SELECT DISTINCT ON (c.survivor_id, v.user_id) v.tagging_id, v.user_id, c.survivor_id
      FROM votes v JOIN merge_collapse c ON c.collapsed_id = v.tagging_id
      WHERE NOT EXISTS (SELECT 1 FROM votes w WHERE w.tagging_id = c.survivor_id AND w.user_id = v.user_id)
      ORDER BY c.survivor_id, v.user_id, v.tagging_id),
    moved AS (
      UPDATE votes v SET tagging_id = p.survivor_id FROM pick p
      WHERE v.tagging_id = p.tagging_id AND v.user_id = p.user_id
      RETURNING p.tagging_id AS from_id, p.survivor_id AS to_id, v.user_id)
    INSERT INTO merge_details
    SELECT 'movedVotes', coalesce(json_agg(json_build_object('from', from_id, 'to', to_id, 'userId', user_id)), '[]') FROM moved;

    WITH moved AS (
      UPDATE comments m SET tagging_id = c.survivor_id FROM merge_collapse c
      WHERE m.tagging_id = c.collapsed_id
      RETURNING m.id, c.collapsed_id AS from_id, c.survivor_id AS to_id)
    INSERT INTO merge_details
    SELECT 'comments', coalesce(json_agg(json_build_object('id', id, 'from', from_id, 'to', to_id) ORDER BY id), '[]') FROM moved;

    DELETE FROM taggings t USING merge_collapse c WHERE t.id = c.collapsed_id;
    GET DIAGNOSTICS collapsed_count = ROW_COUNT;

    -- The rows stay as they are; which ones now count under the target is recorded per source for the
    -- label page and the audit trail.
    PERFORM set_config('plan_cache_mode', 'force_custom_plan', true);
    WITH m AS (
      SELECT f.canonical_id AS source_id, json_agg(t.id ORDER BY t.id) AS ids
      FROM taggings t JOIN label_canonical f ON f.id = t.label_id
      WHERE f.canonical_id = ANY(source_ids) GROUP BY f.canonical_id)
    INSERT INTO merge_details
    SELECT 'moved', coalesce(json_object_agg(s::text, coalesce(m.ids, '[]'::json)), '{}')
    FROM unnest(source_ids) s LEFT JOIN m ON m.source_id = s;
    PERFORM set_config('plan_cache_mode', plan_mode, true);

    WITH m AS (SELECT id, label_id FROM label_aliases WHERE label_id = ANY(source_ids)),
    moved AS (UPDATE label_aliases a SET label_id = target_id FROM m WHERE a.id = m.id RETURNING a.id, m.label_id AS from_id)
    INSERT INTO merge_details
    SELECT 'movedAliases', coalesce(json_agg(json_build_object('id', id, 'from', from_id) ORDER BY id), '[]') FROM moved;

    -- A source name already taken as an alias (it cannot be, through the app) keeps its owner.
    WITH added AS (
      INSERT INTO label_aliases (label_id, alias, normalized_alias, merge_id, created_at)
      SELECT target_id, l.name, l.normalized_name, the_merge, merged_at FROM labels l WHERE l.id = ANY(source_ids) ORDER BY l.id
      ON CONFLICT (normalized_alias) DO NOTHING RETURNING id)
    INSERT INTO merge_details
    SELECT 'addedAliases', coalesce(json_agg(id ORDER BY id), '[]') FROM added;

    UPDATE labels SET merged_into_id = target_id, merged_by_merge_id = the_merge WHERE id = ANY(source_ids);

    UPDATE label_merges SET details = (
      SELECT json_object_agg(key, value) FROM (SELECT 'version', '2'::json UNION ALL SELECT key, value FROM merge_details) d(key, value))
    WHERE id = the_merge;

    SELECT coalesce(sum(json_array_length(e.value)), 0) INTO moved_count
    FROM merge_details d, json_each(d.value) e WHERE d.key = 'moved';
END $$;
