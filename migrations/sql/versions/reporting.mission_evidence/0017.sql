-- Every dated piece of evidence about each mission, whatever its kind: a source
-- listing the mission, a head reported in post or gone, a status change, a complete
-- list naming it. evidence_weight orders evidence of one date (docs/evidence.md):
-- a report about this mission (a head, a change, a complete list: 2) before a
-- listing (an extract, a dataset: 1). The heads and changes are read from their
-- tables, not through head_of_mission and mission_status_change (the same rows: a
-- tenure's rank and a change's kind are foreign keys): a mission id then reaches each
-- branch as an index condition, with no second lookup of the tenure or change for its
-- source (revision 0017, evidence_as_of).
CREATE VIEW reporting.mission_evidence AS
SELECT ms.mission_id, s.published_on AS evidence_on, s.published_precision AS evidence_precision,
       'listed'::text AS evidence_attests, s.title AS evidence_source, s.key AS evidence_source_key,
       1 AS evidence_weight, true AS evidence_operating
  FROM mission_source ms
  JOIN source s ON s.id = ms.source_id
 WHERE ms.recorded_at <= reporting.as_recorded()
UNION ALL  -- a head, as reporting.head_of_mission has it (its mission recorded)
SELECT t.mission_id, lower(t.valid), COALESCE(t.attested_precision, t.start_precision),
       'head in post', s.title, s.key, 2, true
  FROM tenure t
  JOIN mission m ON m.id = t.mission_id AND m.recorded_at <= reporting.as_recorded()
  JOIN source s ON s.id = t.source_id
 WHERE t.recorded @> reporting.as_recorded() AND lower(t.valid) IS NOT NULL
UNION ALL
SELECT t.mission_id, upper(t.valid), t.end_precision, 'head left', s.title, s.key, 2, NULL
  FROM tenure t
  JOIN mission m ON m.id = t.mission_id AND m.recorded_at <= reporting.as_recorded()
  JOIN source s ON s.id = t.source_id
 WHERE t.recorded @> reporting.as_recorded() AND upper(t.valid) IS NOT NULL
UNION ALL  -- a change of the mission, as reporting.mission_status_change has it
SELECT x.mission_id, x.occurred_on, x.occurred_precision, k.label, s.title, s.key, 2,
       CASE WHEN k.mission_status IS NOT NULL THEN k.mission_status = 'operating' END
  FROM status_change x
  JOIN status_change_kind k ON k.code = x.kind
  JOIN mission m ON m.id = x.mission_id AND m.recorded_at <= reporting.as_recorded()
  JOIN source s ON s.id = x.source_id
 WHERE x.recorded @> reporting.as_recorded()
UNION ALL  -- a change of one of its heads
SELECT t.mission_id, x.occurred_on, x.occurred_precision, k.label, s.title, s.key, 2,
       CASE WHEN k.mission_status IS NOT NULL THEN k.mission_status = 'operating' END
  FROM status_change x
  JOIN tenure t ON t.id = x.tenure_id
  JOIN status_change_kind k ON k.code = x.kind
  JOIN mission m ON m.id = t.mission_id AND m.recorded_at <= reporting.as_recorded()
  JOIN source s ON s.id = x.source_id
 WHERE x.recorded @> reporting.as_recorded() AND t.recorded @> reporting.as_recorded()
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
