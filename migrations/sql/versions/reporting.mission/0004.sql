CREATE VIEW reporting.mission AS
SELECT
    m.id AS mission_id,
    sp.code AS sending_code,
    sp.name AS sending,
    m.kind AS mission_kind_code,
    mk.label AS mission_kind,
    hp.code AS host_code,
    hp.name AS host,
    m.city_id,
    c.name AS city,
    m.seat_inferred,
    COALESCE(
        (SELECT array_agg(ap.name ORDER BY ap.id <> m.host_party_id, NOT a.resident, ap.name)
           FROM accreditation a JOIN party ap ON ap.id = a.party_id
          WHERE a.mission_id = m.id AND a.recorded @> reporting.as_recorded()),
        '{}'
    ) AS accredited_to,
    s.title AS source,
    sp.kind AS sending_kind,
    sp.iso_alpha3 AS sending_iso_alpha3,
    hp.iso_alpha3 AS host_iso_alpha3,
    COALESCE(
        (SELECT array_agg(ms_s.title ORDER BY ms_s.published_on, ms_s.title)
           FROM mission_source ms JOIN source ms_s ON ms_s.id = ms.source_id
          WHERE ms.mission_id = m.id AND ms.recorded_at <= reporting.as_recorded()),
        '{}'
    ) AS sources,
    m.recorded_at,
    m.recorded_by,
    hp.kind AS host_kind
FROM mission m
JOIN party sp ON sp.id = m.sending_party_id
JOIN party hp ON hp.id = m.host_party_id
JOIN mission_kind mk ON mk.code = m.kind
LEFT JOIN city c ON c.id = m.city_id
JOIN source s ON s.id = m.source_id
WHERE m.recorded_at <= reporting.as_recorded();

COMMENT ON VIEW reporting.mission IS 'Every mission: who sends it, where it sits, what kind it is, whom it is accredited to.';
COMMENT ON COLUMN reporting.mission.mission_id IS 'Mission identifier.';
COMMENT ON COLUMN reporting.mission.sending_code IS 'Sending party code (ISO 3166-1 alpha-2, or an organisation acronym).';
COMMENT ON COLUMN reporting.mission.sending IS 'Sending state or organisation.';
COMMENT ON COLUMN reporting.mission.mission_kind_code IS 'Kind of mission, as a code.';
COMMENT ON COLUMN reporting.mission.mission_kind IS 'Kind of mission, as a label.';
COMMENT ON COLUMN reporting.mission.host_code IS 'Code of the state the mission sits in.';
COMMENT ON COLUMN reporting.mission.host IS 'State the mission sits in.';
COMMENT ON COLUMN reporting.mission.city_id IS 'Seat city identifier; NULL when only the country is known.';
COMMENT ON COLUMN reporting.mission.city IS 'Seat city; NULL when only the country is known.';
COMMENT ON COLUMN reporting.mission.seat_inferred IS 'True when the seat city was inferred rather than stated by a source.';
COMMENT ON COLUMN reporting.mission.accredited_to IS 'Parties the mission is accredited to: the host first, then resident, then by name.';
COMMENT ON COLUMN reporting.mission.source IS 'Title of the source that first recorded the mission.';
COMMENT ON COLUMN reporting.mission.sending_kind IS 'Kind of sending party: state, historical_state or organisation.';
COMMENT ON COLUMN reporting.mission.sending_iso_alpha3 IS 'ISO 3166-1 alpha-3 code of the sending state; NULL for organisations.';
COMMENT ON COLUMN reporting.mission.host_iso_alpha3 IS 'ISO 3166-1 alpha-3 code of the host state.';
COMMENT ON COLUMN reporting.mission.sources IS 'Titles of every source that attests the mission, oldest publication first.';
COMMENT ON COLUMN reporting.mission.recorded_at IS 'When the registry first recorded the mission.';
COMMENT ON COLUMN reporting.mission.recorded_by IS 'The database user who recorded it.';
COMMENT ON COLUMN reporting.mission.host_kind IS 'Kind of host party: state or historical_state.';

