CREATE VIEW reporting.recognition_act AS
SELECT
    sc.status_change_id,
    sc.change_code,
    sc.change,
    sc.occurred_on,
    sc.occurred_precision,
    sc.mission_id,
    sc.tenure_id,
    sc.sending_code,
    sc.sending,
    sc.host_code,
    sc.host,
    sc.city,
    sc.mission_kind_code,
    h.head,
    sc.actor_code,
    sc.actor,
    sc.actor_authority,
    sc.note,
    sc.source
FROM reporting.mission_status_change sc
LEFT JOIN reporting.head_of_mission h ON h.tenure_id = sc.tenure_id
WHERE sc.change_code IN (
    'documents-declared-illegitimate',
    'recognised-legitimate',
    'recognised-sole-consular-centre',
    'host-accredited-diplomats',
    'host-accredited-charge'
);

COMMENT ON VIEW reporting.recognition_act IS 'Acts of recognition or non-recognition of a mission or its diplomats: documents declared illegitimate, recognised as legitimate or as the sole consular centre, host accredited its diplomats or its head as chargé. (Credentials presented to an authority are in head_of_mission.)';
COMMENT ON COLUMN reporting.recognition_act.status_change_id IS 'Status change identifier.';
COMMENT ON COLUMN reporting.recognition_act.change_code IS 'Kind of act, as a code.';
COMMENT ON COLUMN reporting.recognition_act.change IS 'Kind of act, as a label.';
COMMENT ON COLUMN reporting.recognition_act.occurred_on IS 'When (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.recognition_act.occurred_precision IS 'Precision of occurred_on.';
COMMENT ON COLUMN reporting.recognition_act.mission_id IS 'The mission concerned.';
COMMENT ON COLUMN reporting.recognition_act.tenure_id IS 'The tenure concerned, for an act about a head.';
COMMENT ON COLUMN reporting.recognition_act.sending_code IS 'Code of the mission''s sending party.';
COMMENT ON COLUMN reporting.recognition_act.sending IS 'The mission''s sending state or organisation.';
COMMENT ON COLUMN reporting.recognition_act.host_code IS 'Code of the state the mission sits in.';
COMMENT ON COLUMN reporting.recognition_act.host IS 'State the mission sits in.';
COMMENT ON COLUMN reporting.recognition_act.city IS 'Seat city; NULL when only the country is known.';
COMMENT ON COLUMN reporting.recognition_act.mission_kind_code IS 'Kind of mission, as a code.';
COMMENT ON COLUMN reporting.recognition_act.head IS 'The head concerned, for an act about a head; NULL when unnamed or not about a head.';
COMMENT ON COLUMN reporting.recognition_act.actor_code IS 'Code of the state or organisation that acted.';
COMMENT ON COLUMN reporting.recognition_act.actor IS 'The state or organisation that acted.';
COMMENT ON COLUMN reporting.recognition_act.actor_authority IS 'The authority that acted (e.g. the Taliban''s Islamic Emirate).';
COMMENT ON COLUMN reporting.recognition_act.note IS 'Detail as the source gives it.';
COMMENT ON COLUMN reporting.recognition_act.source IS 'Title of the source.';

