-- Each mission's latest evidence on a date, and whether a complete list presumes it
-- not operating: the latest list of its city (and kind) on or before the date that
-- leaves it out, when the mission has no evidence of that list's date or later.
-- A conflict is open while no evidence is later than both its sides.
-- Called with the missions an answer shows, so it reads only theirs.
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
SELECT m.id, e.evidence_on, e.evidence_precision, e.evidence_attests, e.evidence_source,
       o.listed_on, o.listed_precision, o.source,
       (SELECT count(*)::integer FROM reporting.evidence_conflict c
         WHERE c.mission_id = m.id AND greatest(c.first_on, c.second_on) <= as_of
           AND greatest(c.first_on, c.second_on) >= e.evidence_on)
  FROM mission m
  LEFT JOIN LATERAL (
      SELECT me.evidence_on, me.evidence_precision, me.evidence_attests, me.evidence_source
        FROM reporting.mission_evidence me
       WHERE me.mission_id = m.id AND me.evidence_on <= as_of
       ORDER BY me.evidence_on DESC, me.evidence_weight DESC, me.evidence_attests
       LIMIT 1
  ) e ON true
  LEFT JOIN LATERAL (
      SELECT l.listed_on, l.listed_precision, s.title AS source
        FROM complete_list l
        JOIN source s ON s.id = l.source_id
       WHERE l.city_id = m.city_id AND l.listed_on <= as_of
         AND l.recorded_at <= reporting.as_recorded()
         AND (l.kinds IS NULL OR m.kind = ANY (l.kinds))
         AND (e.evidence_on IS NULL OR e.evidence_on < l.listed_on)
         AND NOT EXISTS (SELECT 1 FROM complete_list_mission cm
                          WHERE cm.complete_list_id = l.id AND cm.mission_id = m.id)
       ORDER BY l.listed_on DESC, l.id DESC
       LIMIT 1
  ) o ON true
 WHERE m.id = ANY (missions)
$$;

COMMENT ON FUNCTION reporting.evidence_as_of(date, integer[]) IS 'For each of the missions given: its latest evidence on or before the date (reporting.mission_evidence: latest date first, then a report about the mission before a listing), and, when a complete list of its city on or before the date leaves it out and it has no evidence of that date or later, the list''s date and source (omitted_on, omitted_source): presumed not operating from then (docs/evidence.md).';
