-- As refresh_heads_timeline: under a lock on the missions' rows, READ COMMITTED only.
CREATE OR REPLACE FUNCTION refresh_mission_timeline(mission_ids integer[])
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
    DELETE FROM mission_timeline WHERE mission_id = ANY(mission_ids);
    INSERT INTO mission_timeline SELECT * FROM mission_timeline_of(mission_ids);
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_mission_timeline(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_mission_timeline(integer[]) IS 'Replaces the mission_timeline rows of these missions with mission_timeline_of(), under a lock on the missions.';
