-- The version a transcript page is cached under: the transcript row's own version plus the sum of its slots
-- (see touch_transcript_pages). Every write raises one term, and snapshots are nested, so different visible
-- states never share a version.
CREATE OR REPLACE FUNCTION transcript_page_version(transcript bigint) RETURNS bigint LANGUAGE sql STABLE
    AS $$ SELECT t.page_version + coalesce((SELECT sum(s.version) FROM page_version_slots s WHERE s.transcript_id = t.id), 0)::bigint
          FROM transcripts t WHERE t.id = transcript $$;
