-- The reporting schema: the read side shared by the `registry` CLI and analysts.
-- Each view and function has its own file in registry/sql/reporting/, the one to
-- edit; registry/views/reporting.sql is their concatenation (`python -m registry.sql`
-- writes it). Editing them alone changes nothing: revisions 0001-0009 each recreated
-- the schema from a frozen copy (migrations/sql/versions/); from 0010 on a revision
-- replaces only the objects it names (registry/sql/replaceable.py, no DROP SCHEMA ...
-- CASCADE). tests/test_migrations.py fails when these files, run on a database at
-- head, give another schema than the migrations (views, functions, columns, comments,
-- grants).
-- The roles granted to at the end are created by revision 0003 (cluster-wide).
--
-- Recorded time: fact tables keep every version of a fact (see models.py). Every
-- view shows the versions current at reporting.as_recorded(): now by default, or
-- the instant a session sets with SET registry.as_recorded = '2025-01-01 00:00+00',
-- which answers "what did the registry say then" through the same views.

CREATE SCHEMA IF NOT EXISTS reporting;
COMMENT ON SCHEMA reporting IS 'Stable, documented views for reports and the registry CLI. Base tables are private.';

CREATE FUNCTION reporting.as_recorded()
RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
SELECT COALESCE(NULLIF(current_setting('registry.as_recorded', true), '')::timestamptz, 'infinity')
$$;

COMMENT ON FUNCTION reporting.as_recorded() IS 'The recorded-time instant the views show: the session setting registry.as_recorded (SET registry.as_recorded = ''2025-01-01 00:00+00'' to see what the registry said then), or infinity, meaning the current versions.';

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
        -- Each party's name by lookup, not a join: the planner hashes every party
        -- for a join (0.08 ms a mission at world scale, revision 0009).
        (SELECT array_agg(ap.name ORDER BY ap.id <> m.host_party_id, NOT ap.resident, ap.name)
           FROM (SELECT a.party_id AS id, a.resident,
                        (SELECT p.name FROM party p WHERE p.id = a.party_id) AS name
                   FROM accreditation a
                  WHERE a.mission_id = m.id AND a.recorded @> reporting.as_recorded()) ap),
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
    hp.kind AS host_kind,
    op.code AS organisation_code,
    op.name AS organisation
FROM mission m
LEFT JOIN party sp ON sp.id = m.sending_party_id
LEFT JOIN party hp ON hp.id = m.host_party_id
LEFT JOIN mission_kind mk ON mk.code = m.kind
LEFT JOIN city c ON c.id = m.city_id
LEFT JOIN party op ON op.id = m.organisation_id
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
COMMENT ON COLUMN reporting.mission.organisation_code IS 'For a mission to an international organisation: its code (e.g. african-union); NULL for a mission to the host state.';
COMMENT ON COLUMN reporting.mission.organisation IS 'For a mission to an international organisation: its name; NULL for a mission to the host state.';

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
        -- Each party's name by lookup, not a join: the planner hashes every party
        -- for a join (0.08 ms a mission at world scale, revision 0009).
        (SELECT array_agg(ap.name ORDER BY ap.id <> m.host_party_id, NOT ap.resident, ap.name)
           FROM (SELECT a.party_id AS id, a.resident,
                        (SELECT p.name FROM party p WHERE p.id = a.party_id) AS name
                   FROM accreditation a
                  WHERE a.mission_id = m.id AND a.recorded @> reporting.as_recorded()) ap),
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

CREATE VIEW reporting.accreditation AS
SELECT
    a.mission_id,
    p.code AS party_code,
    p.name AS party,
    p.kind AS party_kind,
    a.resident,
    s.title AS source,
    lower(a.recorded) AS recorded_from,
    a.recorded_by
FROM accreditation a
JOIN party p ON p.id = a.party_id
JOIN source s ON s.id = a.source_id
WHERE a.recorded @> reporting.as_recorded();

COMMENT ON VIEW reporting.accreditation IS 'Which parties each mission is accredited to, resident or not.';
COMMENT ON COLUMN reporting.accreditation.mission_id IS 'The accredited mission.';
COMMENT ON COLUMN reporting.accreditation.party_code IS 'Code of the state or organisation it is accredited to.';
COMMENT ON COLUMN reporting.accreditation.party IS 'Name of the state or organisation it is accredited to.';
COMMENT ON COLUMN reporting.accreditation.party_kind IS 'state, historical_state or organisation.';
COMMENT ON COLUMN reporting.accreditation.resident IS 'True when the mission sits in the accrediting state or at the organisation.';
COMMENT ON COLUMN reporting.accreditation.source IS 'Title of the source.';
COMMENT ON COLUMN reporting.accreditation.recorded_from IS 'When the registry recorded this version.';
COMMENT ON COLUMN reporting.accreditation.recorded_by IS 'The database user who recorded it.';

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

CREATE VIEW reporting.mission_current_status AS
SELECT
    rm.mission_id,
    rm.sending_code,
    rm.sending,
    rm.mission_kind_code,
    rm.mission_kind,
    rm.host_code,
    rm.host,
    rm.city,
    st.mission_status AS status,
    st.occurred_on AS status_since,
    st.occurred_precision AS status_precision,
    st.change AS status_change,
    st.source AS status_source
FROM reporting.mission rm
LEFT JOIN LATERAL (
    SELECT sc.mission_status, sc.occurred_on, sc.occurred_precision, sc.change, sc.source
      FROM reporting.mission_status_change sc
     WHERE sc.mission_id = rm.mission_id AND sc.applies_to = 'mission'
       AND sc.mission_status IS NOT NULL
     ORDER BY sc.occurred_on DESC, sc.status_change_id DESC
     LIMIT 1
) st ON true;

COMMENT ON VIEW reporting.mission_current_status IS 'Every mission with its status as last recorded: the latest status change that sets a status (operating, suspended, closed, planned). Status NULL when no such change is on record.';
COMMENT ON COLUMN reporting.mission_current_status.mission_id IS 'Mission identifier.';
COMMENT ON COLUMN reporting.mission_current_status.sending_code IS 'Sending party code.';
COMMENT ON COLUMN reporting.mission_current_status.sending IS 'Sending state or organisation.';
COMMENT ON COLUMN reporting.mission_current_status.mission_kind_code IS 'Kind of mission, as a code.';
COMMENT ON COLUMN reporting.mission_current_status.mission_kind IS 'Kind of mission, as a label.';
COMMENT ON COLUMN reporting.mission_current_status.host_code IS 'Code of the state the mission sits in.';
COMMENT ON COLUMN reporting.mission_current_status.host IS 'State the mission sits in.';
COMMENT ON COLUMN reporting.mission_current_status.city IS 'Seat city; NULL when only the country is known.';
COMMENT ON COLUMN reporting.mission_current_status.status IS 'Status after the latest status-setting change: operating, suspended, closed or planned; NULL when none is on record.';
COMMENT ON COLUMN reporting.mission_current_status.status_since IS 'Date of that change (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.mission_current_status.status_precision IS 'Precision of status_since: day, month or year.';
COMMENT ON COLUMN reporting.mission_current_status.status_change IS 'The change that set the status, as a label.';
COMMENT ON COLUMN reporting.mission_current_status.status_source IS 'Title of the source of that change.';

CREATE VIEW reporting.recognition_act AS
SELECT
    sc.status_change_id,
    sc.change_code,
    sc.change,
    sc.occurred_on,
    sc.occurred_precision,
    sc.mission_id,
    sc.tenure_id,
    sc.sending_code,
    sc.sending,
    sc.host_code,
    sc.host,
    sc.city,
    sc.mission_kind_code,
    h.head,
    sc.actor_code,
    sc.actor,
    sc.actor_authority,
    sc.note,
    sc.source
FROM reporting.mission_status_change sc
LEFT JOIN reporting.head_of_mission h ON h.tenure_id = sc.tenure_id
WHERE sc.change_code IN (
    'documents-declared-illegitimate',
    'recognised-legitimate',
    'recognised-sole-consular-centre',
    'host-accredited-diplomats',
    'host-accredited-charge'
);

COMMENT ON VIEW reporting.recognition_act IS 'Acts of recognition or non-recognition of a mission or its diplomats: documents declared illegitimate, recognised as legitimate or as the sole consular centre, host accredited its diplomats or its head as chargé. (Credentials presented to an authority are in head_of_mission.)';
COMMENT ON COLUMN reporting.recognition_act.status_change_id IS 'Status change identifier.';
COMMENT ON COLUMN reporting.recognition_act.change_code IS 'Kind of act, as a code.';
COMMENT ON COLUMN reporting.recognition_act.change IS 'Kind of act, as a label.';
COMMENT ON COLUMN reporting.recognition_act.occurred_on IS 'When (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.recognition_act.occurred_precision IS 'Precision of occurred_on.';
COMMENT ON COLUMN reporting.recognition_act.mission_id IS 'The mission concerned.';
COMMENT ON COLUMN reporting.recognition_act.tenure_id IS 'The tenure concerned, for an act about a head.';
COMMENT ON COLUMN reporting.recognition_act.sending_code IS 'Code of the mission''s sending party.';
COMMENT ON COLUMN reporting.recognition_act.sending IS 'The mission''s sending state or organisation.';
COMMENT ON COLUMN reporting.recognition_act.host_code IS 'Code of the state the mission sits in.';
COMMENT ON COLUMN reporting.recognition_act.host IS 'State the mission sits in.';
COMMENT ON COLUMN reporting.recognition_act.city IS 'Seat city; NULL when only the country is known.';
COMMENT ON COLUMN reporting.recognition_act.mission_kind_code IS 'Kind of mission, as a code.';
COMMENT ON COLUMN reporting.recognition_act.head IS 'The head concerned, for an act about a head; NULL when unnamed or not about a head.';
COMMENT ON COLUMN reporting.recognition_act.actor_code IS 'Code of the state or organisation that acted.';
COMMENT ON COLUMN reporting.recognition_act.actor IS 'The state or organisation that acted.';
COMMENT ON COLUMN reporting.recognition_act.actor_authority IS 'The authority that acted (e.g. the Taliban''s Islamic Emirate).';
COMMENT ON COLUMN reporting.recognition_act.note IS 'Detail as the source gives it.';
COMMENT ON COLUMN reporting.recognition_act.source IS 'Title of the source.';

CREATE VIEW reporting.relation_event AS
SELECT
    e.id AS relation_event_id,
    e.kind AS event_code,
    k.label AS event,
    k.category,
    e.occurred_on,
    e.occurred_precision,
    e.party_id,
    p.code AS party_code,
    p.name AS party,
    e.counterpart_id,
    c.code AS counterpart_code,
    c.name AS counterpart,
    a.name AS counterpart_authority,
    pe.key AS person_key,
    pe.name AS person,
    e.note,
    s.title AS source,
    lower(e.recorded) AS recorded_from,
    e.recorded_by
FROM relation_event e
JOIN relation_event_kind k ON k.code = e.kind
JOIN party p ON p.id = e.party_id
JOIN party c ON c.id = e.counterpart_id
LEFT JOIN authority a ON a.id = e.counterpart_authority_id
LEFT JOIN person pe ON pe.id = e.person_id
JOIN source s ON s.id = e.source_id
WHERE e.recorded @> reporting.as_recorded();

COMMENT ON VIEW reporting.relation_event IS 'Acts between two parties, as recorded at reporting.as_recorded(): recognition of a state or of one of its authorities, diplomatic relations established, severed, suspended or resumed. (Acts concerning one mission are in recognition_act and mission_status_change.)';
COMMENT ON COLUMN reporting.relation_event.relation_event_id IS 'Relation event identifier.';
COMMENT ON COLUMN reporting.relation_event.event_code IS 'Kind of act, as a code.';
COMMENT ON COLUMN reporting.relation_event.event IS 'Kind of act, as a label.';
COMMENT ON COLUMN reporting.relation_event.category IS 'recognition or relations.';
COMMENT ON COLUMN reporting.relation_event.occurred_on IS 'When (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.relation_event.occurred_precision IS 'Precision of occurred_on.';
COMMENT ON COLUMN reporting.relation_event.party_id IS 'The party that acted (recognised), or the first of the pair.';
COMMENT ON COLUMN reporting.relation_event.party_code IS 'Its code.';
COMMENT ON COLUMN reporting.relation_event.party IS 'Its name.';
COMMENT ON COLUMN reporting.relation_event.counterpart_id IS 'The party recognised, or the other of the pair.';
COMMENT ON COLUMN reporting.relation_event.counterpart_code IS 'Its code.';
COMMENT ON COLUMN reporting.relation_event.counterpart IS 'Its name.';
COMMENT ON COLUMN reporting.relation_event.counterpart_authority IS 'The counterpart''s authority recognised, when the act names one.';
COMMENT ON COLUMN reporting.relation_event.person_key IS 'Key of the person who carried the act out (a pocom person id), if named.';
COMMENT ON COLUMN reporting.relation_event.person IS 'Their name.';
COMMENT ON COLUMN reporting.relation_event.note IS 'Detail as the source gives it.';
COMMENT ON COLUMN reporting.relation_event.source IS 'Title of the source.';
COMMENT ON COLUMN reporting.relation_event.recorded_from IS 'When this version was recorded.';
COMMENT ON COLUMN reporting.relation_event.recorded_by IS 'The database user who recorded it.';
CREATE VIEW reporting.tenure_version AS
SELECT
    t.id AS tenure_version_id,
    t.supersedes_id AS supersedes_version_id,
    t.mission_id,
    p.name AS head,
    t.rank_code,
    t.valid,
    t.start_precision,
    t.attested_precision,
    t.end_precision,
    t.credentials_on,
    t.credentials_precision,
    ca.name AS credentials_authority,
    t.note,
    s.title AS source,
    lower(t.recorded) AS recorded_from,
    upper(t.recorded) AS recorded_until,
    t.recorded_by,
    upper_inf(t.recorded) AS is_current
FROM tenure t
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
JOIN source s ON s.id = t.source_id;

COMMENT ON VIEW reporting.tenure_version IS 'Every version of every tenure the registry ever recorded, current or superseded: the audit trail of corrections (recorded time), whatever registry.as_recorded says.';
COMMENT ON COLUMN reporting.tenure_version.tenure_version_id IS 'Identifier of this version (the tenure_id of head_of_mission while it is current).';
COMMENT ON COLUMN reporting.tenure_version.supersedes_version_id IS 'The version this one corrected; NULL for a first record.';
COMMENT ON COLUMN reporting.tenure_version.mission_id IS 'Mission headed.';
COMMENT ON COLUMN reporting.tenure_version.head IS 'Name of the head; NULL when unnamed.';
COMMENT ON COLUMN reporting.tenure_version.rank_code IS 'Rank code.';
COMMENT ON COLUMN reporting.tenure_version.valid IS 'Period in post as this version states it, [from, until).';
COMMENT ON COLUMN reporting.tenure_version.start_precision IS 'Precision of the start; NULL when unknown.';
COMMENT ON COLUMN reporting.tenure_version.attested_precision IS 'When the start is unknown: precision of the first attestation.';
COMMENT ON COLUMN reporting.tenure_version.end_precision IS 'Precision of the end; NULL while open-ended.';
COMMENT ON COLUMN reporting.tenure_version.credentials_on IS 'When credentials were presented, as this version states it.';
COMMENT ON COLUMN reporting.tenure_version.credentials_precision IS 'Precision of credentials_on.';
COMMENT ON COLUMN reporting.tenure_version.credentials_authority IS 'The authority credentials were presented to.';
COMMENT ON COLUMN reporting.tenure_version.note IS 'Editorial note.';
COMMENT ON COLUMN reporting.tenure_version.source IS 'Title of the source this version cites.';
COMMENT ON COLUMN reporting.tenure_version.recorded_from IS 'When the registry recorded this version.';
COMMENT ON COLUMN reporting.tenure_version.recorded_until IS 'When it was superseded or retracted; NULL while current.';
COMMENT ON COLUMN reporting.tenure_version.recorded_by IS 'The database user who recorded it.';
COMMENT ON COLUMN reporting.tenure_version.is_current IS 'True for the version the registry holds now.';

-- A mission's dated seats (revision 0019). Where no row covers a date, the mission
-- is at its city in reporting.mission.
CREATE VIEW reporting.mission_seat AS
SELECT
    ms.id AS seat_id,
    ms.mission_id,
    sp.code AS sending_code,
    sp.name AS sending,
    mk.label AS mission_kind,
    hp.name AS host,
    ms.city_id,
    c.name AS city,
    cp.code AS city_party_code,
    lower(ms.valid) AS from_on,
    ms.start_precision AS from_precision,
    upper(ms.valid) AS until_on,
    ms.end_precision AS until_precision,
    ms.valid,
    s.title AS source,
    lower(ms.recorded) AS recorded_from,
    ms.recorded_by
FROM mission_seat ms
JOIN mission m ON m.id = ms.mission_id
JOIN party sp ON sp.id = m.sending_party_id
JOIN party hp ON hp.id = m.host_party_id
JOIN mission_kind mk ON mk.code = m.kind
JOIN city c ON c.id = ms.city_id
JOIN party cp ON cp.id = c.party_id
JOIN source s ON s.id = ms.source_id
WHERE ms.recorded @> reporting.as_recorded();

COMMENT ON VIEW reporting.mission_seat IS 'Where a mission sat over dated periods, for a mission that moved (the US embassy to Germany in Bonn until 1999, then in Berlin), the version the registry held at reporting.as_recorded(). Where no row covers a date the mission is at its city in reporting.mission; who-heads (heads_timeline) lists it in its seat on each date.';
COMMENT ON COLUMN reporting.mission_seat.seat_id IS 'The seat (a version of it).';
COMMENT ON COLUMN reporting.mission_seat.mission_id IS 'The mission (see reporting.mission).';
COMMENT ON COLUMN reporting.mission_seat.sending_code IS 'Code of the sending party.';
COMMENT ON COLUMN reporting.mission_seat.sending IS 'Name of the sending party.';
COMMENT ON COLUMN reporting.mission_seat.mission_kind IS 'Kind of mission.';
COMMENT ON COLUMN reporting.mission_seat.host IS 'Name of the host party.';
COMMENT ON COLUMN reporting.mission_seat.city_id IS 'The seat city over the period (see reporting.city).';
COMMENT ON COLUMN reporting.mission_seat.city IS 'Name of the seat city.';
COMMENT ON COLUMN reporting.mission_seat.city_party_code IS 'Code of the party the city is in: not always the host (the US embassy to the Republic of China at Taipei).';
COMMENT ON COLUMN reporting.mission_seat.from_on IS 'First day at this seat; NULL: since the mission opened, as far as the registry knows.';
COMMENT ON COLUMN reporting.mission_seat.from_precision IS 'Precision of from_on: day, month or year.';
COMMENT ON COLUMN reporting.mission_seat.until_on IS 'First day no longer at this seat (the day of the move); NULL while no later move is on record.';
COMMENT ON COLUMN reporting.mission_seat.until_precision IS 'Precision of until_on.';
COMMENT ON COLUMN reporting.mission_seat.valid IS 'The period as a date range, [from_on, until_on).';
COMMENT ON COLUMN reporting.mission_seat.source IS 'Title of the source.';
COMMENT ON COLUMN reporting.mission_seat.recorded_from IS 'When the registry recorded this version.';
COMMENT ON COLUMN reporting.mission_seat.recorded_by IS 'The database user who recorded it.';

CREATE VIEW reporting.external_identifier AS
SELECT
    x.scheme,
    x.value,
    CASE
        WHEN x.party_id IS NOT NULL THEN 'party'
        WHEN x.city_id IS NOT NULL THEN 'city'
        WHEN x.mission_id IS NOT NULL THEN 'mission'
        ELSE 'person'
    END AS subject_kind,
    x.party_id,
    p.code AS party_code,
    x.city_id,
    x.mission_id,
    x.person_id,
    s.title AS source
FROM external_id x
LEFT JOIN party p ON p.id = x.party_id
JOIN source s ON s.id = x.source_id;

COMMENT ON VIEW reporting.external_identifier IS 'Identifiers other datasets give the registry''s parties, cities, missions and people (Wikidata QIDs, pocom ids).';
COMMENT ON COLUMN reporting.external_identifier.scheme IS 'Whose identifier: wikidata, pocom-person, pocom-territory, ...';
COMMENT ON COLUMN reporting.external_identifier.value IS 'The identifier itself.';
COMMENT ON COLUMN reporting.external_identifier.subject_kind IS 'What it identifies: party, city, mission or person.';
COMMENT ON COLUMN reporting.external_identifier.party_id IS 'The party identified, if a party.';
COMMENT ON COLUMN reporting.external_identifier.party_code IS 'Code of that party.';
COMMENT ON COLUMN reporting.external_identifier.city_id IS 'The city identified, if a city.';
COMMENT ON COLUMN reporting.external_identifier.mission_id IS 'The mission identified, if a mission (see reporting.mission).';
COMMENT ON COLUMN reporting.external_identifier.person_id IS 'The person identified, if a person (see reporting.head_of_mission.person_id).';
COMMENT ON COLUMN reporting.external_identifier.source IS 'Title of the source that gave the identifier.';

-- The names the CLI looks cities, parties and people up by (registry.queries), and
-- the schema's revision: what a login that reads only this schema needs (revision
-- 0010). Each lookup is an index scan: a filter on key or search_key reaches the
-- table's index, through both branches of a UNION ALL for the views of names
-- (benchmarks/README.md, fix 9); the party's and city's own names by lookup.
CREATE VIEW reporting.schema_revision AS
SELECT version_num AS revision
FROM alembic_version;

COMMENT ON VIEW reporting.schema_revision IS 'The revision of the registry''s schema (Alembic''s), one row: what `registry` commands check before they answer, readable by every login that reads this schema.';
COMMENT ON COLUMN reporting.schema_revision.revision IS 'The revision the database is at, e.g. 0010.';

CREATE VIEW reporting.city AS
SELECT
    c.id AS city_id,
    c.key,
    c.name,
    c.search_key,
    p.code AS country_code,
    p.name AS country
FROM city c
LEFT JOIN party p ON p.id = c.party_id;

COMMENT ON VIEW reporting.city IS 'Every city where missions are (or were) seated, in its state. Other names of a city are in reporting.city_name.';
COMMENT ON COLUMN reporting.city.city_id IS 'City identifier (reporting.mission.city_id).';
COMMENT ON COLUMN reporting.city.key IS 'Slug of the name, unique within the state (kabul, addis-ababa).';
COMMENT ON COLUMN reporting.city.name IS 'Usual English name.';
COMMENT ON COLUMN reporting.city.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.city.country_code IS 'Code of the state the city is in.';
COMMENT ON COLUMN reporting.city.country IS 'The state the city is in.';

CREATE VIEW reporting.city_name AS
SELECT
    c.id AS city_id,
    c.name AS city,
    c.name,
    c.search_key,
    false AS is_alias,
    NULL::daterange AS valid
FROM city c
UNION ALL
SELECT
    a.city_id,
    (SELECT c.name FROM city c WHERE c.id = a.city_id),
    a.alias,
    a.search_key,
    true,
    a.valid
FROM city_alias a;

COMMENT ON VIEW reporting.city_name IS 'Every name a city is looked up by: its usual name and its aliases (spellings such as Addis Abeba, former names such as Nur-Sultan, districts that stand for the city), each with its search key.';
COMMENT ON COLUMN reporting.city_name.city_id IS 'The city so named (reporting.city).';
COMMENT ON COLUMN reporting.city_name.city IS 'The city''s usual name.';
COMMENT ON COLUMN reporting.city_name.name IS 'The name as written.';
COMMENT ON COLUMN reporting.city_name.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.city_name.is_alias IS 'False for the usual name, true for another name.';
COMMENT ON COLUMN reporting.city_name.valid IS 'When the name was official, if only for a period (Nur-Sultan 2019-2022); NULL otherwise.';

CREATE VIEW reporting.party AS
SELECT
    p.id AS party_id,
    p.code,
    p.name,
    p.kind,
    p.iso_alpha3,
    lower(p.existed) AS existed_from,
    upper(p.existed) AS existed_until,
    p.cow_code,
    (SELECT x.value FROM external_id x WHERE x.party_id = p.id AND x.scheme = 'wikidata' ORDER BY x.id LIMIT 1) AS wikidata
FROM party p;

COMMENT ON VIEW reporting.party IS 'Every state and international organisation that sends or receives missions. Its names, for lookup, are in reporting.party_name.';
COMMENT ON COLUMN reporting.party.party_id IS 'Party identifier.';
COMMENT ON COLUMN reporting.party.code IS 'ISO 3166-1 alpha-2 for states (KZ), ISO 3166-3 alpha-4 for historical states (SUHH), a code for organisations (african-union).';
COMMENT ON COLUMN reporting.party.name IS 'Usual English name.';
COMMENT ON COLUMN reporting.party.kind IS 'state, historical_state, state_limited_recognition (Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, Flanders), government_in_exile (the Central Tibetan Administration) or organisation.';
COMMENT ON COLUMN reporting.party.iso_alpha3 IS 'ISO 3166-1 alpha-3 code, for states; NULL otherwise.';
COMMENT ON COLUMN reporting.party.existed_from IS 'First day the party existed, when recorded (the GDR: 1949-10-07).';
COMMENT ON COLUMN reporting.party.existed_until IS 'Day the party ceased to exist (NULL: it exists, or not recorded).';
COMMENT ON COLUMN reporting.party.cow_code IS 'Correlates of War state code, historical states too; NULL outside the COW state list.';
COMMENT ON COLUMN reporting.party.wikidata IS 'Wikidata QID of the party (the Holy See: Q159583), when known.';
CREATE VIEW reporting.party_name AS
SELECT
    a.party_id,
    (SELECT p.name FROM party p WHERE p.id = a.party_id) AS party,
    a.alias AS name,
    a.search_key,
    lower(a.valid) AS valid_from,
    upper(a.valid) AS valid_until
FROM party_alias a;

COMMENT ON VIEW reporting.party_name IS 'Every name a party is looked up by (its usual name among them): official names, translations, former names, each with its search key.';
COMMENT ON COLUMN reporting.party_name.party_id IS 'The party so named (reporting.party).';
COMMENT ON COLUMN reporting.party_name.party IS 'The party''s usual name.';
COMMENT ON COLUMN reporting.party_name.name IS 'The name as written.';
COMMENT ON COLUMN reporting.party_name.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.party_name.valid_from IS 'First day the party bore this name (Dahomey: NULL; Benin: 1975-11-30), when the name is dated.';
COMMENT ON COLUMN reporting.party_name.valid_until IS 'Day the party stopped bearing this name (Dahomey: 1975-11-30); NULL while borne or when not dated.';
CREATE VIEW reporting.consular_district AS
SELECT
    j.mission_id,
    s.code AS subdivision_code,
    s.name AS subdivision,
    s.type AS subdivision_type,
    p.code AS host_code,
    p.name AS host,
    (SELECT src.title FROM source src WHERE src.id = j.source_id) AS source
FROM mission_jurisdiction j
JOIN subdivision s ON s.id = j.subdivision_id
JOIN party p ON p.id = s.party_id;

COMMENT ON VIEW reporting.consular_district IS 'The subdivisions of the host a consular post''s district covers (ISO 3166-2): the consulate general in Guangzhou covers Guangdong, Guangxi, Fujian and Hainan.';
COMMENT ON COLUMN reporting.consular_district.mission_id IS 'The consular post (reporting.mission).';
COMMENT ON COLUMN reporting.consular_district.subdivision_code IS 'ISO 3166-2 code of a subdivision covered (CN-GD).';
COMMENT ON COLUMN reporting.consular_district.subdivision IS 'Its name (Guangdong).';
COMMENT ON COLUMN reporting.consular_district.subdivision_type IS 'What ISO 3166-2 calls it (Province, State, Land...).';
COMMENT ON COLUMN reporting.consular_district.host_code IS 'Code of the state it is a subdivision of.';
COMMENT ON COLUMN reporting.consular_district.host IS 'The state it is a subdivision of.';
COMMENT ON COLUMN reporting.consular_district.source IS 'Title of the source naming the district.';
CREATE VIEW reporting.person AS
SELECT
    p.id AS person_id,
    p.key,
    p.name,
    p.search_key,
    p.description
FROM person p;

COMMENT ON VIEW reporting.person IS 'Every person who heads or headed a mission (reporting.head_of_mission.person_id). Other spellings of their names are in reporting.person_name.';
COMMENT ON COLUMN reporting.person.person_id IS 'Person identifier.';
COMMENT ON COLUMN reporting.person.key IS 'Stable key (zhalgas-adilbayev): the slug of the name, in its own script when it has no Latin letters.';
COMMENT ON COLUMN reporting.person.name IS 'Name as usually written in English, or as the source writes it.';
COMMENT ON COLUMN reporting.person.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.person.description IS 'Who the person is, as the source describes them.';

CREATE VIEW reporting.person_name AS
SELECT
    p.id AS person_id,
    p.name AS person,
    p.name,
    p.search_key,
    false AS is_alias
FROM person p
UNION ALL
SELECT
    a.person_id,
    (SELECT p.name FROM person p WHERE p.id = a.person_id),
    a.alias,
    a.search_key,
    true
FROM person_alias a;

COMMENT ON VIEW reporting.person_name IS 'Every name a person is looked up by: the name and its other spellings and transliterations, each with its search key.';
COMMENT ON COLUMN reporting.person_name.person_id IS 'The person so named (reporting.person).';
COMMENT ON COLUMN reporting.person_name.person IS 'The person''s name as usually written.';
COMMENT ON COLUMN reporting.person_name.name IS 'The name as written.';
COMMENT ON COLUMN reporting.person_name.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.person_name.is_alias IS 'False for the name, true for another spelling.';

CREATE VIEW reporting.heads_timeline AS
SELECT
    mission_id,
    valid,
    recorded,
    tenure_id,
    city_id,
    city,
    sending_code,
    sending,
    mission_kind_code,
    mission_kind,
    head_status,
    head,
    rank_code,
    rank,
    rank_class,
    ad_interim,
    cow_level,
    since,
    since_precision,
    first_attested_on,
    attested_precision,
    credentials_on,
    credentials_precision,
    credentials_authority,
    accredited_to,
    source,
    precedence_group,
    functions_since,
    functions_before,
    seat_inferred,
    resident_city,
    host_code,
    organisation,
    host
FROM heads_timeline
WHERE recorded @> reporting.as_recorded();

COMMENT ON VIEW reporting.heads_timeline IS 'Who headed each mission, over time: what reporting.heads_as_of answers on every date, one row per mission per stretch of dates (valid) over which its row is the same (stretches are split at every recorded change, so two in a row may be equal). Like the other views, the version the registry held at reporting.as_recorded(). Derived from the facts and kept by triggers as they change; only missions heads_as_of lists appear.';
COMMENT ON COLUMN reporting.heads_timeline.mission_id IS 'Mission identifier.';
COMMENT ON COLUMN reporting.heads_timeline.valid IS 'The dates over which this answer holds, [from, until); an open upper bound means until further notice.';
COMMENT ON COLUMN reporting.heads_timeline.recorded IS 'The recorded time over which the registry held this row, [from, until); open while current.';
COMMENT ON COLUMN reporting.heads_timeline.tenure_id IS 'The tenure of the head in post (see reporting.head_of_mission); NULL when nobody heads the mission.';
COMMENT ON COLUMN reporting.heads_timeline.city_id IS 'Seat city identifier; NULL when only the country is known.';
COMMENT ON COLUMN reporting.heads_timeline.city IS 'Seat city; NULL when only the country is known.';
COMMENT ON COLUMN reporting.heads_timeline.sending_code IS 'Sending party code.';
COMMENT ON COLUMN reporting.heads_timeline.sending IS 'Sending state or organisation.';
COMMENT ON COLUMN reporting.heads_timeline.mission_kind_code IS 'Kind of mission, as a code.';
COMMENT ON COLUMN reporting.heads_timeline.mission_kind IS 'Kind of mission, as a label.';
COMMENT ON COLUMN reporting.heads_timeline.head_status IS 'named, unnamed (rank known, name not), vacant (no head since the last tenure ended) or unknown.';
COMMENT ON COLUMN reporting.heads_timeline.head IS 'Name of the head; NULL when unnamed, vacant or unknown.';
COMMENT ON COLUMN reporting.heads_timeline.rank_code IS 'Rank code of the head.';
COMMENT ON COLUMN reporting.heads_timeline.rank IS 'Rank title of the head.';
COMMENT ON COLUMN reporting.heads_timeline.rank_class IS 'Vienna Convention Art. 14 class (a, b, c); NULL outside the classes.';
COMMENT ON COLUMN reporting.heads_timeline.ad_interim IS 'True for a chargé d''affaires ad interim.';
COMMENT ON COLUMN reporting.heads_timeline.cow_level IS 'Correlates of War level of the head''s rank: 3 ambassador, 2 minister, 1 chargé, 9 other.';
COMMENT ON COLUMN reporting.heads_timeline.since IS 'Start of the tenure (NULL when unknown) or, for a vacant mission, the end of the last tenure.';
COMMENT ON COLUMN reporting.heads_timeline.since_precision IS 'Precision of since: day, month or year.';
COMMENT ON COLUMN reporting.heads_timeline.first_attested_on IS 'When the start is unknown: the date a source first attests the head in post.';
COMMENT ON COLUMN reporting.heads_timeline.attested_precision IS 'Precision of first_attested_on.';
COMMENT ON COLUMN reporting.heads_timeline.credentials_on IS 'When credentials were presented, if known.';
COMMENT ON COLUMN reporting.heads_timeline.credentials_precision IS 'Precision of credentials_on.';
COMMENT ON COLUMN reporting.heads_timeline.credentials_authority IS 'The authority credentials were presented to.';
COMMENT ON COLUMN reporting.heads_timeline.accredited_to IS 'Parties the mission is accredited to: the host first, then resident, then by name.';
COMMENT ON COLUMN reporting.heads_timeline.source IS 'Title of the source: of the tenure, else of the last tenure, else of the status change.';
COMMENT ON COLUMN reporting.heads_timeline.precedence_group IS 'Vienna Convention precedence group: 1-3 the classes, 4 chargé ad interim, 5 other ranks, 6 nobody.';
COMMENT ON COLUMN reporting.heads_timeline.functions_since IS 'When the head took up functions for precedence: credentials, else the start.';
COMMENT ON COLUMN reporting.heads_timeline.functions_before IS 'When credentials went to an authority that has left power: functions began before this date.';
COMMENT ON COLUMN reporting.heads_timeline.seat_inferred IS 'True when the seat city was inferred (the host''s capital), not stated by a source.';
COMMENT ON COLUMN reporting.heads_timeline.resident_city IS 'Where a non-resident head resided (e.g. Tehran); NULL when resident at the seat.';
COMMENT ON COLUMN reporting.heads_timeline.host_code IS 'Code of the state the mission sits in.';
COMMENT ON COLUMN reporting.heads_timeline.organisation IS 'For a mission to an international organisation: its name.';
COMMENT ON COLUMN reporting.heads_timeline.host IS 'State the mission sits in.';

CREATE VIEW reporting.mission_timeline AS
SELECT
    mission_id,
    fact,
    CASE WHEN fact = 'tenure' THEN fact_id ELSE tenure_id END AS tenure_id,
    CASE WHEN fact = 'status_change' THEN fact_id END AS status_change_id,
    on_date,
    recorded,
    head,
    rank,
    rank_class,
    started_on,
    start_precision,
    first_attested_on,
    attested_precision,
    ended_on,
    end_precision,
    credentials_on,
    credentials_precision,
    credentials_authority,
    resident_city,
    change_code,
    change,
    occurred_on,
    occurred_precision,
    mission_status,
    actor,
    actor_authority,
    note,
    source
FROM mission_timeline
WHERE recorded @> reporting.as_recorded();

COMMENT ON VIEW reporting.mission_timeline IS 'Each mission''s history in one place, as `registry history` shows it: a row per tenure of its heads (fact tenure, as in reporting.head_of_mission) and per status change of the mission or of its heads (fact status_change, as in reporting.mission_status_change), the version the registry held at reporting.as_recorded(). Derived from the facts and kept by triggers as they change (revision 0009).';
COMMENT ON COLUMN reporting.mission_timeline.mission_id IS 'The mission.';
COMMENT ON COLUMN reporting.mission_timeline.fact IS 'tenure (a head in post) or status_change (a dated change of the mission or of its head).';
COMMENT ON COLUMN reporting.mission_timeline.tenure_id IS 'The tenure (see reporting.head_of_mission); for a status change, the tenure of the head it concerns, NULL for a change of the mission.';
COMMENT ON COLUMN reporting.mission_timeline.status_change_id IS 'The status change (see reporting.mission_status_change); NULL for a tenure.';
COMMENT ON COLUMN reporting.mission_timeline.on_date IS 'When: the start (or first attestation) of a tenure, the date of a status change.';
COMMENT ON COLUMN reporting.mission_timeline.recorded IS 'The recorded time over which the registry held this row, [from, until); open while current.';
COMMENT ON COLUMN reporting.mission_timeline.head IS 'Tenure: name of the head; NULL when the source does not name them.';
COMMENT ON COLUMN reporting.mission_timeline.rank IS 'Tenure: rank title.';
COMMENT ON COLUMN reporting.mission_timeline.rank_class IS 'Tenure: Vienna Convention Art. 14 class (a, b, c); NULL outside the classes.';
COMMENT ON COLUMN reporting.mission_timeline.started_on IS 'Tenure: start; NULL when unknown.';
COMMENT ON COLUMN reporting.mission_timeline.start_precision IS 'Tenure: precision of started_on (day, month or year).';
COMMENT ON COLUMN reporting.mission_timeline.first_attested_on IS 'Tenure: when the start is unknown, the date a source first attests the head in post.';
COMMENT ON COLUMN reporting.mission_timeline.attested_precision IS 'Tenure: precision of first_attested_on.';
COMMENT ON COLUMN reporting.mission_timeline.ended_on IS 'Tenure: first day out of post; NULL while no end is known.';
COMMENT ON COLUMN reporting.mission_timeline.end_precision IS 'Tenure: precision of ended_on.';
COMMENT ON COLUMN reporting.mission_timeline.credentials_on IS 'Tenure: when credentials were presented, if known.';
COMMENT ON COLUMN reporting.mission_timeline.credentials_precision IS 'Tenure: precision of credentials_on.';
COMMENT ON COLUMN reporting.mission_timeline.credentials_authority IS 'Tenure: the authority credentials were presented to.';
COMMENT ON COLUMN reporting.mission_timeline.resident_city IS 'Tenure: where the head resided when accredited from elsewhere; NULL when resident at the seat.';
COMMENT ON COLUMN reporting.mission_timeline.change_code IS 'Status change: kind of change, as a code.';
COMMENT ON COLUMN reporting.mission_timeline.change IS 'Status change: kind of change, as a label.';
COMMENT ON COLUMN reporting.mission_timeline.occurred_on IS 'Status change: when (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.mission_timeline.occurred_precision IS 'Status change: precision of occurred_on.';
COMMENT ON COLUMN reporting.mission_timeline.mission_status IS 'Status change: the mission''s status after it, when it sets one.';
COMMENT ON COLUMN reporting.mission_timeline.actor IS 'Status change: the state or organisation that acted.';
COMMENT ON COLUMN reporting.mission_timeline.actor_authority IS 'Status change: the authority that acted, where it matters which.';
COMMENT ON COLUMN reporting.mission_timeline.note IS 'The tenure''s editorial note, or the status change''s detail as the source gives it.';
COMMENT ON COLUMN reporting.mission_timeline.source IS 'Title of the source of the fact.';

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

-- Every dated piece of evidence about each mission, whatever its kind: a source
-- listing the mission, a head reported in post or gone, a status change, a complete
-- list naming it. evidence_weight orders evidence of one date (docs/evidence.md):
-- a report about this mission (a head, a change, a complete list: 2) before a
-- listing (an extract, a dataset: 1). The heads and changes are read from the
-- derived table fact_evidence (revision 0018), which holds each tenure's and change's
-- rows with the recorded time the view shows them (the tenure's version, the
-- change's, from when the mission was recorded): a mission's evidence is then one
-- index range of one table, not four joins of the facts to their mission, source and
-- kind, which cost evidence_as_of 31-39 ms for a big city at 100,000 tenures.
CREATE VIEW reporting.mission_evidence AS
SELECT ms.mission_id, s.published_on AS evidence_on, s.published_precision AS evidence_precision,
       'listed'::text AS evidence_attests, s.title AS evidence_source, s.key AS evidence_source_key,
       1 AS evidence_weight, true AS evidence_operating
  FROM mission_source ms
  JOIN source s ON s.id = ms.source_id
 WHERE ms.recorded_at <= reporting.as_recorded()
UNION ALL  -- a head in post or gone, a change of the mission or of one of its heads
SELECT f.mission_id, f.evidence_on, f.evidence_precision, f.evidence_attests, f.evidence_source,
       f.evidence_source_key, 2, f.evidence_operating
  FROM fact_evidence f
 WHERE f.recorded @> reporting.as_recorded()
UNION ALL
SELECT cm.mission_id, l.listed_on, l.listed_precision, 'named in a complete list', s.title,
       s.key, 2, true
  FROM complete_list_mission cm
  JOIN complete_list l ON l.id = cm.complete_list_id
  JOIN source s ON s.id = l.source_id
 WHERE l.recorded_at <= reporting.as_recorded();

COMMENT ON VIEW reporting.mission_evidence IS 'Every dated piece of evidence about each mission (docs/evidence.md): a source listing it, a head reported in post or gone, a status change, a complete list naming it; what the registry held at registry.as_recorded.';
COMMENT ON COLUMN reporting.mission_evidence.mission_id IS 'Mission the evidence is about.';
COMMENT ON COLUMN reporting.mission_evidence.evidence_on IS 'The date the evidence speaks for (first day of the period when only month or year is known): a listing''s source date, a head''s attestation, start or end, a change''s date, a list''s date.';
COMMENT ON COLUMN reporting.mission_evidence.evidence_precision IS 'Precision of evidence_on: day, month or year.';
COMMENT ON COLUMN reporting.mission_evidence.evidence_attests IS 'What it attests: listed, head in post, head left, the status change''s label (reported operating, closed, ...), named in a complete list.';
COMMENT ON COLUMN reporting.mission_evidence.evidence_source IS 'Title of the source.';
COMMENT ON COLUMN reporting.mission_evidence.evidence_source_key IS 'Key of the source.';
COMMENT ON COLUMN reporting.mission_evidence.evidence_operating IS 'Whether it says the mission operates: true (listed, a head in post, named in a complete list, a change to operating), false (a change to closed, suspended or planned), NULL (says neither: a head left, a change of no status).';
COMMENT ON COLUMN reporting.mission_evidence.evidence_weight IS 'Order among evidence of one date: 2 for a report about this mission (a head, a change, a complete list), 1 for a listing (an extract, a dataset).';
CREATE VIEW reporting.complete_list AS
SELECT l.id AS complete_list_id,
       l.city_id,
       c.name AS city,
       l.listed_on,
       l.listed_precision,
       l.kinds,
       s.title AS source,
       s.key AS source_key,
       l.note,
       (SELECT array_agg(cm.mission_id ORDER BY cm.mission_id)
          FROM complete_list_mission cm WHERE cm.complete_list_id = l.id) AS mission_ids,
       l.recorded_at
  FROM complete_list l
  JOIN city c ON c.id = l.city_id
  JOIN source s ON s.id = l.source_id
 WHERE l.recorded_at <= reporting.as_recorded();

COMMENT ON VIEW reporting.complete_list IS 'Complete lists: a source naming every mission of some kinds seated in a city as of a date. A mission of the city left out, with no evidence of its own since, is presumed not operating from the list''s date (docs/evidence.md).';
COMMENT ON COLUMN reporting.complete_list.complete_list_id IS 'List identifier.';
COMMENT ON COLUMN reporting.complete_list.city_id IS 'City identifier.';
COMMENT ON COLUMN reporting.complete_list.city IS 'The city whose missions it lists.';
COMMENT ON COLUMN reporting.complete_list.listed_on IS 'The date the list holds for (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.complete_list.listed_precision IS 'Precision of listed_on: day, month or year.';
COMMENT ON COLUMN reporting.complete_list.kinds IS 'Kinds of mission (codes) it is complete for; NULL: every kind.';
COMMENT ON COLUMN reporting.complete_list.source IS 'Title of the source giving the list.';
COMMENT ON COLUMN reporting.complete_list.source_key IS 'Key of the source.';
COMMENT ON COLUMN reporting.complete_list.note IS 'What the source says it lists.';
COMMENT ON COLUMN reporting.complete_list.mission_ids IS 'The missions it names.';
COMMENT ON COLUMN reporting.complete_list.recorded_at IS 'When the registry recorded the list.';
-- Where sources disagree about a mission (docs/evidence.md): on one date, one says
-- it operates and another that it does not (a status change, or a complete list of
-- that date leaving it out); or two sources date the same change differently, less
-- than a year apart (a mission may close twice, decades apart: that is history).
-- A complete list leaves out the missions seated in its city on its date (the dated
-- seat, else the mission's own city: revision 0021), and each disagreement is placed
-- in the mission's seat on its first date, as `registry conflicts CITY` asks.
CREATE VIEW reporting.evidence_conflict AS
SELECT d.*, COALESCE(seat.city_id, m.city_id) AS city_id, c.name AS city
  FROM (
-- One row for each pair of sources disagreeing on a date: each side's weightiest
-- evidence (a complete list or a report before a listing).
SELECT * FROM (
SELECT DISTINCT ON (a.mission_id, a.evidence_on, a.evidence_source_key, b.evidence_source_key)
       a.mission_id, 'operating'::text AS disagreement,
       a.evidence_on AS first_on, a.evidence_precision AS first_precision,
       a.evidence_attests AS first_says, a.evidence_source AS first_source,
       b.evidence_on AS second_on, b.evidence_precision AS second_precision,
       b.evidence_attests AS second_says, b.evidence_source AS second_source
  FROM reporting.mission_evidence a
  JOIN reporting.mission_evidence b
    ON b.mission_id = a.mission_id AND b.evidence_on = a.evidence_on
   AND b.evidence_source_key <> a.evidence_source_key
 WHERE a.evidence_operating AND NOT b.evidence_operating
 ORDER BY a.mission_id, a.evidence_on, a.evidence_source_key, b.evidence_source_key,
          a.evidence_weight DESC, a.evidence_attests, b.evidence_weight DESC, b.evidence_attests,
          a.evidence_precision, b.evidence_precision  -- one answer, whatever the plan (0025)
) same_day
UNION ALL
SELECT * FROM (
SELECT DISTINCT ON (e.mission_id, e.evidence_on, e.evidence_source_key, l.id)
       e.mission_id, 'operating', e.evidence_on, e.evidence_precision, e.evidence_attests,
       e.evidence_source, l.listed_on, l.listed_precision, 'not in the complete list', s.title
  FROM reporting.mission_evidence e
  JOIN mission m ON m.id = e.mission_id
  LEFT JOIN mission_seat seat ON seat.mission_id = m.id AND seat.valid @> e.evidence_on
   AND seat.recorded @> reporting.as_recorded()
  JOIN complete_list l ON l.city_id = COALESCE(seat.city_id, m.city_id)
   AND l.listed_on = e.evidence_on
   AND l.recorded_at <= reporting.as_recorded()
   AND (l.kinds IS NULL OR m.kind = ANY (l.kinds))
  JOIN source s ON s.id = l.source_id AND s.key <> e.evidence_source_key
 WHERE e.evidence_operating
   AND NOT EXISTS (SELECT 1 FROM complete_list_mission cm
                    WHERE cm.complete_list_id = l.id AND cm.mission_id = m.id)
 ORDER BY e.mission_id, e.evidence_on, e.evidence_source_key, l.id,
          e.evidence_weight DESC, e.evidence_attests DESC, e.evidence_precision
) left_out
UNION ALL
SELECT a.mission_id, 'date of ' || a.change, a.occurred_on, a.occurred_precision, a.change,
       a.source, b.occurred_on, b.occurred_precision, b.change, b.source
  FROM reporting.mission_status_change a
  JOIN status_change xa ON xa.id = a.status_change_id
  JOIN reporting.mission_status_change b
    ON b.mission_id = a.mission_id AND b.change_code = a.change_code
   AND b.occurred_on > a.occurred_on AND b.occurred_on < a.occurred_on + 365
  JOIN status_change xb ON xb.id = b.status_change_id AND xb.source_id <> xa.source_id
 WHERE a.applies_to = 'mission' AND b.applies_to = 'mission'
) d
  JOIN mission m ON m.id = d.mission_id
  LEFT JOIN mission_seat seat ON seat.mission_id = d.mission_id AND seat.valid @> d.first_on
   AND seat.recorded @> reporting.as_recorded()
  LEFT JOIN city c ON c.id = COALESCE(seat.city_id, m.city_id);

COMMENT ON VIEW reporting.evidence_conflict IS 'Disagreements between sources about a mission, each with both sides (docs/evidence.md): operating or not on one date (a status change, or a complete list of that date leaving out the mission seated in its city then, against evidence that it operates), or one change dated differently by two sources less than a year apart.';
COMMENT ON COLUMN reporting.evidence_conflict.mission_id IS 'Mission the sources disagree about.';
COMMENT ON COLUMN reporting.evidence_conflict.disagreement IS 'What about: operating, or date of <change>.';
COMMENT ON COLUMN reporting.evidence_conflict.first_on IS 'Date of the first side''s evidence (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.evidence_conflict.first_precision IS 'Precision of first_on.';
COMMENT ON COLUMN reporting.evidence_conflict.first_says IS 'What the first side attests.';
COMMENT ON COLUMN reporting.evidence_conflict.first_source IS 'Title of the first side''s source.';
COMMENT ON COLUMN reporting.evidence_conflict.second_on IS 'Date of the second side''s evidence.';
COMMENT ON COLUMN reporting.evidence_conflict.second_precision IS 'Precision of second_on.';
COMMENT ON COLUMN reporting.evidence_conflict.second_says IS 'What the second side attests.';
COMMENT ON COLUMN reporting.evidence_conflict.second_source IS 'Title of the second side''s source.';
COMMENT ON COLUMN reporting.evidence_conflict.city_id IS 'The mission''s seat on first_on: its dated seat then (reporting.mission_seat), else its own city.';
COMMENT ON COLUMN reporting.evidence_conflict.city IS 'Name of that city.';
-- Which kinds of mission are forms of one post (table post_form, data in
-- registry/data/vocabulary/post_forms.csv): a sender's missions of these kinds in one
-- city are one post whose form changes (docs/forms.md).
CREATE VIEW reporting.post_form AS
SELECT f.code AS mission_kind_code, f.post FROM post_form f;

COMMENT ON VIEW reporting.post_form IS 'The kinds of mission that are forms of one post (a legation, an embassy, a liaison office, a technical team, ...): of a sender''s missions of one post in a city, the one whose form started last is the post''s form (docs/forms.md).';
COMMENT ON COLUMN reporting.post_form.mission_kind_code IS 'A kind of mission (mission_kind).';
COMMENT ON COLUMN reporting.post_form.post IS 'The post it is a form of (diplomatic).';
-- Each mission's latest evidence on a date, and whether a complete list presumes it
-- not operating: the latest list of its seat (and kind) on the list's date, on or
-- before the date, that leaves it out, when the mission has no evidence of that
-- list's date or later. A mission's seat on a date is the dated seat covering it
-- (mission_seat, revision 0019), else the mission's own city (revision 0021: a list
-- of Bonn in 2005 does not count against the US embassy that moved to Berlin in
-- 1999; a list of Berlin does), read through reporting.mission_seat (an analyst's
-- rights reach the views only).
-- A disagreement is open when, on the date of the latest evidence, one source says
-- the mission operates and another that it does not (a change, or a complete list of
-- that date leaving it out): reporting.evidence_conflict has both sides. Called with
-- the missions an answer shows, it reads only theirs, through the views (it runs with
-- the caller's rights: an analyst's too), one mission at a time (a LATERAL subquery
-- the planner may not flatten: OFFSET 0), so each mission id reaches every branch of
-- mission_evidence as an index condition (revision 0017). Of each mission it reads
-- the latest date of evidence and that date's rows only; the whole evidence of the
-- forms of a post only (revision 0018). PL/pgSQL, so that a session plans the query
-- once, not at each call: planning it cost about as much as running it (revision
-- 0018; tests/test_fact_evidence.py proves the rows are 0017's). The other forms of
-- their posts are looked for by city where many of the missions given sit (a city's
-- corps), else by sender, host and city, one index lookup each (a sender's missions in
-- many cities: `represents`), not among every mission of every city (revision 0022:
-- finding them took 417 ms of 523 for one sender's 1,321 missions at 1,000,000
-- tenures, 14 ms now; the same rows).
-- Planned with the joins in the order written (join_collapse_limit = 1, revision
-- 0025): each CTE is small and already in a good order, and searching the join orders
-- of the views inside them cost 40 ms of a 55 ms call at 100,000 tenures, paid at
-- every call (PL/pgSQL's first five plans are custom, and a command's session is new).
-- One post across forms (docs/forms.md): of a sender's missions to one host seated in
-- one city on the date (the US embassies to Greece and to Yugoslavia in Cairo in 1944
-- are two posts, beside the legation to Egypt) whose kinds are forms of one post (reporting.post_form), each form starts at its latest
-- report of operating (a head in post, a change to operating, a complete list naming
-- it; not a listing, dated by its source's publication, not by the mission); a mission is presumed ended from the first later start of
-- another form of its post on or before the date (succeeded_on, succeeded_by).
CREATE FUNCTION reporting.evidence_as_of(as_of date, missions integer[])
RETURNS TABLE (
    mission_id integer,
    evidence_on date,
    evidence_precision text,
    evidence_attests text,
    evidence_source text,
    omitted_on date,
    omitted_precision text,
    omitted_source text,
    open_conflicts integer,
    succeeded_on date,
    succeeded_precision text,
    succeeded_by text
)
LANGUAGE plpgsql STABLE
SET join_collapse_limit = 1
AS $$
#variable_conflict use_column
BEGIN
RETURN QUERY
WITH given AS MATERIALIZED (
    SELECT m.mission_id, m.city_id, m.mission_kind_code, m.sending_code, m.organisation_code,
           m.host_code
      FROM reporting.mission m WHERE m.mission_id = ANY (missions)
), seats AS MATERIALIZED (  -- their dated seats, one mission at a time (an index range)
    SELECT s.mission_id, s.city_id, s.valid
      FROM given g
     CROSS JOIN LATERAL (
           SELECT s.mission_id, s.city_id, s.valid FROM reporting.mission_seat s
            WHERE s.mission_id = g.mission_id OFFSET 0) AS s
), periods AS MATERIALIZED (  -- where each sat on every date: its seats, and its own
    SELECT s.mission_id, s.city_id, s.valid FROM seats s  -- city on the dates none covers
    UNION ALL
    SELECT g.mission_id, g.city_id, d.valid
      FROM given g
     CROSS JOIN LATERAL unnest(datemultirange(daterange(NULL, NULL)) - COALESCE(
           (SELECT range_agg(s.valid) FROM seats s WHERE s.mission_id = g.mission_id),
           '{}'::datemultirange)) AS d (valid)
), ms AS MATERIALIZED (  -- the missions given, at their seat on the date
    SELECT g.mission_id, p.city_id, g.mission_kind_code, g.sending_code, g.organisation_code,
           g.host_code
      FROM given g
      JOIN periods p ON p.mission_id = g.mission_id AND p.valid @> as_of
), by_city AS MATERIALIZED (  -- how many of them each of their seats holds
    SELECT ms.city_id, count(*) AS given FROM ms GROUP BY ms.city_id
), others AS MATERIALIZED (  -- the forms of their posts seated in these cities on the date
    SELECT o.mission_id, o.sending_code, o.host_code, o.city_id, o.mission_kind, o.post,
           count(*) OVER (PARTITION BY o.sending_code, o.host_code, o.city_id, o.post) AS forms
      FROM (SELECT o.mission_id, o.sending_code, o.host_code,
                   COALESCE(s.city_id, o.city_id) AS city_id, o.mission_kind, g.post
              FROM (SELECT o.mission_id, o.sending_code, o.host_code, o.city_id, o.mission_kind,
                           o.mission_kind_code, o.organisation_code
                      FROM reporting.mission o  -- a city many are seated in: all its missions
                     WHERE o.city_id = ANY (ARRAY(SELECT c.city_id FROM by_city c
                                                   WHERE c.given >= 8))
                    UNION  -- elsewhere (one sender's missions in many cities): the missions
                    SELECT o.*  -- of the same sender and host there, one index lookup each
                      FROM (SELECT DISTINCT ms.sending_code, ms.host_code, ms.city_id
                              FROM ms JOIN by_city c ON c.city_id = ms.city_id AND c.given < 8
                             WHERE ms.organisation_code IS NULL) AS t
                     CROSS JOIN LATERAL (
                           SELECT o.mission_id, o.sending_code, o.host_code, o.city_id,
                                  o.mission_kind, o.mission_kind_code, o.organisation_code
                             FROM reporting.mission o
                            WHERE o.sending_code = t.sending_code AND o.host_code = t.host_code
                              AND o.city_id = t.city_id OFFSET 0) AS o
                    UNION  -- on record elsewhere, seated in one of them once: few
                    SELECT o.mission_id, o.sending_code, o.host_code, o.city_id,
                           o.mission_kind, o.mission_kind_code, o.organisation_code
                      FROM reporting.mission o
                     WHERE o.mission_id = ANY (ARRAY(
                           SELECT s.mission_id FROM reporting.mission_seat s
                            WHERE s.city_id = ANY (ARRAY(SELECT ms.city_id FROM ms))))
                   ) AS o
              JOIN reporting.post_form g ON g.mission_kind_code = o.mission_kind_code
              LEFT JOIN reporting.mission_seat s ON s.mission_id = o.mission_id
               AND s.valid @> as_of
             WHERE o.organisation_code IS NULL) AS o
     WHERE o.city_id = ANY (ARRAY(SELECT ms.city_id FROM ms))
), several AS MATERIALIZED (  -- those of posts with more than one form: few
    SELECT o.* FROM others o WHERE o.forms > 1
), forms AS MATERIALIZED (  -- each mission given, and the other forms of its post
    SELECT a.mission_id, b.mission_id AS other_id, b.mission_kind AS other_kind
      FROM several a
      JOIN several b ON b.sending_code = a.sending_code AND b.host_code = a.host_code
       AND b.city_id = a.city_id AND b.post = a.post AND b.mission_id <> a.mission_id
     WHERE a.mission_id = ANY (missions)
), latest_on AS MATERIALIZED (  -- each mission's latest date of evidence on or before
    SELECT ms.mission_id, d.evidence_on  -- the date, one mission at a time (see above)
      FROM ms
     CROSS JOIN LATERAL (
           SELECT max(e.evidence_on) AS evidence_on FROM reporting.mission_evidence e
            WHERE e.mission_id = ms.mission_id AND e.evidence_on <= as_of OFFSET 0) AS d
     WHERE d.evidence_on IS NOT NULL
), day AS MATERIALIZED (  -- the evidence of that date: all latest and disputed look at
    SELECT me.*
      FROM latest_on l
     CROSS JOIN LATERAL (
           SELECT e.* FROM reporting.mission_evidence e
            WHERE e.mission_id = l.mission_id AND e.evidence_on = l.evidence_on OFFSET 0) AS me
), latest AS (
    SELECT DISTINCT ON (ev.mission_id) ev.mission_id, ev.evidence_on, ev.evidence_precision,
           ev.evidence_attests, ev.evidence_source
      FROM day ev
     -- then by the source's key and the precision: two sources saying the same of one
     -- date give one answer, whatever the plan (revision 0025; 0022 took either)
     ORDER BY ev.mission_id, ev.evidence_on DESC, ev.evidence_weight DESC, ev.evidence_attests,
              ev.evidence_source_key, ev.evidence_precision
), read AS MATERIALIZED (  -- the forms' whole evidence on or before the date, once each
    SELECT me.*
      FROM (SELECT forms.mission_id FROM forms UNION SELECT forms.other_id FROM forms) AS r (id)
     CROSS JOIN LATERAL (
           SELECT e.* FROM reporting.mission_evidence e
            WHERE e.mission_id = r.id AND e.evidence_on <= as_of OFFSET 0) AS me
), reports AS MATERIALIZED (  -- the forms' reports of operating on or before the date
    SELECT e.mission_id, e.evidence_on, e.evidence_precision, e.evidence_attests,
           e.evidence_operating
      FROM read e
     WHERE e.mission_id IN (SELECT forms.mission_id FROM forms)
        OR NOT (e.mission_id = ANY (missions))
), started AS (
    SELECT r.mission_id, max(r.evidence_on) AS evidence_on FROM reports r
     WHERE r.evidence_operating AND r.evidence_attests <> 'listed'  -- a listing: its
     GROUP BY r.mission_id                                          -- source's date
), succeeded AS MATERIALIZED (  -- the first report of another form after this one's
    -- latest start
    SELECT DISTINCT ON (fo.mission_id) fo.mission_id, later.evidence_on,
           later.evidence_precision, fo.other_kind
      FROM forms fo
      JOIN reports later ON later.mission_id = fo.other_id AND later.evidence_operating
       AND later.evidence_attests <> 'listed'
      LEFT JOIN started mine ON mine.mission_id = fo.mission_id
     WHERE mine.evidence_on IS NULL OR later.evidence_on > mine.evidence_on
     ORDER BY fo.mission_id, later.evidence_on, fo.other_id, later.evidence_precision
), lists AS MATERIALIZED (  -- the lists of the cities they sat in
    SELECT l.* FROM reporting.complete_list l
     WHERE l.city_id IN (SELECT p.city_id FROM periods p) AND l.listed_on <= as_of
), left_out AS (  -- a list of its seat on the list's date that leaves it out
    SELECT ms.mission_id, l.complete_list_id, l.listed_on, l.listed_precision, l.source,
           l.source_key
      FROM ms
      JOIN periods p ON p.mission_id = ms.mission_id
      JOIN lists l ON l.city_id = p.city_id AND p.valid @> l.listed_on
       AND (l.kinds IS NULL OR ms.mission_kind_code = ANY (l.kinds))
       AND NOT (ms.mission_id = ANY (COALESCE(l.mission_ids, '{}')))
), omitted AS MATERIALIZED (
    SELECT DISTINCT ON (o.mission_id) o.mission_id, o.listed_on, o.listed_precision, o.source
      FROM left_out o
      LEFT JOIN latest e ON e.mission_id = o.mission_id
     WHERE e.evidence_on IS NULL OR e.evidence_on < o.listed_on
     -- of two lists of one day, the source's key first (as latest: revision 0025)
     ORDER BY o.mission_id, o.listed_on DESC, o.source_key, o.complete_list_id
), against AS MATERIALIZED (  -- what says a mission does not operate on a date: few
    SELECT ev.mission_id, ev.evidence_on, ev.evidence_source_key FROM day ev
     WHERE NOT ev.evidence_operating
    UNION ALL
    SELECT o.mission_id, o.listed_on, o.source_key FROM left_out o
), disputed AS MATERIALIZED (  -- each of the three the final join reads once: left
    -- to the planner, a plan made for few missions ran it again for each (PostgreSQL 18,
    -- a session's generic plan: 15 ms a mission, 10 s for 679). From the few that say
    -- it does not operate (in the order written: revision 0025)
    SELECT e.mission_id,
           count(DISTINCT (a.evidence_source_key, b.evidence_source_key))::integer AS conflicts
      FROM against b
      JOIN day a ON a.mission_id = b.mission_id AND a.evidence_on = b.evidence_on
       AND a.evidence_source_key <> b.evidence_source_key AND a.evidence_operating
      JOIN latest e ON e.mission_id = a.mission_id AND e.evidence_on = a.evidence_on
     GROUP BY e.mission_id
)
SELECT ms.mission_id, e.evidence_on, e.evidence_precision, e.evidence_attests,
       e.evidence_source, o.listed_on, o.listed_precision, o.source,
       COALESCE(d.conflicts, 0), su.evidence_on, su.evidence_precision, su.other_kind
  FROM ms
  LEFT JOIN latest e ON e.mission_id = ms.mission_id
  LEFT JOIN omitted o ON o.mission_id = ms.mission_id
  LEFT JOIN disputed d ON d.mission_id = ms.mission_id
  LEFT JOIN succeeded su ON su.mission_id = ms.mission_id;
END
$$;

COMMENT ON FUNCTION reporting.evidence_as_of(date, integer[]) IS 'For each of the missions given: its latest evidence on or before the date (reporting.mission_evidence: latest date first, then a report about the mission before a listing, then by what it attests and the source''s key), and, when a complete list on or before the date of the city it was seated in on the list''s date (its dated seat, else its own city) leaves it out and it has no evidence of that date or later, the list''s date and source (omitted_on, omitted_source): presumed not operating from then; open_conflicts: how many pairs of evidence of the latest evidence''s date disagree on whether it operates (reporting.evidence_conflict shows them; docs/evidence.md); succeeded_on, succeeded_by: when another form of its post seated in the same city on the date (reporting.post_form: the embassy that re-opened after a liaison office, a technical team after an embassy) started later, on or before the date, the first such start and that form''s kind: presumed ended from then (docs/forms.md).';
-- Analysts (and the writer, whose `registry` reads through these) may read the
-- reporting schema and nothing else. A revision that adds a view or function
-- grants it these too. The functions run with the caller's rights, over the views.
GRANT USAGE ON SCHEMA reporting TO registry_analyst, registry_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO registry_analyst, registry_writer;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA reporting TO registry_analyst, registry_writer;
