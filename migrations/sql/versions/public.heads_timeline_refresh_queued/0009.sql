CREATE OR REPLACE FUNCTION heads_timeline_refresh_queued()
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
        PERFORM refresh_timelines(mission_ids);
    END IF;
    RETURN NULL;
END
$$;

COMMENT ON FUNCTION heads_timeline_stale() IS 'Trigger: refreshes (or queues until commit) both timelines, heads_timeline and mission_timeline, of the missions a statement touched.';
COMMENT ON FUNCTION heads_timeline_refresh_queued() IS 'Deferred trigger: refreshes both timelines of the missions the transaction queued, once, at commit.';
