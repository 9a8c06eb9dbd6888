-- What reporting.heads_as_of would answer for these missions, on every date and at
-- every recorded instant, as rows over stretches of valid time x recorded time.
CREATE FUNCTION heads_timeline_of(mission_ids integer[])
RETURNS SETOF heads_timeline
LANGUAGE sql STABLE
AS $$
WITH
-- Every instant at which what the registry held about a mission changed.
instant AS (
    SELECT t.mission_id, lower(t.recorded) AS at FROM tenure t WHERE t.mission_id = ANY(mission_ids)
    UNION
    SELECT t.mission_id, upper(t.recorded) FROM tenure t
     WHERE t.mission_id = ANY(mission_ids) AND NOT upper_inf(t.recorded)
    UNION
    SELECT sc.mission_id, lower(sc.recorded) FROM status_change sc WHERE sc.mission_id = ANY(mission_ids)
    UNION
    SELECT sc.mission_id, upper(sc.recorded) FROM status_change sc
     WHERE sc.mission_id = ANY(mission_ids) AND NOT upper_inf(sc.recorded)
    UNION
    SELECT a.mission_id, lower(a.recorded) FROM accreditation a WHERE a.mission_id = ANY(mission_ids)
    UNION
    SELECT a.mission_id, upper(a.recorded) FROM accreditation a
     WHERE a.mission_id = ANY(mission_ids) AND NOT upper_inf(a.recorded)
    UNION
    SELECT m.id, m.recorded_at FROM mission m WHERE m.id = ANY(mission_ids)
),
-- Stretches of recorded time over which nothing about the mission changed.
version AS (
    SELECT mission_id, at, lead(at) OVER (PARTITION BY mission_id ORDER BY at) AS until
      FROM instant
),
-- Within one version, the dates on which the mission's status or head changed.
boundary AS (
    SELECT v.mission_id, v.at, v.until, lower(t.valid) AS on_date
      FROM version v JOIN tenure t ON t.mission_id = v.mission_id AND t.recorded @> v.at
    UNION
    SELECT v.mission_id, v.at, v.until, upper(t.valid)
      FROM version v JOIN tenure t ON t.mission_id = v.mission_id AND t.recorded @> v.at
     WHERE NOT upper_inf(t.valid)
    UNION
    SELECT v.mission_id, v.at, v.until, sc.occurred_on
      FROM version v
      JOIN status_change sc ON sc.mission_id = v.mission_id AND sc.recorded @> v.at
      JOIN status_change_kind k
        ON k.code = sc.kind AND k.applies_to = 'mission' AND k.mission_status IS NOT NULL
),
-- Whom the mission was accredited to in each version: once a version, not a segment.
accredited AS (
    SELECT v.mission_id, v.at,
           array_agg(ap.name ORDER BY ap.id <> m.host_party_id, NOT a.resident, ap.name) AS names
      FROM version v
      JOIN mission m ON m.id = v.mission_id
      JOIN accreditation a ON a.mission_id = v.mission_id AND a.recorded @> v.at
      JOIN party ap ON ap.id = a.party_id
     GROUP BY v.mission_id, v.at
),
segment AS (
    SELECT mission_id, at, until, on_date,
           lead(on_date) OVER (PARTITION BY mission_id, at ORDER BY on_date) AS next_date
      FROM boundary
),
state AS (
    SELECT s.*, st.mission_status AS status, st.source_id AS status_source_id,
           t.id AS tenure_id, pt.id AS previous_tenure_id
      FROM segment s
      LEFT JOIN LATERAL (
          SELECT k.mission_status, sc.source_id
            FROM status_change sc JOIN status_change_kind k ON k.code = sc.kind
           WHERE sc.mission_id = s.mission_id AND sc.recorded @> s.at
             AND k.applies_to = 'mission' AND k.mission_status IS NOT NULL
             AND sc.occurred_on <= s.on_date
           ORDER BY sc.occurred_on DESC, sc.id DESC
           LIMIT 1
      ) st ON true
      LEFT JOIN tenure t
        ON t.mission_id = s.mission_id AND t.recorded @> s.at AND t.valid @> s.on_date
      LEFT JOIN LATERAL (
          SELECT prev.id
            FROM tenure prev
           -- Only for a mission nobody heads then: a one-time filter, not a scan.
           WHERE t.id IS NULL AND prev.mission_id = s.mission_id AND prev.recorded @> s.at
             AND upper(prev.valid) <= s.on_date
           ORDER BY upper(prev.valid) DESC
           LIMIT 1
      ) pt ON true
)
SELECT
    s.mission_id,
    daterange(s.on_date, s.next_date),
    tstzrange(s.at, s.until),
    t.id,
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
    CASE WHEN t.id IS NOT NULL
         THEN CASE WHEN t.start_precision IS NOT NULL THEN lower(t.valid) END
         ELSE upper(pt.valid) END,
    CASE WHEN t.id IS NOT NULL THEN t.start_precision ELSE pt.end_precision END,
    CASE WHEN t.start_precision IS NULL THEN lower(t.valid) END,
    t.attested_precision,
    t.credentials_on,
    t.credentials_precision,
    ca.name,
    COALESCE(acc.names, '{}'),
    src.title,
    CASE r.vienna_class
        WHEN 'a' THEN 1 WHEN 'b' THEN 2 WHEN 'c' THEN 3
        ELSE CASE WHEN r.ad_interim THEN 4 WHEN r.code IS NOT NULL THEN 5 ELSE 6 END
    END,
    COALESCE(t.credentials_on, CASE WHEN t.start_precision IS NOT NULL THEN lower(t.valid) END),
    upper(ca.valid),
    m.seat_inferred,
    rc.name,
    hp.code,
    op.name,
    hp.name
FROM state s
JOIN mission m ON m.id = s.mission_id
JOIN party sp ON sp.id = m.sending_party_id
JOIN party hp ON hp.id = m.host_party_id
JOIN mission_kind mk ON mk.code = m.kind
LEFT JOIN city c ON c.id = m.city_id
LEFT JOIN party op ON op.id = m.organisation_id
LEFT JOIN tenure t ON t.id = s.tenure_id
LEFT JOIN tenure pt ON pt.id = s.previous_tenure_id
LEFT JOIN rank r ON r.code = t.rank_code
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
LEFT JOIN city rc ON rc.id = t.resident_city_id
LEFT JOIN source src ON src.id = COALESCE(t.source_id, pt.source_id, s.status_source_id)
LEFT JOIN accredited acc ON acc.mission_id = s.mission_id AND acc.at = s.at
WHERE (s.status = 'operating' OR (s.status IS NULL AND t.id IS NOT NULL))
  AND s.at >= m.recorded_at  -- nothing before the registry recorded the mission
$$;

