CREATE VIEW reporting.accreditation AS
SELECT
    a.mission_id,
    p.code AS party_code,
    p.name AS party,
    p.kind AS party_kind,
    a.resident,
    s.title AS source
FROM accreditation a
JOIN party p ON p.id = a.party_id
JOIN source s ON s.id = a.source_id;

COMMENT ON VIEW reporting.accreditation IS 'Which parties each mission is accredited to, resident or not.';
COMMENT ON COLUMN reporting.accreditation.mission_id IS 'The accredited mission.';
COMMENT ON COLUMN reporting.accreditation.party_code IS 'Code of the state or organisation it is accredited to.';
COMMENT ON COLUMN reporting.accreditation.party IS 'Name of the state or organisation it is accredited to.';
COMMENT ON COLUMN reporting.accreditation.party_kind IS 'state, historical_state or organisation.';
COMMENT ON COLUMN reporting.accreditation.resident IS 'True when the mission sits in the accrediting state or at the organisation.';
COMMENT ON COLUMN reporting.accreditation.source IS 'Title of the source.';

