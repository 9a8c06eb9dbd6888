SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0002 -> 0003

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'registry_owner') THEN
        BEGIN
            CREATE ROLE registry_owner NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            RETURN;
        END;
    END IF;
END
$$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'registry_writer') THEN
        BEGIN
            CREATE ROLE registry_writer NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            RETURN;
        END;
    END IF;
END
$$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'registry_analyst') THEN
        BEGIN
            CREATE ROLE registry_analyst NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            RETURN;
        END;
        ALTER ROLE registry_analyst SET default_transaction_read_only = on;
        ALTER ROLE registry_analyst SET statement_timeout = '30s';
    END IF;
END
$$;

GRANT ALL ON ALL TABLES IN SCHEMA public TO registry_owner;

GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO registry_owner;

GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO registry_writer;

GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO registry_writer;

REVOKE INSERT, UPDATE ON public.alembic_version FROM registry_writer;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM registry_analyst;

REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM registry_analyst;

GRANT SELECT ON public.alembic_version TO registry_analyst;

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE ON TABLES TO registry_writer;

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO registry_writer;

ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO registry_owner;

REVOKE CREATE ON SCHEMA public FROM PUBLIC;

DROP SCHEMA IF EXISTS reporting CASCADE;

-- The reporting schema: the read side shared by the `registry` CLI and analysts.
-- This file is the current definition, for reading; migrations carry a frozen copy
-- of each version (replaceable objects), so editing it alone changes nothing.
-- tests/test_migrations.py fails when this file and the head migration differ.
-- The roles granted to at the end are created by revision 0003 (cluster-wide).

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
    s.title AS source,
    sp.kind AS sending_kind,
    sp.iso_alpha3 AS sending_iso_alpha3,
    hp.iso_alpha3 AS host_iso_alpha3
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
COMMENT ON COLUMN reporting.mission.sending_kind IS 'Kind of sending party: state, historical_state or organisation.';
COMMENT ON COLUMN reporting.mission.sending_iso_alpha3 IS 'ISO 3166-1 alpha-3 code of the sending state; NULL for organisations.';
COMMENT ON COLUMN reporting.mission.host_iso_alpha3 IS 'ISO 3166-1 alpha-3 code of the host state.';

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
    rm.city_id
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
COMMENT ON COLUMN reporting.head_of_mission.city_id IS 'Seat city identifier; NULL when only the country is known.';

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
    s.title AS source,
    k.applies_to,
    rm.sending_code,
    rm.sending,
    rm.host_code,
    rm.host,
    rm.city,
    rm.mission_kind_code,
    ap.code AS actor_code
FROM status_change sc
JOIN status_change_kind k ON k.code = sc.kind
LEFT JOIN tenure t ON t.id = sc.tenure_id
JOIN reporting.mission rm ON rm.mission_id = COALESCE(sc.mission_id, t.mission_id)
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
COMMENT ON COLUMN reporting.mission_status_change.applies_to IS 'mission for a change of the mission, tenure for a change of its head.';
COMMENT ON COLUMN reporting.mission_status_change.sending_code IS 'Code of the mission''s sending party.';
COMMENT ON COLUMN reporting.mission_status_change.sending IS 'The mission''s sending state or organisation.';
COMMENT ON COLUMN reporting.mission_status_change.host_code IS 'Code of the state the mission sits in.';
COMMENT ON COLUMN reporting.mission_status_change.host IS 'State the mission sits in.';
COMMENT ON COLUMN reporting.mission_status_change.city IS 'Seat city; NULL when only the country is known.';
COMMENT ON COLUMN reporting.mission_status_change.mission_kind_code IS 'Kind of mission, as a code.';
COMMENT ON COLUMN reporting.mission_status_change.actor_code IS 'Code of the state or organisation that acted.';

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
GRANT USAGE ON SCHEMA reporting TO registry_analyst, registry_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO registry_analyst, registry_writer;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA reporting TO registry_analyst, registry_writer;;

UPDATE alembic_version SET version_num='0003' WHERE alembic_version.version_num = '0002';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

