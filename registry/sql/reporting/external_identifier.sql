CREATE VIEW reporting.external_identifier AS
SELECT
    x.scheme,
    x.value,
    CASE
        WHEN x.party_id IS NOT NULL THEN 'party'
        WHEN x.city_id IS NOT NULL THEN 'city'
        WHEN x.mission_id IS NOT NULL THEN 'mission'
        ELSE 'person'
    END AS subject_kind,
    x.party_id,
    p.code AS party_code,
    x.city_id,
    x.mission_id,
    x.person_id,
    s.title AS source
FROM external_id x
LEFT JOIN party p ON p.id = x.party_id
JOIN source s ON s.id = x.source_id;

COMMENT ON VIEW reporting.external_identifier IS 'Identifiers other datasets give the registry''s parties, cities, missions and people (Wikidata QIDs, pocom ids).';
COMMENT ON COLUMN reporting.external_identifier.scheme IS 'Whose identifier: wikidata, pocom-person, pocom-territory, ...';
COMMENT ON COLUMN reporting.external_identifier.value IS 'The identifier itself.';
COMMENT ON COLUMN reporting.external_identifier.subject_kind IS 'What it identifies: party, city, mission or person.';
COMMENT ON COLUMN reporting.external_identifier.party_id IS 'The party identified, if a party.';
COMMENT ON COLUMN reporting.external_identifier.party_code IS 'Code of that party.';
COMMENT ON COLUMN reporting.external_identifier.city_id IS 'The city identified, if a city.';
COMMENT ON COLUMN reporting.external_identifier.mission_id IS 'The mission identified, if a mission (see reporting.mission).';
COMMENT ON COLUMN reporting.external_identifier.person_id IS 'The person identified, if a person (see reporting.head_of_mission.person_id).';
COMMENT ON COLUMN reporting.external_identifier.source IS 'Title of the source that gave the identifier.';

