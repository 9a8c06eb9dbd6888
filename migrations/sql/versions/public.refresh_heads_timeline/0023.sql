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
