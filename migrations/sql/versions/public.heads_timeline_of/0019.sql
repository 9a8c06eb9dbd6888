-- What reporting.heads_as_of would answer for these missions, on every date and at
-- every recorded instant, as rows over stretches of valid time x recorded time.
CREATE OR REPLACE FUNCTION public.heads_timeline_of(mission_ids integer[])
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
    SELECT ms.mission_id, lower(ms.recorded) FROM mission_seat ms WHERE ms.mission_id = ANY(mission_ids)
    UNION
    SELECT ms.mission_id, upper(ms.recorded) FROM mission_seat ms
     WHERE ms.mission_id = ANY(mission_ids) AND NOT upper_inf(ms.recorded)
    UNION
    SELECT m.id, m.recorded_at FROM mission m WHERE m.id = ANY(mission_ids)
),
-- Stretches of recorded time over which nothing about the mission changed.
version AS (
    SELECT mission_id, at, lead(at) OVER (PARTITION BY mission_id ORDER BY at) AS until
      FROM instant
),
-- Versions from when the registry recorded the mission: none before shows anything.
shown AS (
    SELECT v.mission_id, v.at, v.until
      FROM version v JOIN mission m ON m.id = v.mission_id
     WHERE v.at >= m.recorded_at
),
-- The mission's tenures each version holds, numbered by start: within one version no
-- two overlap (ex_tenure_one_head_at_a_time), so the n-th to start is the one that
-- began last on any date after n starts, and it heads the mission until it ends.
held_tenure AS (
    SELECT v.mission_id, v.at, t.id, lower(t.valid) AS starts, upper(t.valid) AS ends,
           row_number() OVER (PARTITION BY v.mission_id, v.at ORDER BY lower(t.valid)) AS n
      FROM shown v JOIN tenure t ON t.mission_id = v.mission_id AND t.recorded @> v.at
),
-- The mission's status changes each version holds, numbered in the order the latest
-- one wins (the date, then the id): after n of them, the n-th gives the status.
held_change AS (
    SELECT v.mission_id, v.at, sc.id, sc.occurred_on, k.mission_status, sc.source_id,
           row_number() OVER (PARTITION BY v.mission_id, v.at ORDER BY sc.occurred_on, sc.id) AS n
      FROM shown v
      JOIN status_change sc ON sc.mission_id = v.mission_id AND sc.recorded @> v.at
      JOIN status_change_kind k
        ON k.code = sc.kind AND k.applies_to = 'mission' AND k.mission_status IS NOT NULL
),
-- The mission's dated seats each version holds (revision 0019): within one version
-- no two overlap (ex_mission_seat_one_seat_at_a_time).
held_seat AS (
    SELECT v.mission_id, v.at, ms.city_id, ms.valid
      FROM shown v JOIN mission_seat ms ON ms.mission_id = v.mission_id AND ms.recorded @> v.at
),
-- Within one version, the dates on which the mission's status, head or seat changed,
-- and how many tenures and status changes had begun by each.
event AS (
    SELECT mission_id, at, starts AS on_date, 1 AS tenures, 0 AS changes FROM held_tenure
    UNION ALL
    SELECT mission_id, at, ends, 0, 0 FROM held_tenure WHERE ends IS NOT NULL
    UNION ALL
    SELECT mission_id, at, occurred_on, 0, 1 FROM held_change
    UNION ALL
    SELECT mission_id, at, lower(valid), 0, 0 FROM held_seat WHERE NOT lower_inf(valid)
    UNION ALL
    SELECT mission_id, at, upper(valid), 0, 0 FROM held_seat WHERE NOT upper_inf(valid)
),
boundary AS (
    SELECT mission_id, at, on_date,
           sum(tenures)::integer AS tenures, sum(changes)::integer AS changes
      FROM event
     GROUP BY mission_id, at, on_date
),
segment AS (
    SELECT mission_id, at, on_date,
           lead(on_date) OVER w AS next_date,
           sum(tenures) OVER w AS tenures,
           sum(changes) OVER w AS changes
      FROM boundary
    WINDOW w AS (PARTITION BY mission_id, at ORDER BY on_date)
),
-- Whom the mission was accredited to in each version: once a version, not a segment.
accredited AS (
    SELECT v.mission_id, v.at,
           array_agg(ap.name ORDER BY ap.id <> m.host_party_id, NOT a.resident, ap.name) AS names
      FROM shown v
      JOIN mission m ON m.id = v.mission_id
      JOIN accreditation a ON a.mission_id = v.mission_id AND a.recorded @> v.at
      JOIN party ap ON ap.id = a.party_id
     GROUP BY v.mission_id, v.at
),
-- The tenure that began last heads the mission on the date if it has not ended by
-- then; if it has, it is the previous tenure of a vacant post. Its seat on the date
-- is the dated seat covering it (seat boundaries are segment boundaries), if any.
state AS (
    SELECT s.mission_id, s.at, v.until, s.on_date, s.next_date,
           hc.mission_status AS status, hc.source_id AS status_source_id,
           hs.city_id AS seat_city_id,
           CASE WHEN ht.ends IS NULL OR ht.ends > s.on_date THEN ht.id END AS tenure_id,
           CASE WHEN ht.ends <= s.on_date THEN ht.id END AS previous_tenure_id
      FROM segment s
      JOIN shown v ON v.mission_id = s.mission_id AND v.at = s.at
      LEFT JOIN held_tenure ht
        ON ht.mission_id = s.mission_id AND ht.at = s.at AND ht.n = s.tenures
      LEFT JOIN held_change hc
        ON hc.mission_id = s.mission_id AND hc.at = s.at AND hc.n = s.changes
      LEFT JOIN held_seat hs
        ON hs.mission_id = s.mission_id AND hs.at = s.at AND hs.valid @> s.on_date
)
SELECT
    s.mission_id,
    daterange(s.on_date, s.next_date),
    tstzrange(s.at, s.until),
    t.id,
    COALESCE(s.seat_city_id, m.city_id),
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
    m.seat_inferred AND s.seat_city_id IS NULL,
    rc.name,
    hp.code,
    op.name,
    hp.name
FROM state s
JOIN mission m ON m.id = s.mission_id
JOIN party sp ON sp.id = m.sending_party_id
JOIN party hp ON hp.id = m.host_party_id
JOIN mission_kind mk ON mk.code = m.kind
LEFT JOIN city c ON c.id = COALESCE(s.seat_city_id, m.city_id)
LEFT JOIN party op ON op.id = m.organisation_id
LEFT JOIN tenure t ON t.id = s.tenure_id
LEFT JOIN tenure pt ON pt.id = s.previous_tenure_id
LEFT JOIN rank r ON r.code = t.rank_code
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
LEFT JOIN city rc ON rc.id = t.resident_city_id
LEFT JOIN source src ON src.id = COALESCE(t.source_id, pt.source_id, s.status_source_id)
LEFT JOIN accredited acc ON acc.mission_id = s.mission_id AND acc.at = s.at
WHERE s.status = 'operating' OR (s.status IS NULL AND t.id IS NOT NULL)
$$;
REVOKE EXECUTE ON FUNCTION heads_timeline_of(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION heads_timeline_of(integer[]) IS 'The definition of heads_timeline: the rows these missions should have, computed from the facts.';
