-- Bring the timeline rows of these missions to what the facts say now. Locks the
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
