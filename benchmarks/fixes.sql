-- Candidate fixes found by benchmarks/run.py at 1,000,000 tenures, applied by
-- `run.py --try-fixes` to the benchmark database only, to measure the "after".
-- They belong in a migration (and registry/views/reporting.sql), not here.

-- 1. reporting.mission's accredited_to subquery looks accreditations up by mission,
--    but the only index with mission_id first is partial (uq_accreditation_current,
--    WHERE upper_inf(recorded)), which `recorded @> reporting.as_recorded()` cannot
--    use: every mission shown cost a sequential scan of accreditation.
CREATE INDEX IF NOT EXISTS ix_accreditation_mission_id ON accreditation (mission_id);

-- 2. reporting.mission_status_change derived mission_id as
--    COALESCE(sc.mission_id, t.mission_id) over a LEFT JOIN of tenure, so a filter on
--    mission_id (heads_as_of's latest-status lateral, `history`, `recognition`) could
--    use no index: a hash join of all status changes with all tenures per mission.
--    The same rows as two branches, mission changes and tenure changes, let the filter
--    reach ix_status_change_mission_id_occurred_on and the tenure indexes.
CREATE OR REPLACE VIEW reporting.mission_status_change AS
SELECT sc.id AS status_change_id, sc.kind AS change_code, k.label AS change, sc.occurred_on,
       sc.occurred_precision, sc.mission_id, sc.tenure_id, k.mission_status, ap.name AS actor,
       aa.name AS actor_authority, sc.note, s.title AS source, k.applies_to, rm.sending_code,
       rm.sending, rm.host_code, rm.host, rm.city, rm.mission_kind_code, ap.code AS actor_code,
       s.published_on AS source_published_on, lower(sc.recorded) AS recorded_from, sc.recorded_by
  FROM status_change sc
  JOIN status_change_kind k ON k.code = sc.kind
  JOIN reporting.mission rm ON rm.mission_id = sc.mission_id
  LEFT JOIN party ap ON ap.id = sc.actor_party_id
  LEFT JOIN authority aa ON aa.id = sc.actor_authority_id
  JOIN source s ON s.id = sc.source_id
 WHERE sc.recorded @> reporting.as_recorded()
UNION ALL
SELECT sc.id, sc.kind, k.label, sc.occurred_on, sc.occurred_precision, t.mission_id, sc.tenure_id,
       k.mission_status, ap.name, aa.name, sc.note, s.title, k.applies_to, rm.sending_code,
       rm.sending, rm.host_code, rm.host, rm.city, rm.mission_kind_code, ap.code, s.published_on,
       lower(sc.recorded), sc.recorded_by
  FROM status_change sc
  JOIN tenure t ON t.id = sc.tenure_id
  JOIN status_change_kind k ON k.code = sc.kind
  JOIN reporting.mission rm ON rm.mission_id = t.mission_id
  LEFT JOIN party ap ON ap.id = sc.actor_party_id
  LEFT JOIN authority aa ON aa.id = sc.actor_authority_id
  JOIN source s ON s.id = sc.source_id
 WHERE sc.recorded @> reporting.as_recorded() AND t.recorded @> reporting.as_recorded();
