-- Page versions are microsecond timestamps (kept increasing): after a restore from backup, or with ids
-- reused by a recreated database, new states get versions no cache has seen, so an app instance that
-- kept running can never mistake them for a page it rendered before.
CREATE OR REPLACE FUNCTION page_clock() RETURNS bigint LANGUAGE sql VOLATILE
    AS $$ SELECT (extract(epoch FROM clock_timestamp()) * 1000000)::bigint $$;
