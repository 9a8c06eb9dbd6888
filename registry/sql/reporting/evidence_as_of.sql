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
