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
