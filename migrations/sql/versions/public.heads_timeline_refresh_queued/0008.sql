-- At commit, once for all the statements of the transaction that queued missions
-- (the first firing empties the queue; the others find it empty).
CREATE FUNCTION heads_timeline_refresh_queued()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
DECLARE
    mission_ids integer[];
BEGIN
    WITH done AS (
        DELETE FROM heads_timeline_queue WHERE queued_by = txid_current()
        RETURNING heads_timeline_queue.mission_ids
    )
    SELECT array_agg(DISTINCT m) INTO mission_ids FROM done, unnest(done.mission_ids) m;
    IF mission_ids IS NOT NULL THEN
        PERFORM refresh_heads_timeline(mission_ids);
    END IF;
    RETURN NULL;
END
$$;

