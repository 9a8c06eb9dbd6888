SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0001 -> 0002

DROP SCHEMA IF EXISTS reporting CASCADE;

-- The reporting schema: the read side shared by the `registry` CLI and analysts.
-- This file is the current definition, for reading; migrations carry a frozen copy
-- of each version (replaceable objects), so editing it alone changes nothing.
-- tests/test_migrations.py fails when this file and the head migration differ.

CREATE SCHEMA IF NOT EXISTS reporting;
COMMENT ON SCHEMA reporting IS 'Stable, documented views for reports and the registry CLI. Base tables are private.';

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
          WHERE a.mission_id = m.id),
        '{}'
    ) AS accredited_to,
    s.title AS source
FROM mission m
JOIN party sp ON sp.id = m.sending_party_id
JOIN party hp ON hp.id = m.host_party_id
JOIN mission_kind mk ON mk.code = m.kind
LEFT JOIN city c ON c.id = m.city_id
JOIN source s ON s.id = m.source_id;

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
    rm.mission_kind_code
FROM tenure t
JOIN reporting.mission rm ON rm.mission_id = t.mission_id
JOIN rank r ON r.code = t.rank_code
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
JOIN source s ON s.id = t.source_id;

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

CREATE VIEW reporting.accreditation AS
SELECT
    a.mission_id,
    p.code AS party_code,
    p.name AS party,
    p.kind AS party_kind,
    a.resident,
    s.title AS source
FROM accreditation a
JOIN party p ON p.id = a.party_id
JOIN source s ON s.id = a.source_id;

COMMENT ON VIEW reporting.accreditation IS 'Which parties each mission is accredited to, resident or not.';
COMMENT ON COLUMN reporting.accreditation.mission_id IS 'The accredited mission.';
COMMENT ON COLUMN reporting.accreditation.party_code IS 'Code of the state or organisation it is accredited to.';
COMMENT ON COLUMN reporting.accreditation.party IS 'Name of the state or organisation it is accredited to.';
COMMENT ON COLUMN reporting.accreditation.party_kind IS 'state, historical_state or organisation.';
COMMENT ON COLUMN reporting.accreditation.resident IS 'True when the mission sits in the accrediting state or at the organisation.';
COMMENT ON COLUMN reporting.accreditation.source IS 'Title of the source.';

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
    s.title AS source
FROM status_change sc
JOIN status_change_kind k ON k.code = sc.kind
LEFT JOIN tenure t ON t.id = sc.tenure_id
LEFT JOIN party ap ON ap.id = sc.actor_party_id
LEFT JOIN authority aa ON aa.id = sc.actor_authority_id
JOIN source s ON s.id = sc.source_id;

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

COMMENT ON FUNCTION reporting.heads_as_of(date) IS 'Who heads each operating mission on a date: one row per mission, head_status named, unnamed (rank known, name not), vacant (no head on record since the last tenure ended) or unknown. Order by precedence_group, COALESCE(functions_since, functions_before) for Vienna Convention precedence.';;

UPDATE alembic_version SET version_num='0002' WHERE alembic_version.version_num = '0001';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

