-- Every derived table of these missions; what the triggers call.
CREATE OR REPLACE FUNCTION public.refresh_timelines(mission_ids integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM refresh_heads_timeline(mission_ids);
    PERFORM refresh_mission_timeline(mission_ids);
    PERFORM refresh_fact_evidence(mission_ids);
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_timelines(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_timelines(integer[]) IS 'Refreshes the derived tables heads_timeline, mission_timeline and fact_evidence of these missions.';
