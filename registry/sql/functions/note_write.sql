CREATE OR REPLACE FUNCTION public.note_write()
RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    -- An import keeping its own mark (registry/bundle/runs.py) sets registry.marking:
    -- its statements are what the mark stands for, and are not counted against it.
    IF current_setting('registry.marking', true) = 'on' THEN
        RETURN NULL;
    END IF;
    -- Held shared to this writer's commit, so an import starting meanwhile can tell
    -- that a write it may not see is in flight (registry.access.WRITE_MARK_LOCK_ID).
    PERFORM pg_advisory_xact_lock_shared(1919248247);
    PERFORM nextval('public.write_mark');
    RETURN NULL;
END
$$;
COMMENT ON FUNCTION public.note_write() IS 'Statement trigger on every fact and reference table (revision 0024): advances the write_mark sequence, so that an import can tell whether anything was written since it committed.';
