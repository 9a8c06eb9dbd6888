-- As refresh_mission_timeline: under a lock on the missions' rows, READ COMMITTED only.
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
