-- Undoes merge the_merge from its undo record (see label_merge_apply), after the app has locked the merge
-- and its labels and found nothing in label_merge_undo_blockers. Reads record versions 1 and 2 alike: both
-- have the same members, and rows are read by the explicit column lists below (a version 1 row holds every
-- column the table had when it was written, so each listed one is there; a vote written before votes had
-- transcript_id gets it from votes_set_transcript, as every inserted vote does).
CREATE OR REPLACE FUNCTION label_merge_undo(the_merge bigint, the_moderator text, the_time timestamptz,
    OUT moved_count integer, OUT restored_count integer)
    LANGUAGE plpgsql
    -- The undo moves the page epoch (labels change); see label_merge_apply.
    SET transcriptreader.skip_page_versions = 'on'
AS $$
DECLARE
    source_ids integer[];
    target_id integer;
    member text;
    content json;
    record_version integer := 1;
    collapsed_rows json := '[]';
    collapsed_votes json := '[]';
    moved_votes json := '[]';
    repointed_comments json := '[]';
    moved_ids json := '{}';
    moved_aliases json := '[]';
BEGIN
    SELECT m.source_label_ids, m.target_label_id INTO STRICT source_ids, target_id FROM label_merges m WHERE m.id = the_merge;
    -- json_each parses the (possibly large) record once; each member is then read on its own.
    FOR member, content IN SELECT e.key, e.value FROM label_merges m, json_each(m.details) e WHERE m.id = the_merge LOOP
        CASE member
            WHEN 'version' THEN record_version := content::text::integer;
            WHEN 'collapsed' THEN collapsed_rows := content;
            WHEN 'votes' THEN collapsed_votes := content;
            WHEN 'movedVotes' THEN moved_votes := content;
            WHEN 'comments' THEN repointed_comments := content;
            WHEN 'moved' THEN moved_ids := content;
            WHEN 'movedAliases' THEN moved_aliases := content;
            ELSE NULL;
        END CASE;
    END LOOP;
    IF record_version NOT IN (1, 2) THEN
        RAISE EXCEPTION 'merge % has an undo record of version %, which this function does not read', the_merge, record_version;
    END IF;

    -- Moved taggings never left their label: un-merging the labels below brings back exactly those that still exist.
    SELECT count(*) INTO moved_count FROM taggings
    WHERE id IN (SELECT json_array_elements_text(e.value)::bigint FROM json_each(moved_ids) e);

    -- Rows whose block or reader was deleted since are gone with everything else of theirs.
    INSERT INTO taggings (id, block_id, transcript_id, label_id, applied_label_name, user_id, start, "end", quote, prefix, suffix,
                          created_at, comments_locked)
    SELECT r.id, r.block_id, r.transcript_id, r.label_id, r.applied_label_name, r.user_id, r.start, r."end", r.quote, r.prefix, r.suffix,
           r.created_at, r.comments_locked
    FROM json_array_elements(collapsed_rows) e,
      json_to_record(e->'row') AS r(id bigint, block_id bigint, transcript_id bigint, label_id integer, applied_label_name text,
                                    user_id text, start integer, "end" integer, quote text, prefix text, suffix text,
                                    created_at timestamptz, comments_locked boolean)
    WHERE EXISTS (SELECT 1 FROM blocks b WHERE b.id = r.block_id)
      AND EXISTS (SELECT 1 FROM "AspNetUsers" u WHERE u.id = r.user_id);
    GET DIAGNOSTICS restored_count = ROW_COUNT;

    -- A moved vote is taken off the survivor (whatever its current value) and the original vote restored.
    DELETE FROM votes v USING json_to_recordset(moved_votes) AS m("from" bigint, "to" bigint, "userId" text)
    WHERE v.tagging_id = m."to" AND v.user_id = m."userId";
    INSERT INTO votes (tagging_id, user_id, value, created_at)
    SELECT r.tagging_id, r.user_id, r.value, r.created_at
    FROM json_to_recordset(collapsed_votes) AS r(tagging_id bigint, user_id text, value smallint, created_at timestamptz)
    WHERE EXISTS (SELECT 1 FROM taggings t WHERE t.id = r.tagging_id)
      AND EXISTS (SELECT 1 FROM "AspNetUsers" u WHERE u.id = r.user_id)
    ON CONFLICT DO NOTHING;

    -- Replies written after the merge under a re-pointed comment go back with their thread.
    WITH RECURSIVE m AS (
      SELECT x.* FROM json_to_recordset(repointed_comments) AS x(id bigint, "from" bigint, "to" bigint)),
    thread AS (
      SELECT c.id, m."from", m."to" FROM comments c JOIN m ON m.id = c.id
      UNION
      SELECT c.id, t."from", t."to" FROM comments c JOIN thread t ON c.parent_id = t.id)
    UPDATE comments c SET tagging_id = t."from" FROM thread t
    WHERE c.id = t.id AND c.tagging_id = t."to" AND EXISTS (SELECT 1 FROM taggings g WHERE g.id = t."from");

    DELETE FROM label_aliases WHERE merge_id = the_merge AND label_id = target_id;
    UPDATE label_aliases a SET label_id = m."from"
    FROM json_to_recordset(moved_aliases) AS m(id bigint, "from" integer)
    WHERE a.id = m.id AND a.label_id = target_id;

    UPDATE labels SET merged_into_id = NULL, merged_by_merge_id = NULL WHERE id = ANY(source_ids) AND merged_by_merge_id = the_merge;
    UPDATE label_merges SET undone_at = the_time, undone_by_id = the_moderator WHERE id = the_merge;
END $$;
