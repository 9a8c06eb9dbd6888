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
