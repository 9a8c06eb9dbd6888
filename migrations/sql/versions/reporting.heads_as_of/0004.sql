-- Who heads each mission on a date. A mission is listed when its latest status
-- change on or before the date leaves it operating, or, with no status on record,
-- when a tenure covers the date. With no tenure covering the date, the head is
-- 'vacant' since the end of the last tenure, or 'unknown' if none ended before.
-- A plain SQL function over the views above, run with the caller's rights: the
-- planner inlines it, so a filter on city_id or mission_id reaches the indexes.
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
    host_code text
)
LANGUAGE sql STABLE
AS $$
SELECT
    m.mission_id,
    m.city_id,
    m.city,
    m.sending_code,
    m.sending,
    m.mission_kind_code,
    m.mission_kind,
    CASE
        WHEN t.tenure_id IS NOT NULL AND t.person_id IS NOT NULL THEN 'named'
        WHEN t.tenure_id IS NOT NULL THEN 'unnamed'
        WHEN pt.tenure_id IS NOT NULL THEN 'vacant'
        ELSE 'unknown'
    END,
    t.head,
    t.rank_code,
    t.rank,
    t.rank_class,
    t.ad_interim,
    t.cow_level,
    CASE WHEN t.tenure_id IS NOT NULL THEN t.started_on ELSE pt.ended_on END,
    CASE WHEN t.tenure_id IS NOT NULL THEN t.start_precision ELSE pt.end_precision END,
    t.first_attested_on,
    t.attested_precision,
    t.credentials_on,
    t.credentials_precision,
    t.credentials_authority,
    m.accredited_to,
    COALESCE(t.source, pt.source, st.source),
    CASE t.rank_class
        WHEN 'a' THEN 1 WHEN 'b' THEN 2 WHEN 'c' THEN 3
        ELSE CASE WHEN t.ad_interim THEN 4 WHEN t.rank_code IS NOT NULL THEN 5 ELSE 6 END
    END,
    COALESCE(t.credentials_on, t.started_on),
    t.credentials_authority_until,
    m.seat_inferred,
    t.resident_city,
    m.host_code
FROM reporting.mission m
LEFT JOIN LATERAL (
    SELECT sc.mission_status AS status, sc.source
      FROM reporting.mission_status_change sc
     WHERE sc.mission_id = m.mission_id AND sc.applies_to = 'mission'
       AND sc.mission_status IS NOT NULL AND sc.occurred_on <= as_of
     ORDER BY sc.occurred_on DESC, sc.status_change_id DESC
     LIMIT 1
) st ON true
LEFT JOIN reporting.head_of_mission t ON t.mission_id = m.mission_id AND t.valid @> as_of
LEFT JOIN LATERAL (
    SELECT prev.tenure_id, prev.ended_on, prev.end_precision, prev.source
      FROM reporting.head_of_mission prev
     WHERE prev.mission_id = m.mission_id AND prev.ended_on <= as_of
     ORDER BY prev.ended_on DESC
     LIMIT 1
) pt ON t.tenure_id IS NULL
WHERE st.status = 'operating' OR (st.status IS NULL AND t.tenure_id IS NOT NULL)
$$;

COMMENT ON FUNCTION reporting.heads_as_of(date) IS 'Who heads each operating mission on a date: one row per mission, head_status named, unnamed (rank known, name not), vacant (no head on record since the last tenure ended) or unknown. Order by precedence_group, COALESCE(functions_since, functions_before) for Vienna Convention precedence. Honours registry.as_recorded like the views.';

