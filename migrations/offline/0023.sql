SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0022 -> 0023

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
    -- Only the rows that differ are written: a row the facts still give stays as it
    -- is (no new row version, no index entry, no dead row for VACUUM), a
    -- changed one is updated, a stale one deleted, a new one inserted. The three sets
    -- are disjoint by primary key, so one statement does all three.
    WITH fresh AS MATERIALIZED (SELECT * FROM heads_timeline_of(mission_ids)),
    changed AS (
        UPDATE heads_timeline t
           SET (tenure_id, city_id, city, sending_code, sending, mission_kind_code,
                mission_kind, head_status, head, rank_code, rank, rank_class, ad_interim,
                cow_level, since, since_precision, first_attested_on, attested_precision,
                credentials_on, credentials_precision, credentials_authority, accredited_to,
                source, precedence_group, functions_since, functions_before, seat_inferred,
                resident_city, host_code, organisation, host)
             = (f.tenure_id, f.city_id, f.city, f.sending_code, f.sending,
                f.mission_kind_code, f.mission_kind, f.head_status, f.head, f.rank_code,
                f.rank, f.rank_class, f.ad_interim, f.cow_level, f.since, f.since_precision,
                f.first_attested_on, f.attested_precision, f.credentials_on,
                f.credentials_precision, f.credentials_authority, f.accredited_to, f.source,
                f.precedence_group, f.functions_since, f.functions_before, f.seat_inferred,
                f.resident_city, f.host_code, f.organisation, f.host)
          FROM fresh f
         WHERE t.mission_id = f.mission_id
           AND t.valid = f.valid
           AND t.recorded = f.recorded
           AND (t.*) IS DISTINCT FROM (f.*)
    ),
    gone AS (
        DELETE FROM heads_timeline t
         WHERE t.mission_id = ANY(mission_ids)
           AND NOT EXISTS (SELECT FROM fresh f
                            WHERE t.mission_id = f.mission_id
                              AND t.valid = f.valid
                              AND t.recorded = f.recorded)
    )
    INSERT INTO heads_timeline
    SELECT f.* FROM fresh f
     WHERE NOT EXISTS (SELECT FROM heads_timeline t
                        WHERE t.mission_id = f.mission_id
                          AND t.valid = f.valid
                          AND t.recorded = f.recorded);
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
    -- Only the rows that differ are written: a row the facts still give stays as it
    -- is (no new row version, no index entry, no dead row for VACUUM), a
    -- changed one is updated, a stale one deleted, a new one inserted. The three sets
    -- are disjoint by primary key, so one statement does all three.
    WITH fresh AS MATERIALIZED (SELECT * FROM heads_timeline_of(mission_ids)),
    changed AS (
        UPDATE heads_timeline t
           SET (tenure_id, city_id, city, sending_code, sending, mission_kind_code,
                mission_kind, head_status, head, rank_code, rank, rank_class, ad_interim,
                cow_level, since, since_precision, first_attested_on, attested_precision,
                credentials_on, credentials_precision, credentials_authority, accredited_to,
                source, precedence_group, functions_since, functions_before, seat_inferred,
                resident_city, host_code, organisation, host)
             = (f.tenure_id, f.city_id, f.city, f.sending_code, f.sending,
                f.mission_kind_code, f.mission_kind, f.head_status, f.head, f.rank_code,
                f.rank, f.rank_class, f.ad_interim, f.cow_level, f.since, f.since_precision,
                f.first_attested_on, f.attested_precision, f.credentials_on,
                f.credentials_precision, f.credentials_authority, f.accredited_to, f.source,
                f.precedence_group, f.functions_since, f.functions_before, f.seat_inferred,
                f.resident_city, f.host_code, f.organisation, f.host)
          FROM fresh f
         WHERE t.mission_id = f.mission_id
           AND t.valid = f.valid
           AND t.recorded = f.recorded
           AND (t.*) IS DISTINCT FROM (f.*)
    ),
    gone AS (
        DELETE FROM heads_timeline t
         WHERE t.mission_id = ANY(mission_ids)
           AND NOT EXISTS (SELECT FROM fresh f
                            WHERE t.mission_id = f.mission_id
                              AND t.valid = f.valid
                              AND t.recorded = f.recorded)
    )
    INSERT INTO heads_timeline
    SELECT f.* FROM fresh f
     WHERE NOT EXISTS (SELECT FROM heads_timeline t
                        WHERE t.mission_id = f.mission_id
                          AND t.valid = f.valid
                          AND t.recorded = f.recorded);
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
    -- Only the rows that differ are written, as in refresh_heads_timeline.
    WITH fresh AS MATERIALIZED (SELECT * FROM mission_timeline_of(mission_ids)),
    changed AS (
        UPDATE mission_timeline t
           SET (recorded, tenure_id, on_date, head, rank, rank_class, started_on,
                start_precision, first_attested_on, attested_precision, ended_on,
                end_precision, credentials_on, credentials_precision, credentials_authority,
                resident_city, change_code, change, occurred_on, occurred_precision,
                mission_status, actor, actor_authority, note, source)
             = (f.recorded, f.tenure_id, f.on_date, f.head, f.rank, f.rank_class,
                f.started_on, f.start_precision, f.first_attested_on, f.attested_precision,
                f.ended_on, f.end_precision, f.credentials_on, f.credentials_precision,
                f.credentials_authority, f.resident_city, f.change_code, f.change,
                f.occurred_on, f.occurred_precision, f.mission_status, f.actor,
                f.actor_authority, f.note, f.source)
          FROM fresh f
         WHERE t.mission_id = f.mission_id
           AND t.fact = f.fact
           AND t.fact_id = f.fact_id
           AND (t.*) IS DISTINCT FROM (f.*)
    ),
    gone AS (
        DELETE FROM mission_timeline t
         WHERE t.mission_id = ANY(mission_ids)
           AND NOT EXISTS (SELECT FROM fresh f
                            WHERE t.mission_id = f.mission_id
                              AND t.fact = f.fact
                              AND t.fact_id = f.fact_id)
    )
    INSERT INTO mission_timeline
    SELECT f.* FROM fresh f
     WHERE NOT EXISTS (SELECT FROM mission_timeline t
                        WHERE t.mission_id = f.mission_id
                          AND t.fact = f.fact
                          AND t.fact_id = f.fact_id);
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
    -- Only the rows that differ are written, as in refresh_heads_timeline.
    WITH fresh AS MATERIALIZED (SELECT * FROM mission_timeline_of(mission_ids)),
    changed AS (
        UPDATE mission_timeline t
           SET (recorded, tenure_id, on_date, head, rank, rank_class, started_on,
                start_precision, first_attested_on, attested_precision, ended_on,
                end_precision, credentials_on, credentials_precision, credentials_authority,
                resident_city, change_code, change, occurred_on, occurred_precision,
                mission_status, actor, actor_authority, note, source)
             = (f.recorded, f.tenure_id, f.on_date, f.head, f.rank, f.rank_class,
                f.started_on, f.start_precision, f.first_attested_on, f.attested_precision,
                f.ended_on, f.end_precision, f.credentials_on, f.credentials_precision,
                f.credentials_authority, f.resident_city, f.change_code, f.change,
                f.occurred_on, f.occurred_precision, f.mission_status, f.actor,
                f.actor_authority, f.note, f.source)
          FROM fresh f
         WHERE t.mission_id = f.mission_id
           AND t.fact = f.fact
           AND t.fact_id = f.fact_id
           AND (t.*) IS DISTINCT FROM (f.*)
    ),
    gone AS (
        DELETE FROM mission_timeline t
         WHERE t.mission_id = ANY(mission_ids)
           AND NOT EXISTS (SELECT FROM fresh f
                            WHERE t.mission_id = f.mission_id
                              AND t.fact = f.fact
                              AND t.fact_id = f.fact_id)
    )
    INSERT INTO mission_timeline
    SELECT f.* FROM fresh f
     WHERE NOT EXISTS (SELECT FROM mission_timeline t
                        WHERE t.mission_id = f.mission_id
                          AND t.fact = f.fact
                          AND t.fact_id = f.fact_id);
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
    -- Only the rows that differ are written, as in refresh_heads_timeline; new rows
    -- a mission's together: evidence_as_of reads them a mission at a time.
    WITH fresh AS MATERIALIZED (SELECT * FROM fact_evidence_of(mission_ids)),
    changed AS (
        UPDATE fact_evidence t
           SET (recorded, evidence_precision, evidence_attests, evidence_source,
                evidence_source_key, evidence_operating)
             = (f.recorded, f.evidence_precision, f.evidence_attests, f.evidence_source,
                f.evidence_source_key, f.evidence_operating)
          FROM fresh f
         WHERE t.mission_id = f.mission_id
           AND t.evidence_on = f.evidence_on
           AND t.fact = f.fact
           AND t.fact_id = f.fact_id
           AND (t.*) IS DISTINCT FROM (f.*)
    ),
    gone AS (
        DELETE FROM fact_evidence t
         WHERE t.mission_id = ANY(mission_ids)
           AND NOT EXISTS (SELECT FROM fresh f
                            WHERE t.mission_id = f.mission_id
                              AND t.evidence_on = f.evidence_on
                              AND t.fact = f.fact
                              AND t.fact_id = f.fact_id)
    )
    INSERT INTO fact_evidence
    SELECT f.* FROM fresh f
     WHERE NOT EXISTS (SELECT FROM fact_evidence t
                        WHERE t.mission_id = f.mission_id
                          AND t.evidence_on = f.evidence_on
                          AND t.fact = f.fact
                          AND t.fact_id = f.fact_id)
     ORDER BY f.mission_id, f.evidence_on;
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
    -- Only the rows that differ are written, as in refresh_heads_timeline; new rows
    -- a mission's together: evidence_as_of reads them a mission at a time.
    WITH fresh AS MATERIALIZED (SELECT * FROM fact_evidence_of(mission_ids)),
    changed AS (
        UPDATE fact_evidence t
           SET (recorded, evidence_precision, evidence_attests, evidence_source,
                evidence_source_key, evidence_operating)
             = (f.recorded, f.evidence_precision, f.evidence_attests, f.evidence_source,
                f.evidence_source_key, f.evidence_operating)
          FROM fresh f
         WHERE t.mission_id = f.mission_id
           AND t.evidence_on = f.evidence_on
           AND t.fact = f.fact
           AND t.fact_id = f.fact_id
           AND (t.*) IS DISTINCT FROM (f.*)
    ),
    gone AS (
        DELETE FROM fact_evidence t
         WHERE t.mission_id = ANY(mission_ids)
           AND NOT EXISTS (SELECT FROM fresh f
                            WHERE t.mission_id = f.mission_id
                              AND t.evidence_on = f.evidence_on
                              AND t.fact = f.fact
                              AND t.fact_id = f.fact_id)
    )
    INSERT INTO fact_evidence
    SELECT f.* FROM fresh f
     WHERE NOT EXISTS (SELECT FROM fact_evidence t
                        WHERE t.mission_id = f.mission_id
                          AND t.evidence_on = f.evidence_on
                          AND t.fact = f.fact
                          AND t.fact_id = f.fact_id)
     ORDER BY f.mission_id, f.evidence_on;
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

CREATE INDEX ix_heads_timeline_city_id ON heads_timeline (city_id);

CREATE INDEX ix_heads_timeline_sending_code ON heads_timeline (sending_code);

DROP INDEX ix_heads_timeline_city_id_valid_recorded;

DROP INDEX ix_heads_timeline_sending_code_valid_recorded;

UPDATE alembic_version SET version_num='0023' WHERE alembic_version.version_num = '0022';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

