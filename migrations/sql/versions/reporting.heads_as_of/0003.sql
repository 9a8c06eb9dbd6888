-- Who heads each mission on a date. A mission is listed when its latest status
-- change on or before the date leaves it operating, or, with no status on record,
-- when a tenure covers the date. With no tenure covering the date, the head is
-- 'vacant' since the end of the last tenure, or 'unknown' if none ended before.
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
    functions_before date
)
LANGUAGE sql STABLE
-- Functions, unlike views, run with the caller's rights: SECURITY DEFINER lets
-- analysts, who cannot read the base tables, call it; the fixed search_path keeps
-- callers from substituting objects.
SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
SELECT
    m.id,
    m.city_id,
    c.name,
    sp.code,
    sp.name,
    m.kind,
    mk.label,
    CASE
        WHEN t.id IS NOT NULL AND t.person_id IS NOT NULL THEN 'named'
        WHEN t.id IS NOT NULL THEN 'unnamed'
        WHEN pt.id IS NOT NULL THEN 'vacant'
        ELSE 'unknown'
    END,
    p.name,
    r.code,
    r.title,
    r.vienna_class,
    r.ad_interim,
    r.cow_level,
    CASE
        WHEN t.id IS NOT NULL AND t.start_precision IS NOT NULL THEN lower(t.valid)
        WHEN t.id IS NULL THEN upper(pt.valid)
    END,
    CASE
        WHEN t.id IS NOT NULL THEN t.start_precision
        ELSE pt.end_precision
    END,
    CASE WHEN t.start_precision IS NULL THEN lower(t.valid) END,
    t.attested_precision,
    t.credentials_on,
    t.credentials_precision,
    ca.name,
    COALESCE(
        (SELECT array_agg(ap.name ORDER BY ap.id <> m.host_party_id, NOT a.resident, ap.name)
           FROM accreditation a JOIN party ap ON ap.id = a.party_id
          WHERE a.mission_id = m.id),
        '{}'
    ),
    COALESCE(ts.title, pts.title, st.source),
    CASE r.vienna_class
        WHEN 'a' THEN 1 WHEN 'b' THEN 2 WHEN 'c' THEN 3
        ELSE CASE WHEN r.ad_interim THEN 4 WHEN r.code IS NOT NULL THEN 5 ELSE 6 END
    END,
    COALESCE(t.credentials_on, CASE WHEN t.start_precision IS NOT NULL THEN lower(t.valid) END),
    upper(ca.valid)
FROM mission m
JOIN party sp ON sp.id = m.sending_party_id
JOIN mission_kind mk ON mk.code = m.kind
LEFT JOIN city c ON c.id = m.city_id
LEFT JOIN LATERAL (
    SELECT k.mission_status AS status, s.title AS source
      FROM status_change sc
      JOIN status_change_kind k ON k.code = sc.kind
      JOIN source s ON s.id = sc.source_id
     WHERE sc.mission_id = m.id AND k.mission_status IS NOT NULL AND sc.occurred_on <= as_of
     ORDER BY sc.occurred_on DESC, sc.id DESC
     LIMIT 1
) st ON true
LEFT JOIN tenure t ON t.mission_id = m.id AND t.valid @> as_of
LEFT JOIN LATERAL (
    SELECT prev.*
      FROM tenure prev
     WHERE prev.mission_id = m.id AND upper(prev.valid) <= as_of
     ORDER BY upper(prev.valid) DESC
     LIMIT 1
) pt ON t.id IS NULL
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN rank r ON r.code = t.rank_code
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
LEFT JOIN source ts ON ts.id = t.source_id
LEFT JOIN source pts ON pts.id = pt.source_id
WHERE st.status = 'operating' OR (st.status IS NULL AND t.id IS NOT NULL)
$$;

COMMENT ON FUNCTION reporting.heads_as_of(date) IS 'Who heads each operating mission on a date: one row per mission, head_status named, unnamed (rank known, name not), vacant (no head on record since the last tenure ended) or unknown. Order by precedence_group, COALESCE(functions_since, functions_before) for Vienna Convention precedence.';

-- Analysts (and the writer, whose `registry` reads through these) may read the
-- reporting schema and nothing else; grants go with the schema, which each
-- revision recreates.
REVOKE ALL ON FUNCTION reporting.heads_as_of(date) FROM PUBLIC;
