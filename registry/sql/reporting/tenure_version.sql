CREATE VIEW reporting.tenure_version AS
SELECT
    t.id AS tenure_version_id,
    t.supersedes_id AS supersedes_version_id,
    t.mission_id,
    p.name AS head,
    t.rank_code,
    t.valid,
    t.start_precision,
    t.attested_precision,
    t.end_precision,
    t.credentials_on,
    t.credentials_precision,
    ca.name AS credentials_authority,
    t.note,
    s.title AS source,
    lower(t.recorded) AS recorded_from,
    upper(t.recorded) AS recorded_until,
    t.recorded_by,
    upper_inf(t.recorded) AS is_current
FROM tenure t
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
JOIN source s ON s.id = t.source_id;

COMMENT ON VIEW reporting.tenure_version IS 'Every version of every tenure the registry ever recorded, current or superseded: the audit trail of corrections (recorded time), whatever registry.as_recorded says.';
COMMENT ON COLUMN reporting.tenure_version.tenure_version_id IS 'Identifier of this version (the tenure_id of head_of_mission while it is current).';
COMMENT ON COLUMN reporting.tenure_version.supersedes_version_id IS 'The version this one corrected; NULL for a first record.';
COMMENT ON COLUMN reporting.tenure_version.mission_id IS 'Mission headed.';
COMMENT ON COLUMN reporting.tenure_version.head IS 'Name of the head; NULL when unnamed.';
COMMENT ON COLUMN reporting.tenure_version.rank_code IS 'Rank code.';
COMMENT ON COLUMN reporting.tenure_version.valid IS 'Period in post as this version states it, [from, until).';
COMMENT ON COLUMN reporting.tenure_version.start_precision IS 'Precision of the start; NULL when unknown.';
COMMENT ON COLUMN reporting.tenure_version.attested_precision IS 'When the start is unknown: precision of the first attestation.';
COMMENT ON COLUMN reporting.tenure_version.end_precision IS 'Precision of the end; NULL while open-ended.';
COMMENT ON COLUMN reporting.tenure_version.credentials_on IS 'When credentials were presented, as this version states it.';
COMMENT ON COLUMN reporting.tenure_version.credentials_precision IS 'Precision of credentials_on.';
COMMENT ON COLUMN reporting.tenure_version.credentials_authority IS 'The authority credentials were presented to.';
COMMENT ON COLUMN reporting.tenure_version.note IS 'Editorial note.';
COMMENT ON COLUMN reporting.tenure_version.source IS 'Title of the source this version cites.';
COMMENT ON COLUMN reporting.tenure_version.recorded_from IS 'When the registry recorded this version.';
COMMENT ON COLUMN reporting.tenure_version.recorded_until IS 'When it was superseded or retracted; NULL while current.';
COMMENT ON COLUMN reporting.tenure_version.recorded_by IS 'The database user who recorded it.';
COMMENT ON COLUMN reporting.tenure_version.is_current IS 'True for the version the registry holds now.';

