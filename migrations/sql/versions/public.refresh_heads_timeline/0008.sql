-- Replace the timeline rows of these missions with what the facts say now. Locks the
-- missions' rows first, so two transactions refreshing one mission take turns and
-- the second reads what the first committed.
CREATE FUNCTION refresh_heads_timeline(mission_ids integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
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
    INSERT INTO heads_timeline SELECT * FROM heads_timeline_of(mission_ids);
END
$$;

-- Only the triggers (running as the owner) and the owner refresh the timeline.
REVOKE EXECUTE ON FUNCTION refresh_heads_timeline(integer[]) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION heads_timeline_of(integer[]) FROM PUBLIC;

