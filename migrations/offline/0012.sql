SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0010 -> 0012

CREATE TABLE relation_event_kind (
    code TEXT NOT NULL, 
    label TEXT NOT NULL, 
    category TEXT NOT NULL, 
    CONSTRAINT pk_relation_event_kind PRIMARY KEY (code), 
    CONSTRAINT ck_relation_event_kind_category_known CHECK (category IN ('recognition', 'relations')), 
    CONSTRAINT ck_relation_event_kind_code_length CHECK (char_length(code) <= 200), 
    CONSTRAINT ck_relation_event_kind_label_length CHECK (char_length(label) <= 300)
);

COMMENT ON TABLE relation_event_kind IS 'Vocabulary: kinds of act between two parties (recognition, relations).';

COMMENT ON COLUMN relation_event_kind.code IS 'Stable code.';

COMMENT ON COLUMN relation_event_kind.label IS 'Human-readable description.';

COMMENT ON COLUMN relation_event_kind.category IS 'recognition (of a state or an authority) or relations (between states).';

CREATE TABLE relation_event (
    id SERIAL NOT NULL, 
    kind TEXT NOT NULL, 
    occurred_on DATE NOT NULL, 
    occurred_precision TEXT NOT NULL, 
    party_id INTEGER NOT NULL, 
    counterpart_id INTEGER NOT NULL, 
    counterpart_authority_id INTEGER, 
    person_id INTEGER, 
    note TEXT, 
    source_id INTEGER NOT NULL, 
    recorded TSTZRANGE DEFAULT tstzrange(now(), NULL) NOT NULL, 
    recorded_by TEXT DEFAULT CURRENT_USER NOT NULL, 
    supersedes_id INTEGER, 
    CONSTRAINT pk_relation_event PRIMARY KEY (id), 
    CONSTRAINT ck_relation_event_recorded_has_lower_bound CHECK (NOT lower_inf(recorded)), 
    CONSTRAINT ck_relation_event_note_length CHECK (char_length(note) <= 4000), 
    CONSTRAINT ck_relation_event_occurred_precision_known CHECK (occurred_precision IN ('day', 'month', 'year')), 
    CONSTRAINT ck_relation_event_two_parties CHECK (party_id <> counterpart_id), 
    CONSTRAINT fk_relation_event_counterpart_authority_id_authority FOREIGN KEY(counterpart_authority_id) REFERENCES authority (id), 
    CONSTRAINT fk_relation_event_counterpart_id_party FOREIGN KEY(counterpart_id) REFERENCES party (id), 
    CONSTRAINT fk_relation_event_kind_relation_event_kind FOREIGN KEY(kind) REFERENCES relation_event_kind (code), 
    CONSTRAINT fk_relation_event_party_id_party FOREIGN KEY(party_id) REFERENCES party (id), 
    CONSTRAINT fk_relation_event_person_id_person FOREIGN KEY(person_id) REFERENCES person (id), 
    CONSTRAINT fk_relation_event_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT fk_relation_event_supersedes_id_relation_event FOREIGN KEY(supersedes_id) REFERENCES relation_event (id)
);

COMMENT ON TABLE relation_event IS 'A dated act of one party towards another: recognition of a state or of one of its authorities, diplomatic relations established, severed, suspended or resumed. Append-only, like status_change.';

COMMENT ON COLUMN relation_event.id IS 'Surrogate key.';

COMMENT ON COLUMN relation_event.kind IS 'What happened (see relation_event_kind).';

COMMENT ON COLUMN relation_event.occurred_on IS 'When; its first day when only the month or year is known.';

COMMENT ON COLUMN relation_event.occurred_precision IS 'Precision of occurred_on: day, month or year.';

COMMENT ON COLUMN relation_event.party_id IS 'The party that acted (recognised), or the first of the pair (relations).';

COMMENT ON COLUMN relation_event.counterpart_id IS 'The party recognised, or the other of the pair (relations).';

COMMENT ON COLUMN relation_event.counterpart_authority_id IS 'The counterpart''s authority recognised, when the act names one.';

COMMENT ON COLUMN relation_event.person_id IS 'Who carried the act out, if the source names them (presented credentials).';

COMMENT ON COLUMN relation_event.note IS 'Detail as the source gives it.';

COMMENT ON COLUMN relation_event.source_id IS 'The source this fact is cited from.';

COMMENT ON COLUMN relation_event.recorded IS 'Recorded time, [when this version was recorded, when it was superseded or retracted): the registry''s own history, kept apart from valid time. Open while current.';

COMMENT ON COLUMN relation_event.recorded_by IS 'The database user who recorded this version.';

COMMENT ON COLUMN relation_event.supersedes_id IS 'The version this row corrects, when it is a correction; NULL for a first record.';

CREATE INDEX ix_relation_event_counterpart_authority_id ON relation_event (counterpart_authority_id);

CREATE INDEX ix_relation_event_counterpart_id_party_id ON relation_event (counterpart_id, party_id);

CREATE INDEX ix_relation_event_person_id ON relation_event (person_id);

CREATE INDEX ix_relation_event_source_id ON relation_event (source_id);

CREATE INDEX ix_relation_event_supersedes_id ON relation_event (supersedes_id);

CREATE UNIQUE INDEX uq_relation_event_current ON relation_event (kind, party_id, counterpart_id, occurred_on) WHERE upper_inf(recorded);

INSERT INTO relation_event_kind (code, label, category) VALUES ('recognised', 'recognised', 'recognition');

INSERT INTO relation_event_kind (code, label, category) VALUES ('recognition-withdrawn', 'withdrew recognition', 'recognition');

INSERT INTO relation_event_kind (code, label, category) VALUES ('relations-established', 'diplomatic relations established', 'relations');

INSERT INTO relation_event_kind (code, label, category) VALUES ('consular-relations-established', 'consular relations established', 'relations');

INSERT INTO relation_event_kind (code, label, category) VALUES ('relations-severed', 'diplomatic relations severed', 'relations');

INSERT INTO relation_event_kind (code, label, category) VALUES ('relations-suspended', 'diplomatic relations suspended or interrupted', 'relations');

INSERT INTO relation_event_kind (code, label, category) VALUES ('relations-resumed', 'diplomatic relations resumed', 'relations');

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('reopened', 're-opened', 'mission', 'operating');

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('raised', 'raised in rank (a legation to an embassy, ...)', 'mission', 'closed');

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('moved', 'moved its seat to another city', 'mission', 'closed');

CREATE TRIGGER relation_event_keep_history BEFORE UPDATE OR DELETE ON relation_event FOR EACH ROW EXECUTE FUNCTION public.keep_history();

DO $replace$
DECLARE
    dependent text;
BEGIN
    SELECT coalesce(c.oid::regclass::text, p.oid::regprocedure::text) INTO dependent
      FROM pg_depend d
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      LEFT JOIN pg_class c ON c.oid = r.ev_class AND c.oid <> d.refobjid
      LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
     WHERE d.refclassid = 'pg_class'::regclass
       AND d.refobjid IN (SELECT oid FROM pg_class WHERE oid = to_regclass('reporting.relation_event'))
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace reporting.relation_event: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$CREATE OR REPLACE VIEW reporting.relation_event AS
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
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT relacl INTO grants FROM pg_class WHERE oid = 'reporting.relation_event'::regclass;
    EXECUTE 'DROP VIEW reporting.relation_event RESTRICT';
    EXECUTE $object$CREATE VIEW reporting.relation_event AS
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
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON reporting.relation_event TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

GRANT SELECT ON reporting.relation_event TO registry_analyst, registry_writer;

UPDATE alembic_version SET version_num='0012' WHERE alembic_version.version_num = '0010';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

