SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0013 -> 0014

CREATE TABLE complete_list (
    id SERIAL NOT NULL, 
    source_id INTEGER NOT NULL, 
    city_id INTEGER NOT NULL, 
    listed_on DATE NOT NULL, 
    listed_precision TEXT NOT NULL, 
    kinds TEXT[], 
    note TEXT, 
    recorded_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    recorded_by TEXT DEFAULT CURRENT_USER NOT NULL, 
    CONSTRAINT pk_complete_list PRIMARY KEY (id), 
    CONSTRAINT ck_complete_list_listed_precision_known CHECK (listed_precision IN ('day', 'month', 'year')), 
    CONSTRAINT ck_complete_list_note_length CHECK (char_length(note) <= 4000), 
    CONSTRAINT fk_complete_list_city_id_city FOREIGN KEY(city_id) REFERENCES city (id), 
    CONSTRAINT fk_complete_list_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT uq_complete_list_natural_key UNIQUE (source_id, city_id, listed_on)
);

COMMENT ON TABLE complete_list IS 'A source''s statement that it names every mission of some kinds seated in a city as of a date; its missions are in complete_list_mission.';

COMMENT ON COLUMN complete_list.id IS 'Surrogate key.';

COMMENT ON COLUMN complete_list.source_id IS 'The source that gives the list.';

COMMENT ON COLUMN complete_list.city_id IS 'The city whose missions it lists.';

COMMENT ON COLUMN complete_list.listed_on IS 'The date the list holds for; its first day when only month or year is known.';

COMMENT ON COLUMN complete_list.listed_precision IS 'How much of listed_on is known: day, month or year.';

COMMENT ON COLUMN complete_list.kinds IS 'The kinds of mission (mission_kind codes) the list is complete for; NULL: every kind.';

COMMENT ON COLUMN complete_list.note IS 'What the source says it lists.';

COMMENT ON COLUMN complete_list.recorded_at IS 'When the registry recorded the list (--as-recorded-on earlier does not see it).';

COMMENT ON COLUMN complete_list.recorded_by IS 'The database user who recorded this version.';

CREATE INDEX ix_complete_list_city_id ON complete_list (city_id);

CREATE INDEX ix_complete_list_source_id ON complete_list (source_id);

CREATE TABLE complete_list_mission (
    complete_list_id INTEGER NOT NULL, 
    mission_id INTEGER NOT NULL, 
    CONSTRAINT pk_complete_list_mission PRIMARY KEY (complete_list_id, mission_id), 
    CONSTRAINT fk_complete_list_mission_complete_list_id_complete_list FOREIGN KEY(complete_list_id) REFERENCES complete_list (id), 
    CONSTRAINT fk_complete_list_mission_mission_id_mission FOREIGN KEY(mission_id) REFERENCES mission (id)
);

COMMENT ON TABLE complete_list_mission IS 'The missions a complete list names (operating on its date).';

COMMENT ON COLUMN complete_list_mission.complete_list_id IS 'The list.';

COMMENT ON COLUMN complete_list_mission.mission_id IS 'A mission the list names.';

CREATE INDEX ix_complete_list_mission_mission_id ON complete_list_mission (mission_id);

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
       AND d.refobjid IN (SELECT oid FROM pg_class WHERE oid = to_regclass('reporting.mission_evidence'))
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace reporting.mission_evidence: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

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
       AND d.refobjid IN (SELECT oid FROM pg_class WHERE oid = to_regclass('reporting.complete_list'))
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace reporting.complete_list: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

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
       AND d.refobjid IN (SELECT oid FROM pg_class WHERE oid = to_regclass('reporting.evidence_conflict'))
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace reporting.evidence_conflict: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    dependent text;
BEGIN
    SELECT coalesce(c.oid::regclass::text, p.oid::regprocedure::text) INTO dependent
      FROM pg_depend d
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      LEFT JOIN pg_class c ON c.oid = r.ev_class AND c.oid <> d.refobjid
      LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
     WHERE d.refclassid = 'pg_proc'::regclass
       AND d.refobjid IN (SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'reporting'::regnamespace AND p.proname = 'evidence_as_of')
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace reporting.evidence_as_of: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$-- Every dated piece of evidence about each mission, whatever its kind: a source
-- listing the mission, a head reported in post or gone, a status change, a complete
-- list naming it. evidence_weight orders evidence of one date (docs/evidence.md):
-- a report about this mission (a head, a change, a complete list: 2) before a
-- listing (an extract, a dataset: 1).
CREATE OR REPLACE VIEW reporting.mission_evidence AS
SELECT ms.mission_id, s.published_on AS evidence_on, s.published_precision AS evidence_precision,
       'listed'::text AS evidence_attests, s.title AS evidence_source, s.key AS evidence_source_key,
       1 AS evidence_weight, true AS evidence_operating
  FROM mission_source ms
  JOIN source s ON s.id = ms.source_id
 WHERE ms.recorded_at <= reporting.as_recorded()
UNION ALL
SELECT h.mission_id, COALESCE(h.first_attested_on, h.started_on),
       COALESCE(h.attested_precision, h.start_precision), 'head in post', h.source, s.key, 2, true
  FROM reporting.head_of_mission h
  JOIN tenure t ON t.id = h.tenure_id
  JOIN source s ON s.id = t.source_id
 WHERE COALESCE(h.first_attested_on, h.started_on) IS NOT NULL
UNION ALL
SELECT h.mission_id, h.ended_on, h.end_precision, 'head left', h.source, s.key, 2, NULL
  FROM reporting.head_of_mission h
  JOIN tenure t ON t.id = h.tenure_id
  JOIN source s ON s.id = t.source_id
 WHERE h.ended_on IS NOT NULL
UNION ALL
SELECT sc.mission_id, sc.occurred_on, sc.occurred_precision, sc.change, sc.source, s.key, 2,
       CASE WHEN sc.mission_status IS NOT NULL THEN sc.mission_status = 'operating' END
  FROM reporting.mission_status_change sc
  JOIN status_change x ON x.id = sc.status_change_id
  JOIN source s ON s.id = x.source_id
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
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT relacl INTO grants FROM pg_class WHERE oid = 'reporting.mission_evidence'::regclass;
    EXECUTE 'DROP VIEW reporting.mission_evidence RESTRICT';
    EXECUTE $object$-- Every dated piece of evidence about each mission, whatever its kind: a source
-- listing the mission, a head reported in post or gone, a status change, a complete
-- list naming it. evidence_weight orders evidence of one date (docs/evidence.md):
-- a report about this mission (a head, a change, a complete list: 2) before a
-- listing (an extract, a dataset: 1).
CREATE VIEW reporting.mission_evidence AS
SELECT ms.mission_id, s.published_on AS evidence_on, s.published_precision AS evidence_precision,
       'listed'::text AS evidence_attests, s.title AS evidence_source, s.key AS evidence_source_key,
       1 AS evidence_weight, true AS evidence_operating
  FROM mission_source ms
  JOIN source s ON s.id = ms.source_id
 WHERE ms.recorded_at <= reporting.as_recorded()
UNION ALL
SELECT h.mission_id, COALESCE(h.first_attested_on, h.started_on),
       COALESCE(h.attested_precision, h.start_precision), 'head in post', h.source, s.key, 2, true
  FROM reporting.head_of_mission h
  JOIN tenure t ON t.id = h.tenure_id
  JOIN source s ON s.id = t.source_id
 WHERE COALESCE(h.first_attested_on, h.started_on) IS NOT NULL
UNION ALL
SELECT h.mission_id, h.ended_on, h.end_precision, 'head left', h.source, s.key, 2, NULL
  FROM reporting.head_of_mission h
  JOIN tenure t ON t.id = h.tenure_id
  JOIN source s ON s.id = t.source_id
 WHERE h.ended_on IS NOT NULL
UNION ALL
SELECT sc.mission_id, sc.occurred_on, sc.occurred_precision, sc.change, sc.source, s.key, 2,
       CASE WHEN sc.mission_status IS NOT NULL THEN sc.mission_status = 'operating' END
  FROM reporting.mission_status_change sc
  JOIN status_change x ON x.id = sc.status_change_id
  JOIN source s ON s.id = x.source_id
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
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON reporting.mission_evidence TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$CREATE OR REPLACE VIEW reporting.complete_list AS
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
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT relacl INTO grants FROM pg_class WHERE oid = 'reporting.complete_list'::regclass;
    EXECUTE 'DROP VIEW reporting.complete_list RESTRICT';
    EXECUTE $object$CREATE VIEW reporting.complete_list AS
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
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON reporting.complete_list TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$-- Where sources disagree about a mission (docs/evidence.md): on one date, one says
-- it operates and another that it does not (a status change, or a complete list of
-- that date leaving it out); or two sources date the same change differently, less
-- than a year apart (a mission may close twice, decades apart: that is history).
CREATE OR REPLACE VIEW reporting.evidence_conflict AS
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
          a.evidence_weight DESC, a.evidence_attests, b.evidence_weight DESC, b.evidence_attests
) same_day
UNION ALL
SELECT * FROM (
SELECT DISTINCT ON (e.mission_id, e.evidence_on, e.evidence_source_key, l.id)
       e.mission_id, 'operating', e.evidence_on, e.evidence_precision, e.evidence_attests,
       e.evidence_source, l.listed_on, l.listed_precision, 'not in the complete list', s.title
  FROM reporting.mission_evidence e
  JOIN mission m ON m.id = e.mission_id
  JOIN complete_list l ON l.city_id = m.city_id AND l.listed_on = e.evidence_on
   AND l.recorded_at <= reporting.as_recorded()
   AND (l.kinds IS NULL OR m.kind = ANY (l.kinds))
  JOIN source s ON s.id = l.source_id AND s.key <> e.evidence_source_key
 WHERE e.evidence_operating
   AND NOT EXISTS (SELECT 1 FROM complete_list_mission cm
                    WHERE cm.complete_list_id = l.id AND cm.mission_id = m.id)
 ORDER BY e.mission_id, e.evidence_on, e.evidence_source_key, l.id,
          e.evidence_weight DESC, e.evidence_attests DESC
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
 WHERE a.applies_to = 'mission' AND b.applies_to = 'mission';

COMMENT ON VIEW reporting.evidence_conflict IS 'Disagreements between sources about a mission, each with both sides (docs/evidence.md): operating or not on one date (a status change, or a complete list of that date leaving the mission out, against evidence that it operates), or one change dated differently by two sources less than a year apart.';
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
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT relacl INTO grants FROM pg_class WHERE oid = 'reporting.evidence_conflict'::regclass;
    EXECUTE 'DROP VIEW reporting.evidence_conflict RESTRICT';
    EXECUTE $object$-- Where sources disagree about a mission (docs/evidence.md): on one date, one says
-- it operates and another that it does not (a status change, or a complete list of
-- that date leaving it out); or two sources date the same change differently, less
-- than a year apart (a mission may close twice, decades apart: that is history).
CREATE VIEW reporting.evidence_conflict AS
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
          a.evidence_weight DESC, a.evidence_attests, b.evidence_weight DESC, b.evidence_attests
) same_day
UNION ALL
SELECT * FROM (
SELECT DISTINCT ON (e.mission_id, e.evidence_on, e.evidence_source_key, l.id)
       e.mission_id, 'operating', e.evidence_on, e.evidence_precision, e.evidence_attests,
       e.evidence_source, l.listed_on, l.listed_precision, 'not in the complete list', s.title
  FROM reporting.mission_evidence e
  JOIN mission m ON m.id = e.mission_id
  JOIN complete_list l ON l.city_id = m.city_id AND l.listed_on = e.evidence_on
   AND l.recorded_at <= reporting.as_recorded()
   AND (l.kinds IS NULL OR m.kind = ANY (l.kinds))
  JOIN source s ON s.id = l.source_id AND s.key <> e.evidence_source_key
 WHERE e.evidence_operating
   AND NOT EXISTS (SELECT 1 FROM complete_list_mission cm
                    WHERE cm.complete_list_id = l.id AND cm.mission_id = m.id)
 ORDER BY e.mission_id, e.evidence_on, e.evidence_source_key, l.id,
          e.evidence_weight DESC, e.evidence_attests DESC
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
 WHERE a.applies_to = 'mission' AND b.applies_to = 'mission';

COMMENT ON VIEW reporting.evidence_conflict IS 'Disagreements between sources about a mission, each with both sides (docs/evidence.md): operating or not on one date (a status change, or a complete list of that date leaving the mission out, against evidence that it operates), or one change dated differently by two sources less than a year apart.';
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
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON reporting.evidence_conflict TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$-- Each mission's latest evidence on a date, and whether a complete list presumes it
-- not operating: the latest list of its city (and kind) on or before the date that
-- leaves it out, when the mission has no evidence of that list's date or later.
-- A disagreement is open when, on the date of the latest evidence, one source says
-- the mission operates and another that it does not (a change, or a complete list of
-- that date leaving it out): reporting.evidence_conflict has both sides. Called with
-- the missions an answer shows, it reads only theirs, once each, through the views
-- (it runs with the caller's rights: an analyst's too).
CREATE OR REPLACE FUNCTION reporting.evidence_as_of(as_of date, missions integer[])
RETURNS TABLE (
    mission_id integer,
    evidence_on date,
    evidence_precision text,
    evidence_attests text,
    evidence_source text,
    omitted_on date,
    omitted_precision text,
    omitted_source text,
    open_conflicts integer
)
LANGUAGE sql STABLE
AS $$
WITH ev AS MATERIALIZED (
    SELECT me.* FROM reporting.mission_evidence me
     WHERE me.mission_id = ANY (missions) AND me.evidence_on <= as_of
), latest AS (
    SELECT DISTINCT ON (ev.mission_id) ev.mission_id, ev.evidence_on, ev.evidence_precision,
           ev.evidence_attests, ev.evidence_source
      FROM ev
     ORDER BY ev.mission_id, ev.evidence_on DESC, ev.evidence_weight DESC, ev.evidence_attests
), ms AS MATERIALIZED (
    SELECT m.mission_id, m.city_id, m.mission_kind_code
      FROM reporting.mission m WHERE m.mission_id = ANY (missions)
), lists AS MATERIALIZED (
    SELECT l.* FROM reporting.complete_list l
     WHERE l.city_id IN (SELECT ms.city_id FROM ms) AND l.listed_on <= as_of
), left_out AS (
    SELECT ms.mission_id, l.complete_list_id, l.listed_on, l.listed_precision, l.source,
           l.source_key
      FROM ms
      JOIN lists l ON l.city_id = ms.city_id
       AND (l.kinds IS NULL OR ms.mission_kind_code = ANY (l.kinds))
       AND NOT (ms.mission_id = ANY (COALESCE(l.mission_ids, '{}')))
), omitted AS (
    SELECT DISTINCT ON (o.mission_id) o.mission_id, o.listed_on, o.listed_precision, o.source
      FROM left_out o
      LEFT JOIN latest e ON e.mission_id = o.mission_id
     WHERE e.evidence_on IS NULL OR e.evidence_on < o.listed_on
     ORDER BY o.mission_id, o.listed_on DESC, o.complete_list_id DESC
), disputed AS (
    SELECT e.mission_id,
           count(DISTINCT (a.evidence_source_key, b.evidence_source_key))::integer AS conflicts
      FROM latest e
      JOIN ev a ON a.mission_id = e.mission_id AND a.evidence_on = e.evidence_on
      JOIN (SELECT ev.mission_id, ev.evidence_on, ev.evidence_source_key, ev.evidence_operating
              FROM ev
            UNION ALL
            SELECT o.mission_id, o.listed_on, o.source_key, false FROM left_out o) b
        ON b.mission_id = a.mission_id AND b.evidence_on = a.evidence_on
       AND b.evidence_source_key <> a.evidence_source_key
     WHERE a.evidence_operating AND NOT b.evidence_operating
     GROUP BY e.mission_id
)
SELECT ms.mission_id, e.evidence_on, e.evidence_precision, e.evidence_attests,
       e.evidence_source, o.listed_on, o.listed_precision, o.source,
       COALESCE(d.conflicts, 0)
  FROM ms
  LEFT JOIN latest e ON e.mission_id = ms.mission_id
  LEFT JOIN omitted o ON o.mission_id = ms.mission_id
  LEFT JOIN disputed d ON d.mission_id = ms.mission_id
$$;

COMMENT ON FUNCTION reporting.evidence_as_of(date, integer[]) IS 'For each of the missions given: its latest evidence on or before the date (reporting.mission_evidence: latest date first, then a report about the mission before a listing), and, when a complete list of its city on or before the date leaves it out and it has no evidence of that date or later, the list''s date and source (omitted_on, omitted_source): presumed not operating from then; open_conflicts: how many pairs of evidence of the latest evidence''s date disagree on whether it operates (reporting.evidence_conflict shows them; docs/evidence.md).';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT proacl INTO grants FROM pg_proc WHERE oid = 'reporting.evidence_as_of(as_of date, missions integer[])'::regprocedure;
    EXECUTE 'DROP FUNCTION reporting.evidence_as_of(as_of date, missions integer[]) RESTRICT';
    EXECUTE $object$-- Each mission's latest evidence on a date, and whether a complete list presumes it
-- not operating: the latest list of its city (and kind) on or before the date that
-- leaves it out, when the mission has no evidence of that list's date or later.
-- A disagreement is open when, on the date of the latest evidence, one source says
-- the mission operates and another that it does not (a change, or a complete list of
-- that date leaving it out): reporting.evidence_conflict has both sides. Called with
-- the missions an answer shows, it reads only theirs, once each, through the views
-- (it runs with the caller's rights: an analyst's too).
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
    open_conflicts integer
)
LANGUAGE sql STABLE
AS $$
WITH ev AS MATERIALIZED (
    SELECT me.* FROM reporting.mission_evidence me
     WHERE me.mission_id = ANY (missions) AND me.evidence_on <= as_of
), latest AS (
    SELECT DISTINCT ON (ev.mission_id) ev.mission_id, ev.evidence_on, ev.evidence_precision,
           ev.evidence_attests, ev.evidence_source
      FROM ev
     ORDER BY ev.mission_id, ev.evidence_on DESC, ev.evidence_weight DESC, ev.evidence_attests
), ms AS MATERIALIZED (
    SELECT m.mission_id, m.city_id, m.mission_kind_code
      FROM reporting.mission m WHERE m.mission_id = ANY (missions)
), lists AS MATERIALIZED (
    SELECT l.* FROM reporting.complete_list l
     WHERE l.city_id IN (SELECT ms.city_id FROM ms) AND l.listed_on <= as_of
), left_out AS (
    SELECT ms.mission_id, l.complete_list_id, l.listed_on, l.listed_precision, l.source,
           l.source_key
      FROM ms
      JOIN lists l ON l.city_id = ms.city_id
       AND (l.kinds IS NULL OR ms.mission_kind_code = ANY (l.kinds))
       AND NOT (ms.mission_id = ANY (COALESCE(l.mission_ids, '{}')))
), omitted AS (
    SELECT DISTINCT ON (o.mission_id) o.mission_id, o.listed_on, o.listed_precision, o.source
      FROM left_out o
      LEFT JOIN latest e ON e.mission_id = o.mission_id
     WHERE e.evidence_on IS NULL OR e.evidence_on < o.listed_on
     ORDER BY o.mission_id, o.listed_on DESC, o.complete_list_id DESC
), disputed AS (
    SELECT e.mission_id,
           count(DISTINCT (a.evidence_source_key, b.evidence_source_key))::integer AS conflicts
      FROM latest e
      JOIN ev a ON a.mission_id = e.mission_id AND a.evidence_on = e.evidence_on
      JOIN (SELECT ev.mission_id, ev.evidence_on, ev.evidence_source_key, ev.evidence_operating
              FROM ev
            UNION ALL
            SELECT o.mission_id, o.listed_on, o.source_key, false FROM left_out o) b
        ON b.mission_id = a.mission_id AND b.evidence_on = a.evidence_on
       AND b.evidence_source_key <> a.evidence_source_key
     WHERE a.evidence_operating AND NOT b.evidence_operating
     GROUP BY e.mission_id
)
SELECT ms.mission_id, e.evidence_on, e.evidence_precision, e.evidence_attests,
       e.evidence_source, o.listed_on, o.listed_precision, o.source,
       COALESCE(d.conflicts, 0)
  FROM ms
  LEFT JOIN latest e ON e.mission_id = ms.mission_id
  LEFT JOIN omitted o ON o.mission_id = ms.mission_id
  LEFT JOIN disputed d ON d.mission_id = ms.mission_id
$$;

COMMENT ON FUNCTION reporting.evidence_as_of(date, integer[]) IS 'For each of the missions given: its latest evidence on or before the date (reporting.mission_evidence: latest date first, then a report about the mission before a listing), and, when a complete list of its city on or before the date leaves it out and it has no evidence of that date or later, the list''s date and source (omitted_on, omitted_source): presumed not operating from then; open_conflicts: how many pairs of evidence of the latest evidence''s date disagree on whether it operates (reporting.evidence_conflict shows them; docs/evidence.md).';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON FUNCTION reporting.evidence_as_of(as_of date, missions integer[]) TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

GRANT SELECT ON reporting.mission_evidence, reporting.complete_list, reporting.evidence_conflict TO registry_analyst, registry_writer;

GRANT EXECUTE ON FUNCTION reporting.evidence_as_of(date, integer[]) TO registry_analyst, registry_writer;

UPDATE alembic_version SET version_num='0014' WHERE alembic_version.version_num = '0013';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

