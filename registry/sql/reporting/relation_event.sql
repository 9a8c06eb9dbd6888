CREATE VIEW reporting.relation_event AS
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
