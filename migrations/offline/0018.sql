SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0017 -> 0018

LOCK TABLE tenure, status_change, mission, source, status_change_kind IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE fact_evidence (
    mission_id integer NOT NULL,
    evidence_on date NOT NULL,
    fact text NOT NULL,
    fact_id integer NOT NULL,
    recorded tstzrange NOT NULL,
    evidence_precision text,
    evidence_attests text NOT NULL,
    evidence_source text NOT NULL,
    evidence_source_key text NOT NULL,
    evidence_operating boolean,
    CONSTRAINT pk_fact_evidence PRIMARY KEY (mission_id, evidence_on, fact, fact_id),
    CONSTRAINT fk_fact_evidence_mission_id_mission FOREIGN KEY (mission_id)
        REFERENCES mission (id),
    CONSTRAINT ck_fact_evidence_fact_known CHECK (fact IN ('tenure', 'status_change'))
);

-- Writers never write it themselves: the triggers do, as its owner.
REVOKE ALL ON fact_evidence FROM registry_writer;
GRANT SELECT ON fact_evidence TO registry_writer;

COMMENT ON TABLE fact_evidence IS 'Derived, never written by hand: the evidence the tenures and status changes give about each mission (the heads and changes of reporting.mission_evidence), one row per version of the fact and date, over the recorded time the views show it. Computed by fact_evidence_of() and kept by the triggers that keep heads_timeline; rebuild with SELECT refresh_fact_evidence(ARRAY(SELECT id FROM mission)).';
COMMENT ON COLUMN fact_evidence.mission_id IS 'Mission the evidence is about.';
COMMENT ON COLUMN fact_evidence.evidence_on IS 'The date the evidence speaks for: a head''s start (or first attestation) or end, a change''s date.';
COMMENT ON COLUMN fact_evidence.fact IS 'tenure or status_change: which table fact_id is from.';
COMMENT ON COLUMN fact_evidence.fact_id IS 'The tenure''s or the status change''s id (a version of the fact).';
COMMENT ON COLUMN fact_evidence.recorded IS 'The recorded time over which the views show this row, [from, until): the fact''s version (and, for a head''s change, its tenure''s) from when the mission was recorded.';
COMMENT ON COLUMN fact_evidence.evidence_precision IS 'Precision of evidence_on: day, month or year; NULL where the fact states none (a tenure loaded before revision 0011 may have no precision for its end).';
COMMENT ON COLUMN fact_evidence.evidence_attests IS 'What it attests: head in post, head left, or the status change''s label.';
COMMENT ON COLUMN fact_evidence.evidence_source IS 'Title of the fact''s source.';
COMMENT ON COLUMN fact_evidence.evidence_source_key IS 'Key of the fact''s source.';
COMMENT ON COLUMN fact_evidence.evidence_operating IS 'Whether it says the mission operates: true (a head in post, a change to operating), false (a change to closed, suspended or planned), NULL (a head left, a change of no status).';
-- The evidence the tenures and status changes of these missions give (the heads and
-- changes of reporting.mission_evidence), each row with the recorded time over which
-- the view shows it: the fact's version (and, for a head's change, its tenure's),
-- from when the mission was recorded. Names (a source's title, a change's label) are
-- the current ones, as the view reads them: the triggers that keep heads_timeline
-- refresh the missions whose names change.
CREATE OR REPLACE FUNCTION public.fact_evidence_of(mission_ids integer[])
RETURNS SETOF fact_evidence
LANGUAGE sql STABLE
AS $$
SELECT t.mission_id, lower(t.valid), 'tenure', t.id, t.recorded * tstzrange(m.recorded_at, NULL),
       COALESCE(t.attested_precision, t.start_precision), 'head in post', s.title, s.key, true
  FROM tenure t
  JOIN mission m ON m.id = t.mission_id
  JOIN source s ON s.id = t.source_id
 WHERE t.mission_id = ANY(mission_ids) AND lower(t.valid) IS NOT NULL
   AND NOT isempty(t.recorded * tstzrange(m.recorded_at, NULL))
UNION ALL
SELECT t.mission_id, upper(t.valid), 'tenure', t.id, t.recorded * tstzrange(m.recorded_at, NULL),
       t.end_precision, 'head left', s.title, s.key, NULL
  FROM tenure t
  JOIN mission m ON m.id = t.mission_id
  JOIN source s ON s.id = t.source_id
 WHERE t.mission_id = ANY(mission_ids) AND upper(t.valid) IS NOT NULL
   AND NOT isempty(t.recorded * tstzrange(m.recorded_at, NULL))
UNION ALL  -- a change of the mission
SELECT x.mission_id, x.occurred_on, 'status_change', x.id,
       x.recorded * tstzrange(m.recorded_at, NULL), x.occurred_precision, k.label, s.title,
       s.key, CASE WHEN k.mission_status IS NOT NULL THEN k.mission_status = 'operating' END
  FROM status_change x
  JOIN status_change_kind k ON k.code = x.kind
  JOIN mission m ON m.id = x.mission_id
  JOIN source s ON s.id = x.source_id
 WHERE x.mission_id = ANY(mission_ids)
   AND NOT isempty(x.recorded * tstzrange(m.recorded_at, NULL))
UNION ALL  -- a change of one of its heads: while both the change and the tenure hold
SELECT t.mission_id, x.occurred_on, 'status_change', x.id,
       x.recorded * t.recorded * tstzrange(m.recorded_at, NULL), x.occurred_precision,
       k.label, s.title, s.key,
       CASE WHEN k.mission_status IS NOT NULL THEN k.mission_status = 'operating' END
  FROM status_change x
  JOIN tenure t ON t.id = x.tenure_id
  JOIN status_change_kind k ON k.code = x.kind
  JOIN mission m ON m.id = t.mission_id
  JOIN source s ON s.id = x.source_id
 WHERE t.mission_id = ANY(mission_ids)
   AND NOT isempty(x.recorded * t.recorded * tstzrange(m.recorded_at, NULL))
$$;
REVOKE EXECUTE ON FUNCTION fact_evidence_of(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION fact_evidence_of(integer[]) IS 'The rows of fact_evidence for these missions, computed from the facts: what refresh_fact_evidence() writes.';
-- As refresh_mission_timeline: under a lock on the missions' rows, READ COMMITTED only.
CREATE OR REPLACE FUNCTION public.refresh_fact_evidence(mission_ids integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'the fact evidence is kept under READ COMMITTED, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Write facts in a READ COMMITTED transaction, the default.';
    END IF;
    PERFORM 1 FROM mission WHERE id = ANY(mission_ids) ORDER BY id FOR NO KEY UPDATE;
    DELETE FROM fact_evidence WHERE mission_id = ANY(mission_ids);
    -- A mission's rows together: evidence_as_of reads them a mission at a time.
    INSERT INTO fact_evidence
    SELECT * FROM fact_evidence_of(mission_ids) e ORDER BY e.mission_id, e.evidence_on;
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_fact_evidence(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_fact_evidence(integer[]) IS 'Replaces the fact_evidence rows of these missions with fact_evidence_of(), under a lock on the missions.';;

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
       AND d.refobjid IN (SELECT p.oid FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname = 'refresh_timelines')
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace public.refresh_timelines: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$-- Every derived table of these missions; what the triggers call.
CREATE OR REPLACE FUNCTION public.refresh_timelines(mission_ids integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM refresh_heads_timeline(mission_ids);
    PERFORM refresh_mission_timeline(mission_ids);
    PERFORM refresh_fact_evidence(mission_ids);
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_timelines(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_timelines(integer[]) IS 'Refreshes the derived tables heads_timeline, mission_timeline and fact_evidence of these missions.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT proacl INTO grants FROM pg_proc WHERE oid = 'public.refresh_timelines(mission_ids integer[])'::regprocedure;
    EXECUTE 'DROP FUNCTION public.refresh_timelines(mission_ids integer[]) RESTRICT';
    EXECUTE $object$-- Every derived table of these missions; what the triggers call.
CREATE FUNCTION public.refresh_timelines(mission_ids integer[])
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    PERFORM refresh_heads_timeline(mission_ids);
    PERFORM refresh_mission_timeline(mission_ids);
    PERFORM refresh_fact_evidence(mission_ids);
END
$$;
REVOKE EXECUTE ON FUNCTION refresh_timelines(integer[]) FROM PUBLIC;
COMMENT ON FUNCTION refresh_timelines(integer[]) IS 'Refreshes the derived tables heads_timeline, mission_timeline and fact_evidence of these missions.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON FUNCTION public.refresh_timelines(mission_ids integer[]) TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

SET LOCAL statement_timeout = 0;

SELECT refresh_fact_evidence(ARRAY(SELECT id FROM mission));

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
-- listing (an extract, a dataset: 1). The heads and changes are read from the
-- derived table fact_evidence (revision 0018), which holds each tenure's and change's
-- rows with the recorded time the view shows them (the tenure's version, the
-- change's, from when the mission was recorded): a mission's evidence is then one
-- index range of one table, not four joins of the facts to their mission, source and
-- kind, which cost evidence_as_of 31-39 ms for a big city at 100,000 tenures.
CREATE OR REPLACE VIEW reporting.mission_evidence AS
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
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT relacl INTO grants FROM pg_class WHERE oid = 'reporting.mission_evidence'::regclass;
    EXECUTE 'DROP VIEW reporting.mission_evidence RESTRICT';
    EXECUTE $object$-- Every dated piece of evidence about each mission, whatever its kind: a source
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
    EXECUTE $object$-- Each mission's latest evidence on a date, and whether a complete list presumes it
-- not operating: the latest list of its city (and kind) on or before the date that
-- leaves it out, when the mission has no evidence of that list's date or later.
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
-- 0018; tests/test_fact_evidence.py proves the rows are 0017's).
-- One post across forms (docs/forms.md): of a sender's missions in one city whose
-- kinds are forms of one post (reporting.post_form), each form starts at its latest
-- report of operating (a head in post, a change to operating, a complete list naming
-- it; not a listing, dated by its source's publication, not by the mission); a mission is presumed ended from the first later start of
-- another form of its post on or before the date (succeeded_on, succeeded_by).
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
    open_conflicts integer,
    succeeded_on date,
    succeeded_precision text,
    succeeded_by text
)
LANGUAGE plpgsql STABLE
AS $$
#variable_conflict use_column
BEGIN
RETURN QUERY
WITH ms AS MATERIALIZED (
    SELECT m.mission_id, m.city_id, m.mission_kind_code, m.sending_code, m.organisation_code
      FROM reporting.mission m WHERE m.mission_id = ANY (missions)
), others AS MATERIALIZED (  -- the forms of posts in these cities, and how many forms
    SELECT o.mission_id, o.sending_code, o.city_id, o.mission_kind, g.post,
           count(*) OVER (PARTITION BY o.sending_code, o.city_id, g.post) AS forms
      FROM reporting.mission o
      JOIN reporting.post_form g ON g.mission_kind_code = o.mission_kind_code
     WHERE o.organisation_code IS NULL AND o.city_id = ANY (ARRAY(SELECT ms.city_id FROM ms))
), several AS MATERIALIZED (  -- those of posts with more than one form: few
    SELECT o.* FROM others o WHERE o.forms > 1
), forms AS MATERIALIZED (  -- each mission given, and the other forms of its post
    SELECT a.mission_id, b.mission_id AS other_id, b.mission_kind AS other_kind
      FROM several a
      JOIN several b ON b.sending_code = a.sending_code AND b.city_id = a.city_id
       AND b.post = a.post AND b.mission_id <> a.mission_id
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
     ORDER BY ev.mission_id, ev.evidence_on DESC, ev.evidence_weight DESC, ev.evidence_attests
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
), succeeded AS (  -- the first report of another form after this one's latest start
    SELECT DISTINCT ON (fo.mission_id) fo.mission_id, later.evidence_on,
           later.evidence_precision, fo.other_kind
      FROM forms fo
      JOIN reports later ON later.mission_id = fo.other_id AND later.evidence_operating
       AND later.evidence_attests <> 'listed'
      LEFT JOIN started mine ON mine.mission_id = fo.mission_id
     WHERE mine.evidence_on IS NULL OR later.evidence_on > mine.evidence_on
     ORDER BY fo.mission_id, later.evidence_on, fo.other_id
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
      JOIN day a ON a.mission_id = e.mission_id AND a.evidence_on = e.evidence_on
      JOIN (SELECT ev.mission_id, ev.evidence_on, ev.evidence_source_key, ev.evidence_operating
              FROM day ev
            UNION ALL
            SELECT o.mission_id, o.listed_on, o.source_key, false FROM left_out o) b
        ON b.mission_id = a.mission_id AND b.evidence_on = a.evidence_on
       AND b.evidence_source_key <> a.evidence_source_key
     WHERE a.evidence_operating AND NOT b.evidence_operating
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

COMMENT ON FUNCTION reporting.evidence_as_of(date, integer[]) IS 'For each of the missions given: its latest evidence on or before the date (reporting.mission_evidence: latest date first, then a report about the mission before a listing), and, when a complete list of its city on or before the date leaves it out and it has no evidence of that date or later, the list''s date and source (omitted_on, omitted_source): presumed not operating from then; open_conflicts: how many pairs of evidence of the latest evidence''s date disagree on whether it operates (reporting.evidence_conflict shows them; docs/evidence.md); succeeded_on, succeeded_by: when another form of its post (reporting.post_form: the embassy that re-opened after a liaison office, a technical team after an embassy) started later, on or before the date, the first such start and that form''s kind: presumed ended from then (docs/forms.md).';
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
-- the missions an answer shows, it reads only theirs, through the views (it runs with
-- the caller's rights: an analyst's too), one mission at a time (a LATERAL subquery
-- the planner may not flatten: OFFSET 0), so each mission id reaches every branch of
-- mission_evidence as an index condition (revision 0017). Of each mission it reads
-- the latest date of evidence and that date's rows only; the whole evidence of the
-- forms of a post only (revision 0018). PL/pgSQL, so that a session plans the query
-- once, not at each call: planning it cost about as much as running it (revision
-- 0018; tests/test_fact_evidence.py proves the rows are 0017's).
-- One post across forms (docs/forms.md): of a sender's missions in one city whose
-- kinds are forms of one post (reporting.post_form), each form starts at its latest
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
AS $$
#variable_conflict use_column
BEGIN
RETURN QUERY
WITH ms AS MATERIALIZED (
    SELECT m.mission_id, m.city_id, m.mission_kind_code, m.sending_code, m.organisation_code
      FROM reporting.mission m WHERE m.mission_id = ANY (missions)
), others AS MATERIALIZED (  -- the forms of posts in these cities, and how many forms
    SELECT o.mission_id, o.sending_code, o.city_id, o.mission_kind, g.post,
           count(*) OVER (PARTITION BY o.sending_code, o.city_id, g.post) AS forms
      FROM reporting.mission o
      JOIN reporting.post_form g ON g.mission_kind_code = o.mission_kind_code
     WHERE o.organisation_code IS NULL AND o.city_id = ANY (ARRAY(SELECT ms.city_id FROM ms))
), several AS MATERIALIZED (  -- those of posts with more than one form: few
    SELECT o.* FROM others o WHERE o.forms > 1
), forms AS MATERIALIZED (  -- each mission given, and the other forms of its post
    SELECT a.mission_id, b.mission_id AS other_id, b.mission_kind AS other_kind
      FROM several a
      JOIN several b ON b.sending_code = a.sending_code AND b.city_id = a.city_id
       AND b.post = a.post AND b.mission_id <> a.mission_id
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
     ORDER BY ev.mission_id, ev.evidence_on DESC, ev.evidence_weight DESC, ev.evidence_attests
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
), succeeded AS (  -- the first report of another form after this one's latest start
    SELECT DISTINCT ON (fo.mission_id) fo.mission_id, later.evidence_on,
           later.evidence_precision, fo.other_kind
      FROM forms fo
      JOIN reports later ON later.mission_id = fo.other_id AND later.evidence_operating
       AND later.evidence_attests <> 'listed'
      LEFT JOIN started mine ON mine.mission_id = fo.mission_id
     WHERE mine.evidence_on IS NULL OR later.evidence_on > mine.evidence_on
     ORDER BY fo.mission_id, later.evidence_on, fo.other_id
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
      JOIN day a ON a.mission_id = e.mission_id AND a.evidence_on = e.evidence_on
      JOIN (SELECT ev.mission_id, ev.evidence_on, ev.evidence_source_key, ev.evidence_operating
              FROM day ev
            UNION ALL
            SELECT o.mission_id, o.listed_on, o.source_key, false FROM left_out o) b
        ON b.mission_id = a.mission_id AND b.evidence_on = a.evidence_on
       AND b.evidence_source_key <> a.evidence_source_key
     WHERE a.evidence_operating AND NOT b.evidence_operating
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

COMMENT ON FUNCTION reporting.evidence_as_of(date, integer[]) IS 'For each of the missions given: its latest evidence on or before the date (reporting.mission_evidence: latest date first, then a report about the mission before a listing), and, when a complete list of its city on or before the date leaves it out and it has no evidence of that date or later, the list''s date and source (omitted_on, omitted_source): presumed not operating from then; open_conflicts: how many pairs of evidence of the latest evidence''s date disagree on whether it operates (reporting.evidence_conflict shows them; docs/evidence.md); succeeded_on, succeeded_by: when another form of its post (reporting.post_form: the embassy that re-opened after a liaison office, a technical team after an embassy) started later, on or before the date, the first such start and that form''s kind: presumed ended from then (docs/forms.md).';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON FUNCTION reporting.evidence_as_of(as_of date, missions integer[]) TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

UPDATE alembic_version SET version_num='0018' WHERE alembic_version.version_num = '0017';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

