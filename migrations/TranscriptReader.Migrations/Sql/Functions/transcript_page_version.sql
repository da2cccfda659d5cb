-- The version a transcript page is cached under: the transcript row's own version plus the sum of its slots
-- (see touch_transcript_pages). Every write raises one term, and snapshots are nested, so different visible
-- states never share a version.
-- PL/pgSQL, not SQL: a SQL function that reads a table is never inlined, so PostgreSQL parsed and planned its body
-- again in every statement that called it (the stamp of every transcript page); PL/pgSQL keeps the parsed statement
-- and its plan for the session. STABLE: it reads with the calling statement's snapshot.
CREATE OR REPLACE FUNCTION transcript_page_version(transcript bigint) RETURNS bigint LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN (SELECT t.page_version + coalesce((SELECT sum(s.version) FROM page_version_slots s WHERE s.transcript_id = t.id), 0)::bigint
            FROM transcripts t WHERE t.id = transcript);
END $$;
