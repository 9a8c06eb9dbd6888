SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0026 -> 0027

DO $replace$
DECLARE
    dependent text;
BEGIN
    SELECT coalesce(c.oid::regclass::text, p.oid::regprocedure::text) INTO dependent
      FROM pg_depend d
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      LEFT JOIN pg_class c ON c.oid = r.ev_class AND c.oid <> d.refobjid
      LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
     WHERE d.refclassid = 'pg_proc'::regclass
       AND d.refobjid IN (SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = 'refresh_heads_timeline')
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace public.refresh_heads_timeline: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    dependent text;
BEGIN
    SELECT coalesce(c.oid::regclass::text, p.oid::regprocedure::text) INTO dependent
      FROM pg_depend d
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      LEFT JOIN pg_class c ON c.oid = r.ev_class AND c.oid <> d.refobjid
      LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
     WHERE d.refclassid = 'pg_proc'::regclass
       AND d.refobjid IN (SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = 'refresh_mission_timeline')
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace public.refresh_mission_timeline: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    dependent text;
BEGIN
    SELECT coalesce(c.oid::regclass::text, p.oid::regprocedure::text) INTO dependent
      FROM pg_depend d
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      LEFT JOIN pg_class c ON c.oid = r.ev_class AND c.oid <> d.refobjid
      LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
     WHERE d.refclassid = 'pg_proc'::regclass
       AND d.refobjid IN (SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = 'refresh_fact_evidence')
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace public.refresh_fact_evidence: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$-- Bring the timeline rows of these missions to what the facts say now. Locks the
-- missions' rows first, so two transactions refreshing one mission take turns and
-- the second reads what the first committed.
CREATE OR REPLACE FUNCTION public.refresh_heads_timeline(mission_ids integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    nestloop text := current_setting('enable_nestloop');
    memory text := current_setting('work_mem');
BEGIN
    -- Under REPEATABLE READ the statement below could miss rows another transaction
    -- refreshed meanwhile and leave both versions.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'the heads timeline is kept under READ COMMITTED, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Write facts in a READ COMMITTED transaction, the default.';
    END IF;
    PERFORM 1 FROM mission WHERE id = ANY(mission_ids) ORDER BY id FOR NO KEY UPDATE;
    -- Over many missions the planner cannot tell how many facts a version holds (a
    -- range containment) and, guessing few, loops over heads_timeline_of()'s
    -- intermediate sets; hash joins are right there. For a few missions (a fact
    -- recorded) the loops over index lookups are. Its sorts and hashes spill at the
    -- default work_mem over thousands of missions (1.6 s instead of 5.4 s at
    -- 100,000 tenures with 64MB: benchmarks/README.md).
    IF cardinality(mission_ids) > 100 THEN
        PERFORM set_config('enable_nestloop', 'off', true);
        PERFORM set_config('work_mem', '64MB', true);
    END IF;
    IF NOT EXISTS (SELECT FROM heads_timeline WHERE mission_id = ANY(mission_ids)) THEN
        -- Missions with no rows yet (a first import, a rebuild from empty): nothing
        -- to compare with.
        INSERT INTO heads_timeline SELECT * FROM heads_timeline_of(mission_ids);
    ELSE
        -- Only the rows that differ are written: a row the facts still give stays as
        -- it is (no new row version, no index entry, no dead row for VACUUM), a
        -- changed one is updated, a stale one deleted, a new one inserted. One full
        -- join of the held rows with the fresh ones finds all three; a held row is
        -- then found again by its ctid, which the lock above keeps where it is (only
        -- a refresh writes these rows, and it holds that lock).
        WITH fresh AS MATERIALIZED (SELECT * FROM heads_timeline_of(mission_ids)),
        diff AS MATERIALIZED (
            SELECT h.at, f.*
              FROM (SELECT t.ctid AS at, t.mission_id, t.valid, t.recorded, t AS was
                      FROM heads_timeline t
                     WHERE t.mission_id = ANY(mission_ids)) h
              FULL JOIN fresh f
                ON f.mission_id = h.mission_id
               AND f.valid = h.valid
               AND f.recorded = h.recorded
             WHERE h.was IS DISTINCT FROM f
        ),
        changed AS (
            UPDATE heads_timeline t
               SET (tenure_id, city_id, city, sending_code, sending, mission_kind_code,
                    mission_kind, head_status, head, rank_code, rank, rank_class,
                    ad_interim, cow_level, since, since_precision, first_attested_on,
                    attested_precision, credentials_on, credentials_precision,
                    credentials_authority, accredited_to, source, precedence_group,
                    functions_since, functions_before, seat_inferred, resident_city,
                    host_code, organisation, host)
                 = (d.tenure_id, d.city_id, d.city, d.sending_code, d.sending,
                    d.mission_kind_code, d.mission_kind, d.head_status, d.head,
                    d.rank_code, d.rank, d.rank_class, d.ad_interim, d.cow_level, d.since,
                    d.since_precision, d.first_attested_on, d.attested_precision,
                    d.credentials_on, d.credentials_precision, d.credentials_authority,
                    d.accredited_to, d.source, d.precedence_group, d.functions_since,
                    d.functions_before, d.seat_inferred, d.resident_city, d.host_code,
                    d.organisation, d.host)
              FROM diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NOT NULL
        ),
        gone AS (
            DELETE FROM heads_timeline t
             USING diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NULL
        )
        INSERT INTO heads_timeline
        SELECT d.mission_id, d.valid, d.recorded, d.tenure_id, d.city_id, d.city,
               d.sending_code, d.sending, d.mission_kind_code, d.mission_kind,
               d.head_status, d.head, d.rank_code, d.rank, d.rank_class, d.ad_interim,
               d.cow_level, d.since, d.since_precision, d.first_attested_on,
               d.attested_precision, d.credentials_on, d.credentials_precision,
               d.credentials_authority, d.accredited_to, d.source, d.precedence_group,
               d.functions_since, d.functions_before, d.seat_inferred, d.resident_city,
               d.host_code, d.organisation, d.host
          FROM diff d
         WHERE d.at IS NULL;
    END IF;
    PERFORM set_config('enable_nestloop', nestloop, true);
    PERFORM set_config('work_mem', memory, true);
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_heads_timeline(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_heads_timeline(integer[]) IS 'Brings the heads_timeline rows of these missions to heads_timeline_of(), writing only the rows that differ, under a lock on the missions.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT proacl INTO grants FROM pg_proc WHERE oid = 'public.refresh_heads_timeline(mission_ids integer[])'::regprocedure;
    EXECUTE 'DROP FUNCTION public.refresh_heads_timeline(mission_ids integer[]) RESTRICT';
    EXECUTE $object$-- Bring the timeline rows of these missions to what the facts say now. Locks the
-- missions' rows first, so two transactions refreshing one mission take turns and
-- the second reads what the first committed.
CREATE FUNCTION public.refresh_heads_timeline(mission_ids integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    nestloop text := current_setting('enable_nestloop');
    memory text := current_setting('work_mem');
BEGIN
    -- Under REPEATABLE READ the statement below could miss rows another transaction
    -- refreshed meanwhile and leave both versions.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'the heads timeline is kept under READ COMMITTED, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Write facts in a READ COMMITTED transaction, the default.';
    END IF;
    PERFORM 1 FROM mission WHERE id = ANY(mission_ids) ORDER BY id FOR NO KEY UPDATE;
    -- Over many missions the planner cannot tell how many facts a version holds (a
    -- range containment) and, guessing few, loops over heads_timeline_of()'s
    -- intermediate sets; hash joins are right there. For a few missions (a fact
    -- recorded) the loops over index lookups are. Its sorts and hashes spill at the
    -- default work_mem over thousands of missions (1.6 s instead of 5.4 s at
    -- 100,000 tenures with 64MB: benchmarks/README.md).
    IF cardinality(mission_ids) > 100 THEN
        PERFORM set_config('enable_nestloop', 'off', true);
        PERFORM set_config('work_mem', '64MB', true);
    END IF;
    IF NOT EXISTS (SELECT FROM heads_timeline WHERE mission_id = ANY(mission_ids)) THEN
        -- Missions with no rows yet (a first import, a rebuild from empty): nothing
        -- to compare with.
        INSERT INTO heads_timeline SELECT * FROM heads_timeline_of(mission_ids);
    ELSE
        -- Only the rows that differ are written: a row the facts still give stays as
        -- it is (no new row version, no index entry, no dead row for VACUUM), a
        -- changed one is updated, a stale one deleted, a new one inserted. One full
        -- join of the held rows with the fresh ones finds all three; a held row is
        -- then found again by its ctid, which the lock above keeps where it is (only
        -- a refresh writes these rows, and it holds that lock).
        WITH fresh AS MATERIALIZED (SELECT * FROM heads_timeline_of(mission_ids)),
        diff AS MATERIALIZED (
            SELECT h.at, f.*
              FROM (SELECT t.ctid AS at, t.mission_id, t.valid, t.recorded, t AS was
                      FROM heads_timeline t
                     WHERE t.mission_id = ANY(mission_ids)) h
              FULL JOIN fresh f
                ON f.mission_id = h.mission_id
               AND f.valid = h.valid
               AND f.recorded = h.recorded
             WHERE h.was IS DISTINCT FROM f
        ),
        changed AS (
            UPDATE heads_timeline t
               SET (tenure_id, city_id, city, sending_code, sending, mission_kind_code,
                    mission_kind, head_status, head, rank_code, rank, rank_class,
                    ad_interim, cow_level, since, since_precision, first_attested_on,
                    attested_precision, credentials_on, credentials_precision,
                    credentials_authority, accredited_to, source, precedence_group,
                    functions_since, functions_before, seat_inferred, resident_city,
                    host_code, organisation, host)
                 = (d.tenure_id, d.city_id, d.city, d.sending_code, d.sending,
                    d.mission_kind_code, d.mission_kind, d.head_status, d.head,
                    d.rank_code, d.rank, d.rank_class, d.ad_interim, d.cow_level, d.since,
                    d.since_precision, d.first_attested_on, d.attested_precision,
                    d.credentials_on, d.credentials_precision, d.credentials_authority,
                    d.accredited_to, d.source, d.precedence_group, d.functions_since,
                    d.functions_before, d.seat_inferred, d.resident_city, d.host_code,
                    d.organisation, d.host)
              FROM diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NOT NULL
        ),
        gone AS (
            DELETE FROM heads_timeline t
             USING diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NULL
        )
        INSERT INTO heads_timeline
        SELECT d.mission_id, d.valid, d.recorded, d.tenure_id, d.city_id, d.city,
               d.sending_code, d.sending, d.mission_kind_code, d.mission_kind,
               d.head_status, d.head, d.rank_code, d.rank, d.rank_class, d.ad_interim,
               d.cow_level, d.since, d.since_precision, d.first_attested_on,
               d.attested_precision, d.credentials_on, d.credentials_precision,
               d.credentials_authority, d.accredited_to, d.source, d.precedence_group,
               d.functions_since, d.functions_before, d.seat_inferred, d.resident_city,
               d.host_code, d.organisation, d.host
          FROM diff d
         WHERE d.at IS NULL;
    END IF;
    PERFORM set_config('enable_nestloop', nestloop, true);
    PERFORM set_config('work_mem', memory, true);
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_heads_timeline(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_heads_timeline(integer[]) IS 'Brings the heads_timeline rows of these missions to heads_timeline_of(), writing only the rows that differ, under a lock on the missions.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON FUNCTION public.refresh_heads_timeline(mission_ids integer[]) TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$-- As refresh_heads_timeline: under a lock on the missions' rows, READ COMMITTED only.
CREATE OR REPLACE FUNCTION public.refresh_mission_timeline(mission_ids integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'the mission timeline is kept under READ COMMITTED, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Write facts in a READ COMMITTED transaction, the default.';
    END IF;
    PERFORM 1 FROM mission WHERE id = ANY(mission_ids) ORDER BY id FOR NO KEY UPDATE;
    IF NOT EXISTS (SELECT FROM mission_timeline WHERE mission_id = ANY(mission_ids)) THEN
        INSERT INTO mission_timeline SELECT * FROM mission_timeline_of(mission_ids);
    ELSE
        -- Only the rows that differ are written, found as in refresh_heads_timeline.
        WITH fresh AS MATERIALIZED (SELECT * FROM mission_timeline_of(mission_ids)),
        diff AS MATERIALIZED (
            SELECT h.at, f.*
              FROM (SELECT t.ctid AS at, t.mission_id, t.fact, t.fact_id, t AS was
                      FROM mission_timeline t
                     WHERE t.mission_id = ANY(mission_ids)) h
              FULL JOIN fresh f
                ON f.mission_id = h.mission_id
               AND f.fact = h.fact
               AND f.fact_id = h.fact_id
             WHERE h.was IS DISTINCT FROM f
        ),
        changed AS (
            UPDATE mission_timeline t
               SET (recorded, tenure_id, on_date, head, rank, rank_class, started_on,
                    start_precision, first_attested_on, attested_precision, ended_on,
                    end_precision, credentials_on, credentials_precision,
                    credentials_authority, resident_city, change_code, change,
                    occurred_on, occurred_precision, mission_status, actor,
                    actor_authority, note, source)
                 = (d.recorded, d.tenure_id, d.on_date, d.head, d.rank, d.rank_class,
                    d.started_on, d.start_precision, d.first_attested_on,
                    d.attested_precision, d.ended_on, d.end_precision, d.credentials_on,
                    d.credentials_precision, d.credentials_authority, d.resident_city,
                    d.change_code, d.change, d.occurred_on, d.occurred_precision,
                    d.mission_status, d.actor, d.actor_authority, d.note, d.source)
              FROM diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NOT NULL
        ),
        gone AS (
            DELETE FROM mission_timeline t
             USING diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NULL
        )
        INSERT INTO mission_timeline
        SELECT d.mission_id, d.fact, d.fact_id, d.recorded, d.tenure_id, d.on_date,
               d.head, d.rank, d.rank_class, d.started_on, d.start_precision,
               d.first_attested_on, d.attested_precision, d.ended_on, d.end_precision,
               d.credentials_on, d.credentials_precision, d.credentials_authority,
               d.resident_city, d.change_code, d.change, d.occurred_on,
               d.occurred_precision, d.mission_status, d.actor, d.actor_authority,
               d.note, d.source
          FROM diff d
         WHERE d.at IS NULL;
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_mission_timeline(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_mission_timeline(integer[]) IS 'Brings the mission_timeline rows of these missions to mission_timeline_of(), writing only the rows that differ, under a lock on the missions.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT proacl INTO grants FROM pg_proc WHERE oid = 'public.refresh_mission_timeline(mission_ids integer[])'::regprocedure;
    EXECUTE 'DROP FUNCTION public.refresh_mission_timeline(mission_ids integer[]) RESTRICT';
    EXECUTE $object$-- As refresh_heads_timeline: under a lock on the missions' rows, READ COMMITTED only.
CREATE FUNCTION public.refresh_mission_timeline(mission_ids integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'the mission timeline is kept under READ COMMITTED, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Write facts in a READ COMMITTED transaction, the default.';
    END IF;
    PERFORM 1 FROM mission WHERE id = ANY(mission_ids) ORDER BY id FOR NO KEY UPDATE;
    IF NOT EXISTS (SELECT FROM mission_timeline WHERE mission_id = ANY(mission_ids)) THEN
        INSERT INTO mission_timeline SELECT * FROM mission_timeline_of(mission_ids);
    ELSE
        -- Only the rows that differ are written, found as in refresh_heads_timeline.
        WITH fresh AS MATERIALIZED (SELECT * FROM mission_timeline_of(mission_ids)),
        diff AS MATERIALIZED (
            SELECT h.at, f.*
              FROM (SELECT t.ctid AS at, t.mission_id, t.fact, t.fact_id, t AS was
                      FROM mission_timeline t
                     WHERE t.mission_id = ANY(mission_ids)) h
              FULL JOIN fresh f
                ON f.mission_id = h.mission_id
               AND f.fact = h.fact
               AND f.fact_id = h.fact_id
             WHERE h.was IS DISTINCT FROM f
        ),
        changed AS (
            UPDATE mission_timeline t
               SET (recorded, tenure_id, on_date, head, rank, rank_class, started_on,
                    start_precision, first_attested_on, attested_precision, ended_on,
                    end_precision, credentials_on, credentials_precision,
                    credentials_authority, resident_city, change_code, change,
                    occurred_on, occurred_precision, mission_status, actor,
                    actor_authority, note, source)
                 = (d.recorded, d.tenure_id, d.on_date, d.head, d.rank, d.rank_class,
                    d.started_on, d.start_precision, d.first_attested_on,
                    d.attested_precision, d.ended_on, d.end_precision, d.credentials_on,
                    d.credentials_precision, d.credentials_authority, d.resident_city,
                    d.change_code, d.change, d.occurred_on, d.occurred_precision,
                    d.mission_status, d.actor, d.actor_authority, d.note, d.source)
              FROM diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NOT NULL
        ),
        gone AS (
            DELETE FROM mission_timeline t
             USING diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NULL
        )
        INSERT INTO mission_timeline
        SELECT d.mission_id, d.fact, d.fact_id, d.recorded, d.tenure_id, d.on_date,
               d.head, d.rank, d.rank_class, d.started_on, d.start_precision,
               d.first_attested_on, d.attested_precision, d.ended_on, d.end_precision,
               d.credentials_on, d.credentials_precision, d.credentials_authority,
               d.resident_city, d.change_code, d.change, d.occurred_on,
               d.occurred_precision, d.mission_status, d.actor, d.actor_authority,
               d.note, d.source
          FROM diff d
         WHERE d.at IS NULL;
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_mission_timeline(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_mission_timeline(integer[]) IS 'Brings the mission_timeline rows of these missions to mission_timeline_of(), writing only the rows that differ, under a lock on the missions.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON FUNCTION public.refresh_mission_timeline(mission_ids integer[]) TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$-- As refresh_mission_timeline: under a lock on the missions' rows, READ COMMITTED only.
CREATE OR REPLACE FUNCTION public.refresh_fact_evidence(mission_ids integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'the fact evidence is kept under READ COMMITTED, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Write facts in a READ COMMITTED transaction, the default.';
    END IF;
    PERFORM 1 FROM mission WHERE id = ANY(mission_ids) ORDER BY id FOR NO KEY UPDATE;
    -- New rows go in a mission's together: evidence_as_of reads them a mission at a
    -- time.
    IF NOT EXISTS (SELECT FROM fact_evidence WHERE mission_id = ANY(mission_ids)) THEN
        INSERT INTO fact_evidence
        SELECT * FROM fact_evidence_of(mission_ids) ORDER BY mission_id, evidence_on;
    ELSE
        -- Only the rows that differ are written, found as in refresh_heads_timeline.
        WITH fresh AS MATERIALIZED (SELECT * FROM fact_evidence_of(mission_ids)),
        diff AS MATERIALIZED (
            SELECT h.at, f.*
              FROM (SELECT t.ctid AS at, t.mission_id, t.evidence_on, t.fact, t.fact_id,
                           t AS was
                      FROM fact_evidence t
                     WHERE t.mission_id = ANY(mission_ids)) h
              FULL JOIN fresh f
                ON f.mission_id = h.mission_id
               AND f.evidence_on = h.evidence_on
               AND f.fact = h.fact
               AND f.fact_id = h.fact_id
             WHERE h.was IS DISTINCT FROM f
        ),
        changed AS (
            UPDATE fact_evidence t
               SET (recorded, evidence_precision, evidence_attests, evidence_source,
                    evidence_source_key, evidence_operating)
                 = (d.recorded, d.evidence_precision, d.evidence_attests,
                    d.evidence_source, d.evidence_source_key, d.evidence_operating)
              FROM diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NOT NULL
        ),
        gone AS (
            DELETE FROM fact_evidence t
             USING diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NULL
        )
        INSERT INTO fact_evidence
        SELECT d.mission_id, d.evidence_on, d.fact, d.fact_id, d.recorded,
               d.evidence_precision, d.evidence_attests, d.evidence_source,
               d.evidence_source_key, d.evidence_operating
          FROM diff d
         WHERE d.at IS NULL
         ORDER BY d.mission_id, d.evidence_on;
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_fact_evidence(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_fact_evidence(integer[]) IS 'Brings the fact_evidence rows of these missions to fact_evidence_of(), writing only the rows that differ, under a lock on the missions.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT proacl INTO grants FROM pg_proc WHERE oid = 'public.refresh_fact_evidence(mission_ids integer[])'::regprocedure;
    EXECUTE 'DROP FUNCTION public.refresh_fact_evidence(mission_ids integer[]) RESTRICT';
    EXECUTE $object$-- As refresh_mission_timeline: under a lock on the missions' rows, READ COMMITTED only.
CREATE FUNCTION public.refresh_fact_evidence(mission_ids integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'the fact evidence is kept under READ COMMITTED, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Write facts in a READ COMMITTED transaction, the default.';
    END IF;
    PERFORM 1 FROM mission WHERE id = ANY(mission_ids) ORDER BY id FOR NO KEY UPDATE;
    -- New rows go in a mission's together: evidence_as_of reads them a mission at a
    -- time.
    IF NOT EXISTS (SELECT FROM fact_evidence WHERE mission_id = ANY(mission_ids)) THEN
        INSERT INTO fact_evidence
        SELECT * FROM fact_evidence_of(mission_ids) ORDER BY mission_id, evidence_on;
    ELSE
        -- Only the rows that differ are written, found as in refresh_heads_timeline.
        WITH fresh AS MATERIALIZED (SELECT * FROM fact_evidence_of(mission_ids)),
        diff AS MATERIALIZED (
            SELECT h.at, f.*
              FROM (SELECT t.ctid AS at, t.mission_id, t.evidence_on, t.fact, t.fact_id,
                           t AS was
                      FROM fact_evidence t
                     WHERE t.mission_id = ANY(mission_ids)) h
              FULL JOIN fresh f
                ON f.mission_id = h.mission_id
               AND f.evidence_on = h.evidence_on
               AND f.fact = h.fact
               AND f.fact_id = h.fact_id
             WHERE h.was IS DISTINCT FROM f
        ),
        changed AS (
            UPDATE fact_evidence t
               SET (recorded, evidence_precision, evidence_attests, evidence_source,
                    evidence_source_key, evidence_operating)
                 = (d.recorded, d.evidence_precision, d.evidence_attests,
                    d.evidence_source, d.evidence_source_key, d.evidence_operating)
              FROM diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NOT NULL
        ),
        gone AS (
            DELETE FROM fact_evidence t
             USING diff d
             WHERE t.ctid = d.at
               AND t.mission_id = ANY(mission_ids)
               AND d.mission_id IS NULL
        )
        INSERT INTO fact_evidence
        SELECT d.mission_id, d.evidence_on, d.fact, d.fact_id, d.recorded,
               d.evidence_precision, d.evidence_attests, d.evidence_source,
               d.evidence_source_key, d.evidence_operating
          FROM diff d
         WHERE d.at IS NULL
         ORDER BY d.mission_id, d.evidence_on;
    END IF;
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_fact_evidence(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_fact_evidence(integer[]) IS 'Brings the fact_evidence rows of these missions to fact_evidence_of(), writing only the rows that differ, under a lock on the missions.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON FUNCTION public.refresh_fact_evidence(mission_ids integer[]) TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

UPDATE alembic_version SET version_num='0027' WHERE alembic_version.version_num = '0026';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

