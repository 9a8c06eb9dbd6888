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
