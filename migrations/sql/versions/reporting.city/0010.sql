CREATE VIEW reporting.city AS
SELECT
    c.id AS city_id,
    c.key,
    c.name,
    c.search_key,
    p.code AS country_code,
    p.name AS country
FROM city c
LEFT JOIN party p ON p.id = c.party_id;

COMMENT ON VIEW reporting.city IS 'Every city where missions are (or were) seated, in its state. Other names of a city are in reporting.city_name.';
COMMENT ON COLUMN reporting.city.city_id IS 'City identifier (reporting.mission.city_id).';
COMMENT ON COLUMN reporting.city.key IS 'Slug of the name, unique within the state (kabul, addis-ababa).';
COMMENT ON COLUMN reporting.city.name IS 'Usual English name.';
COMMENT ON COLUMN reporting.city.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.city.country_code IS 'Code of the state the city is in.';
COMMENT ON COLUMN reporting.city.country IS 'The state the city is in.';

