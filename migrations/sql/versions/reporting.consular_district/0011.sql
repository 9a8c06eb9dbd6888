CREATE VIEW reporting.consular_district AS
SELECT
    j.mission_id,
    s.code AS subdivision_code,
    s.name AS subdivision,
    s.type AS subdivision_type,
    p.code AS host_code,
    p.name AS host,
    (SELECT src.title FROM source src WHERE src.id = j.source_id) AS source
FROM mission_jurisdiction j
JOIN subdivision s ON s.id = j.subdivision_id
JOIN party p ON p.id = s.party_id;

COMMENT ON VIEW reporting.consular_district IS 'The subdivisions of the host a consular post''s district covers (ISO 3166-2): the consulate general in Guangzhou covers Guangdong, Guangxi, Fujian and Hainan.';
COMMENT ON COLUMN reporting.consular_district.mission_id IS 'The consular post (reporting.mission).';
COMMENT ON COLUMN reporting.consular_district.subdivision_code IS 'ISO 3166-2 code of a subdivision covered (CN-GD).';
COMMENT ON COLUMN reporting.consular_district.subdivision IS 'Its name (Guangdong).';
COMMENT ON COLUMN reporting.consular_district.subdivision_type IS 'What ISO 3166-2 calls it (Province, State, Land...).';
COMMENT ON COLUMN reporting.consular_district.host_code IS 'Code of the state it is a subdivision of.';
COMMENT ON COLUMN reporting.consular_district.host IS 'The state it is a subdivision of.';
COMMENT ON COLUMN reporting.consular_district.source IS 'Title of the source naming the district.';
