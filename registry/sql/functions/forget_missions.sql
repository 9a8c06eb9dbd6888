-- The derived tables hold no foreign key to mission (revision 0026): a refresh only
-- writes rows of missions it has locked and read, so what a key would add is the
-- deletion of a mission's rows with it, done here once a statement; a key checked
-- each derived row alone, 40% of a full rebuild (benchmarks/README.md).
CREATE OR REPLACE FUNCTION public.forget_missions()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE heads_timeline, mission_timeline, fact_evidence;
    ELSE
        DELETE FROM heads_timeline WHERE mission_id IN (SELECT id FROM gone);
        DELETE FROM mission_timeline WHERE mission_id IN (SELECT id FROM gone);
        DELETE FROM fact_evidence WHERE mission_id IN (SELECT id FROM gone);
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION forget_missions() FROM PUBLIC;
COMMENT ON FUNCTION forget_missions() IS 'Statement trigger on mission (revision 0026): deletes the derived rows (heads_timeline, mission_timeline, fact_evidence) of deleted missions, and empties them when mission is truncated.';
