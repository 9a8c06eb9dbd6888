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
