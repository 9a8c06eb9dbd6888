-- Every dated piece of evidence about each mission, whatever its kind: a source
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
