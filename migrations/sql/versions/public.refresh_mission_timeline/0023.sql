-- As refresh_heads_timeline: under a lock on the missions' rows, READ COMMITTED only.
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
