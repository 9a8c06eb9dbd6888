-- Joins the mission and its parties directly, not reporting.mission: fewer relations
-- to plan and to visit per row (revision 0008, benchmarks/README.md). The parties and
-- the kind by LEFT JOIN: their foreign keys are NOT NULL, so the rows are the same,
-- and the planner leaves out the joins a query takes no column from.
CREATE VIEW reporting.head_of_mission AS
SELECT
    t.id AS tenure_id,
    t.mission_id,
    sp.code AS sending_code,
    sp.name AS sending,
    mk.label AS mission_kind,
    mc.name AS city,
    hp.name AS host,
    p.name AS head,
    r.code AS rank_code,
    r.title AS rank,
    r.vienna_class AS rank_class,
    r.ad_interim,
    r.cow_level,
    CASE WHEN t.start_precision IS NOT NULL THEN lower(t.valid) END AS started_on,
    t.start_precision,
    CASE WHEN t.start_precision IS NULL THEN lower(t.valid) END AS first_attested_on,
    t.attested_precision,
    upper(t.valid) AS ended_on,
    t.end_precision,
    t.valid,
    t.credentials_on,
    t.credentials_precision,
    ca.name AS credentials_authority,
    COALESCE(
        (SELECT array_agg(ap.name ORDER BY ap.id <> m.host_party_id, NOT a.resident, ap.name)
           FROM accreditation a JOIN party ap ON ap.id = a.party_id
          WHERE a.mission_id = m.id AND a.recorded @> reporting.as_recorded()),
        '{}'
    ) AS accredited_to,
    s.title AS source,
    t.person_id,
    hp.code AS host_code,
    m.kind AS mission_kind_code,
    m.city_id,
    m.seat_inferred,
    -- A lookup, not a join: most heads reside at the seat (NULL), and a join made the
    -- planner hash every city for the few who do not.
    (SELECT rc.name FROM city rc WHERE rc.id = t.resident_city_id) AS resident_city,
    upper(ca.valid) AS credentials_authority_until,
    s.published_on AS source_published_on,
    lower(t.recorded) AS recorded_from,
    t.recorded_by,
    t.note
FROM tenure t
JOIN mission m ON m.id = t.mission_id AND m.recorded_at <= reporting.as_recorded()
LEFT JOIN party sp ON sp.id = m.sending_party_id
LEFT JOIN party hp ON hp.id = m.host_party_id
LEFT JOIN mission_kind mk ON mk.code = m.kind
LEFT JOIN city mc ON mc.id = m.city_id
JOIN rank r ON r.code = t.rank_code
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
JOIN source s ON s.id = t.source_id
WHERE t.recorded @> reporting.as_recorded();

COMMENT ON VIEW reporting.head_of_mission IS 'Every head-of-mission tenure, with mission, rank, period, credentials and source.';
COMMENT ON COLUMN reporting.head_of_mission.tenure_id IS 'Tenure identifier.';
COMMENT ON COLUMN reporting.head_of_mission.mission_id IS 'Mission headed.';
COMMENT ON COLUMN reporting.head_of_mission.sending_code IS 'Sending party code.';
COMMENT ON COLUMN reporting.head_of_mission.sending IS 'Sending state or organisation.';
COMMENT ON COLUMN reporting.head_of_mission.mission_kind IS 'Kind of mission.';
COMMENT ON COLUMN reporting.head_of_mission.city IS 'Seat city.';
COMMENT ON COLUMN reporting.head_of_mission.host IS 'State the mission sits in.';
COMMENT ON COLUMN reporting.head_of_mission.head IS 'Name of the head; NULL when the source does not name them.';
COMMENT ON COLUMN reporting.head_of_mission.rank_code IS 'Rank code.';
COMMENT ON COLUMN reporting.head_of_mission.rank IS 'Rank title.';
COMMENT ON COLUMN reporting.head_of_mission.rank_class IS 'Vienna Convention Art. 14 class (a, b, c); NULL outside the classes.';
COMMENT ON COLUMN reporting.head_of_mission.ad_interim IS 'True for a chargé d''affaires ad interim; NULL when not stated.';
COMMENT ON COLUMN reporting.head_of_mission.cow_level IS 'Correlates of War level: 3 ambassador, 2 minister, 1 chargé, 9 other.';
COMMENT ON COLUMN reporting.head_of_mission.started_on IS 'Start of the tenure; NULL when unknown.';
COMMENT ON COLUMN reporting.head_of_mission.start_precision IS 'Precision of started_on: day, month or year.';
COMMENT ON COLUMN reporting.head_of_mission.first_attested_on IS 'When the start is unknown: the date a source first attests the head in post.';
COMMENT ON COLUMN reporting.head_of_mission.attested_precision IS 'Precision of first_attested_on.';
COMMENT ON COLUMN reporting.head_of_mission.ended_on IS 'First day out of post; NULL while no end is known.';
COMMENT ON COLUMN reporting.head_of_mission.end_precision IS 'Precision of ended_on.';
COMMENT ON COLUMN reporting.head_of_mission.valid IS 'The period the registry holds the head in post, [from, until).';
COMMENT ON COLUMN reporting.head_of_mission.credentials_on IS 'When credentials were presented, if known.';
COMMENT ON COLUMN reporting.head_of_mission.credentials_precision IS 'Precision of credentials_on.';
COMMENT ON COLUMN reporting.head_of_mission.credentials_authority IS 'The authority credentials were presented to.';
COMMENT ON COLUMN reporting.head_of_mission.accredited_to IS 'Parties the mission is accredited to.';
COMMENT ON COLUMN reporting.head_of_mission.source IS 'Title of the source of the tenure.';
COMMENT ON COLUMN reporting.head_of_mission.person_id IS 'Person identifier of the head; NULL when unnamed.';
COMMENT ON COLUMN reporting.head_of_mission.host_code IS 'Code of the state the mission sits in.';
COMMENT ON COLUMN reporting.head_of_mission.mission_kind_code IS 'Kind of mission, as a code.';
COMMENT ON COLUMN reporting.head_of_mission.city_id IS 'Seat city identifier; NULL when only the country is known.';
COMMENT ON COLUMN reporting.head_of_mission.seat_inferred IS 'True when the seat city was inferred (the host''s capital), not stated by a source.';
COMMENT ON COLUMN reporting.head_of_mission.resident_city IS 'Where the head resided when accredited from elsewhere (non-resident, e.g. Tehran); NULL when resident at the seat.';
COMMENT ON COLUMN reporting.head_of_mission.credentials_authority_until IS 'When the authority credentials were presented to left power; NULL while in power.';
COMMENT ON COLUMN reporting.head_of_mission.source_published_on IS 'Publication date of the source, to tell newer facts from older ones.';
COMMENT ON COLUMN reporting.head_of_mission.recorded_from IS 'When the registry recorded this version of the tenure.';
COMMENT ON COLUMN reporting.head_of_mission.recorded_by IS 'The database user who recorded it.';
COMMENT ON COLUMN reporting.head_of_mission.note IS 'Editorial note on the tenure (e.g. how it ended, as the source puts it).';

