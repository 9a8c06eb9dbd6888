-- Replace the timeline rows of these missions with what the facts say now. Locks the
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
    -- Under REPEATABLE READ the DELETE below could miss rows another transaction
    -- refreshed meanwhile and leave both versions.
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'the heads timeline is kept under READ COMMITTED, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Write facts in a READ COMMITTED transaction, the default.';
    END IF;
    PERFORM 1 FROM mission WHERE id = ANY(mission_ids) ORDER BY id FOR NO KEY UPDATE;
    DELETE FROM heads_timeline WHERE mission_id = ANY(mission_ids);
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
    INSERT INTO heads_timeline SELECT * FROM heads_timeline_of(mission_ids);
    PERFORM set_config('enable_nestloop', nestloop, true);
    PERFORM set_config('work_mem', memory, true);
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_heads_timeline(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_heads_timeline(integer[]) IS 'Replaces the heads_timeline rows of these missions with heads_timeline_of(), under a lock on the missions.';
