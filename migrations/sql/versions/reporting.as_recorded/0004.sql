CREATE FUNCTION reporting.as_recorded()
RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT COALESCE(NULLIF(current_setting('registry.as_recorded', true), '')::timestamptz, 'infinity')
$$;

COMMENT ON FUNCTION reporting.as_recorded() IS 'The recorded-time instant the views show: the session setting registry.as_recorded (SET registry.as_recorded = ''2025-01-01 00:00+00'' to see what the registry said then), or infinity, meaning the current versions.';

