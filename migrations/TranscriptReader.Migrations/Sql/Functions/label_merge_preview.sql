-- What merging the sources into the target would do, counted before it runs (see MergePreview in C#).
-- plpgsql with custom plans, so the collapse is planned for these labels' actual sizes.
CREATE OR REPLACE FUNCTION label_merge_preview(source_ids integer[], target_id integer)
    RETURNS TABLE (moved bigint, collapsed bigint, votes_travelling bigint, votes_moved bigint, votes_on_collapsed bigint,
                   comments_travelling bigint, comments_repointed bigint)
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_custom_plan
AS $$
BEGIN
    RETURN QUERY
    WITH src AS (SELECT id FROM label_canonical WHERE canonical_id = ANY(source_ids)),
    c AS MATERIALIZED (SELECT * FROM label_merge_collapse(source_ids, target_id))
    SELECT
      (SELECT count(*) FROM taggings t JOIN src ON src.id = t.label_id) - (SELECT count(*) FROM c),
      (SELECT count(*) FROM c),
      (SELECT count(*) FROM votes v JOIN taggings t ON t.id = v.tagging_id JOIN src ON src.id = t.label_id
         WHERE t.id NOT IN (SELECT c.collapsed_id FROM c)),
      (SELECT count(*) FROM (SELECT DISTINCT c.survivor_id, v.user_id FROM votes v JOIN c ON c.collapsed_id = v.tagging_id
         WHERE NOT EXISTS (SELECT 1 FROM votes w WHERE w.tagging_id = c.survivor_id AND w.user_id = v.user_id)) x),
      (SELECT count(*) FROM votes v JOIN c ON c.collapsed_id = v.tagging_id),
      (SELECT count(*) FROM comments m JOIN taggings t ON t.id = m.tagging_id JOIN src ON src.id = t.label_id
         WHERE t.id NOT IN (SELECT c.collapsed_id FROM c)),
      (SELECT count(*) FROM comments m JOIN c ON c.collapsed_id = m.tagging_id);
END $$;
