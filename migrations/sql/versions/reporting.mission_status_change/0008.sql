-- Two branches, changes of a mission and changes of one of its heads, rather than
-- COALESCE(sc.mission_id, t.mission_id) over an outer join: a filter on mission_id
-- then reaches the indexes of both (measured in benchmarks/README.md). Like
-- head_of_mission, each joins the mission and its parties directly (LEFT JOIN: see there).
CREATE VIEW reporting.mission_status_change AS
SELECT
    sc.id AS status_change_id,
    sc.kind AS change_code,
    k.label AS change,
    sc.occurred_on,
    sc.occurred_precision,
    sc.mission_id,
    sc.tenure_id,
    k.mission_status,
    ap.name AS actor,
    aa.name AS actor_authority,
    sc.note,
    s.title AS source,
    k.applies_to,
    sp.code AS sending_code,
    sp.name AS sending,
    hp.code AS host_code,
    hp.name AS host,
    mc.name AS city,
    m.kind AS mission_kind_code,
    ap.code AS actor_code,
    s.published_on AS source_published_on,
    lower(sc.recorded) AS recorded_from,
    sc.recorded_by
FROM status_change sc
JOIN status_change_kind k ON k.code = sc.kind
JOIN mission m ON m.id = sc.mission_id AND m.recorded_at <= reporting.as_recorded()
LEFT JOIN party sp ON sp.id = m.sending_party_id
LEFT JOIN party hp ON hp.id = m.host_party_id
LEFT JOIN city mc ON mc.id = m.city_id
LEFT JOIN party ap ON ap.id = sc.actor_party_id
LEFT JOIN authority aa ON aa.id = sc.actor_authority_id
JOIN source s ON s.id = sc.source_id
WHERE sc.recorded @> reporting.as_recorded()
UNION ALL
SELECT
    sc.id,
    sc.kind,
    k.label,
    sc.occurred_on,
    sc.occurred_precision,
    t.mission_id,
    sc.tenure_id,
    k.mission_status,
    ap.name,
    aa.name,
    sc.note,
    s.title,
    k.applies_to,
    sp.code,
    sp.name,
    hp.code,
    hp.name,
    mc.name,
    m.kind,
    ap.code,
    s.published_on,
    lower(sc.recorded),
    sc.recorded_by
FROM status_change sc
JOIN tenure t ON t.id = sc.tenure_id
JOIN status_change_kind k ON k.code = sc.kind
JOIN mission m ON m.id = t.mission_id AND m.recorded_at <= reporting.as_recorded()
LEFT JOIN party sp ON sp.id = m.sending_party_id
LEFT JOIN party hp ON hp.id = m.host_party_id
LEFT JOIN city mc ON mc.id = m.city_id
LEFT JOIN party ap ON ap.id = sc.actor_party_id
LEFT JOIN authority aa ON aa.id = sc.actor_authority_id
JOIN source s ON s.id = sc.source_id
WHERE sc.recorded @> reporting.as_recorded()
  AND t.recorded @> reporting.as_recorded();

COMMENT ON VIEW reporting.mission_status_change IS 'Every dated status change of a mission or of one of its heads, with who acted and the source.';
COMMENT ON COLUMN reporting.mission_status_change.status_change_id IS 'Status change identifier.';
COMMENT ON COLUMN reporting.mission_status_change.change_code IS 'Kind of change, as a code.';
COMMENT ON COLUMN reporting.mission_status_change.change IS 'Kind of change, as a label.';
COMMENT ON COLUMN reporting.mission_status_change.occurred_on IS 'When (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.mission_status_change.occurred_precision IS 'Precision of occurred_on.';
COMMENT ON COLUMN reporting.mission_status_change.mission_id IS 'The mission concerned (directly or through its head).';
COMMENT ON COLUMN reporting.mission_status_change.tenure_id IS 'The tenure concerned, for changes of a head''s status.';
COMMENT ON COLUMN reporting.mission_status_change.mission_status IS 'The mission''s status after the change, when it sets one.';
COMMENT ON COLUMN reporting.mission_status_change.actor IS 'The state or organisation that acted.';
COMMENT ON COLUMN reporting.mission_status_change.actor_authority IS 'The authority that acted, where it matters which.';
COMMENT ON COLUMN reporting.mission_status_change.note IS 'Detail as the source gives it.';
COMMENT ON COLUMN reporting.mission_status_change.source IS 'Title of the source.';
COMMENT ON COLUMN reporting.mission_status_change.applies_to IS 'mission for a change of the mission, tenure for a change of its head.';
COMMENT ON COLUMN reporting.mission_status_change.sending_code IS 'Code of the mission''s sending party.';
COMMENT ON COLUMN reporting.mission_status_change.sending IS 'The mission''s sending state or organisation.';
COMMENT ON COLUMN reporting.mission_status_change.host_code IS 'Code of the state the mission sits in.';
COMMENT ON COLUMN reporting.mission_status_change.host IS 'State the mission sits in.';
COMMENT ON COLUMN reporting.mission_status_change.city IS 'Seat city; NULL when only the country is known.';
COMMENT ON COLUMN reporting.mission_status_change.mission_kind_code IS 'Kind of mission, as a code.';
COMMENT ON COLUMN reporting.mission_status_change.actor_code IS 'Code of the state or organisation that acted.';
COMMENT ON COLUMN reporting.mission_status_change.source_published_on IS 'Publication date of the source, to tell newer facts from older ones.';
COMMENT ON COLUMN reporting.mission_status_change.recorded_from IS 'When the registry recorded this version.';
COMMENT ON COLUMN reporting.mission_status_change.recorded_by IS 'The database user who recorded it.';

