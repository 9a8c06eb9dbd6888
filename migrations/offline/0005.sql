SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0004 -> 0005

DROP SCHEMA IF EXISTS reporting CASCADE;

ALTER TABLE mission ADD COLUMN organisation_id INTEGER;

COMMENT ON COLUMN mission.organisation_id IS 'For a permanent mission or delegation to an international organisation: the organisation (USNATO and USEU are two US missions in Brussels); NULL for a mission to the host state.';

ALTER TABLE mission ADD CONSTRAINT fk_mission_organisation_id_party FOREIGN KEY(organisation_id) REFERENCES party (id);

CREATE INDEX ix_mission_organisation_id ON mission (organisation_id);

ALTER TABLE mission DROP CONSTRAINT uq_mission_sending_party_id_host_party_id_city_id_kind;

ALTER TABLE mission ADD CONSTRAINT uq_mission_natural_key UNIQUE NULLS NOT DISTINCT (sending_party_id, host_party_id, city_id, kind, organisation_id);

COMMENT ON TABLE mission IS 'A sending party''s post in a place: an embassy, consulate, permanent mission, delegation, technical team... One row per (sending party, host, seat city, kind, organisation), whatever the source.';

-- The reporting schema: the read side shared by the `registry` CLI and analysts.
-- This file is the current definition, for reading; migrations carry a frozen copy
-- of each version (replaceable objects), so editing it alone changes nothing.
-- tests/test_migrations.py fails when this file and the head migration differ.
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
    hp.kind AS host_kind,
    op.code AS organisation_code,
    op.name AS organisation
FROM mission m
JOIN party sp ON sp.id = m.sending_party_id
JOIN party hp ON hp.id = m.host_party_id
JOIN mission_kind mk ON mk.code = m.kind
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

CREATE VIEW reporting.head_of_mission AS
SELECT
    t.id AS tenure_id,
    t.mission_id,
    rm.sending_code,
    rm.sending,
    rm.mission_kind,
    rm.city,
    rm.host,
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
    rm.accredited_to,
    s.title AS source,
    t.person_id,
    rm.host_code,
    rm.mission_kind_code,
    rm.city_id,
    rm.seat_inferred,
    rc.name AS resident_city,
    upper(ca.valid) AS credentials_authority_until,
    s.published_on AS source_published_on,
    lower(t.recorded) AS recorded_from,
    t.recorded_by,
    t.note
FROM tenure t
JOIN reporting.mission rm ON rm.mission_id = t.mission_id
JOIN rank r ON r.code = t.rank_code
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
LEFT JOIN city rc ON rc.id = t.resident_city_id
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

CREATE VIEW reporting.mission_status_change AS
SELECT
    sc.id AS status_change_id,
    sc.kind AS change_code,
    k.label AS change,
    sc.occurred_on,
    sc.occurred_precision,
    COALESCE(sc.mission_id, t.mission_id) AS mission_id,
    sc.tenure_id,
    k.mission_status,
    ap.name AS actor,
    aa.name AS actor_authority,
    sc.note,
    s.title AS source,
    k.applies_to,
    rm.sending_code,
    rm.sending,
    rm.host_code,
    rm.host,
    rm.city,
    rm.mission_kind_code,
    ap.code AS actor_code,
    s.published_on AS source_published_on,
    lower(sc.recorded) AS recorded_from,
    sc.recorded_by
FROM status_change sc
JOIN status_change_kind k ON k.code = sc.kind
LEFT JOIN tenure t ON t.id = sc.tenure_id
JOIN reporting.mission rm ON rm.mission_id = COALESCE(sc.mission_id, t.mission_id)
LEFT JOIN party ap ON ap.id = sc.actor_party_id
LEFT JOIN authority aa ON aa.id = sc.actor_authority_id
JOIN source s ON s.id = sc.source_id
WHERE sc.recorded @> reporting.as_recorded()
  AND (t.id IS NULL OR t.recorded @> reporting.as_recorded());

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
    host_code text,
    organisation text
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
    m.host_code,
    m.organisation
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

-- Analysts (and the writer, whose `registry` reads through these) may read the
-- reporting schema and nothing else; grants go with the schema, which each
-- revision recreates. The functions run with the caller's rights, over the views.
GRANT USAGE ON SCHEMA reporting TO registry_analyst, registry_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO registry_analyst, registry_writer;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA reporting TO registry_analyst, registry_writer;;

UPDATE alembic_version SET version_num='0005' WHERE alembic_version.version_num = '0004';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

