-- Who heads each mission on a date. A mission is listed when its latest status
-- change on or before the date leaves it operating, or, with no status on record,
-- when a tenure covers the date. With no tenure covering the date, the head is
-- 'vacant' since the end of the last tenure, or 'unknown' if none ended before.
-- The answer is precomputed for every date and recorded instant in the table
-- heads_timeline (revision 0008: computing it per mission from the views took
-- 0.1 ms a mission at world scale, benchmarks/README.md); heads_timeline_of() in
-- the migration is the definition, and triggers on every table it reads keep it.
CREATE FUNCTION reporting.heads_as_of(as_of date)
RETURNS TABLE (
    mission_id integer,
    city_id integer,
    city text,
    sending_code text,
    sending text,
    mission_kind_code text,
    mission_kind text,
    head_status text,
    head text,
    rank_code text,
    rank text,
    rank_class text,
    ad_interim boolean,
    cow_level smallint,
    since date,
    since_precision text,
    first_attested_on date,
    attested_precision text,
    credentials_on date,
    credentials_precision text,
    credentials_authority text,
    accredited_to text[],
    source text,
    precedence_group integer,
    functions_since date,
    functions_before date,
    seat_inferred boolean,
    resident_city text,
    host_code text,
    organisation text,
    host text
)
LANGUAGE sql STABLE
AS $$
SELECT
    h.mission_id,
    h.city_id,
    h.city,
    h.sending_code,
    h.sending,
    h.mission_kind_code,
    h.mission_kind,
    h.head_status,
    h.head,
    h.rank_code,
    h.rank,
    h.rank_class,
    h.ad_interim,
    h.cow_level,
    h.since,
    h.since_precision,
    h.first_attested_on,
    h.attested_precision,
    h.credentials_on,
    h.credentials_precision,
    h.credentials_authority,
    h.accredited_to,
    h.source,
    h.precedence_group,
    h.functions_since,
    h.functions_before,
    h.seat_inferred,
    h.resident_city,
    h.host_code,
    h.organisation,
    h.host
FROM reporting.heads_timeline h
WHERE h.valid @> as_of
$$;

COMMENT ON FUNCTION reporting.heads_as_of(date) IS 'Who heads each operating mission on a date: one row per mission, head_status named, unnamed (rank known, name not), vacant (no head on record since the last tenure ended) or unknown. Order by precedence_group, COALESCE(functions_since, functions_before) for Vienna Convention precedence. Honours registry.as_recorded like the views.';

