-- The rows reporting.head_of_mission and reporting.mission_status_change show for
-- these missions, each with the recorded time over which they show it: the fact's
-- version, from when the mission was recorded, and for a head's status change
-- while the head's tenure version holds too. Three branches, so each reaches an index.
CREATE OR REPLACE FUNCTION mission_timeline_of(mission_ids integer[])
RETURNS SETOF mission_timeline
LANGUAGE sql STABLE
AS $$
SELECT
    t.mission_id, 'tenure', t.id, t.recorded * tstzrange(m.recorded_at, NULL),
    NULL::integer,
    lower(t.valid),
    p.name, r.title, r.vienna_class,
    CASE WHEN t.start_precision IS NOT NULL THEN lower(t.valid) END, t.start_precision,
    CASE WHEN t.start_precision IS NULL THEN lower(t.valid) END, t.attested_precision,
    upper(t.valid), t.end_precision,
    t.credentials_on, t.credentials_precision, ca.name,
    (SELECT rc.name FROM city rc WHERE rc.id = t.resident_city_id),
    NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    t.note, s.title
FROM tenure t
JOIN mission m ON m.id = t.mission_id
JOIN rank r ON r.code = t.rank_code
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
JOIN source s ON s.id = t.source_id
WHERE t.mission_id = ANY(mission_ids)
  AND NOT isempty(t.recorded * tstzrange(m.recorded_at, NULL))
UNION ALL
SELECT
    sc.mission_id, 'status_change', sc.id, sc.recorded * tstzrange(m.recorded_at, NULL),
    NULL::integer,
    sc.occurred_on,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    sc.kind, k.label, sc.occurred_on, sc.occurred_precision, k.mission_status, ap.name, aa.name,
    sc.note, s.title
FROM status_change sc
JOIN mission m ON m.id = sc.mission_id
JOIN status_change_kind k ON k.code = sc.kind
LEFT JOIN party ap ON ap.id = sc.actor_party_id
LEFT JOIN authority aa ON aa.id = sc.actor_authority_id
JOIN source s ON s.id = sc.source_id
WHERE sc.mission_id = ANY(mission_ids)
  AND NOT isempty(sc.recorded * tstzrange(m.recorded_at, NULL))
UNION ALL
SELECT
    t.mission_id, 'status_change', sc.id,
    sc.recorded * t.recorded * tstzrange(m.recorded_at, NULL), sc.tenure_id,
    sc.occurred_on,
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    sc.kind, k.label, sc.occurred_on, sc.occurred_precision, k.mission_status, ap.name, aa.name,
    sc.note, s.title
FROM status_change sc
JOIN tenure t ON t.id = sc.tenure_id
JOIN mission m ON m.id = t.mission_id
JOIN status_change_kind k ON k.code = sc.kind
LEFT JOIN party ap ON ap.id = sc.actor_party_id
LEFT JOIN authority aa ON aa.id = sc.actor_authority_id
JOIN source s ON s.id = sc.source_id
WHERE t.mission_id = ANY(mission_ids)
  AND NOT isempty(sc.recorded * t.recorded * tstzrange(m.recorded_at, NULL))
$$;
REVOKE EXECUTE ON FUNCTION mission_timeline_of(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION mission_timeline_of(integer[]) IS 'The definition of mission_timeline: the rows these missions should have, computed from the facts.';
