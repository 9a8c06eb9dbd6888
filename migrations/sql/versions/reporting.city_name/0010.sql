CREATE VIEW reporting.city_name AS
SELECT
    c.id AS city_id,
    c.name AS city,
    c.name,
    c.search_key,
    false AS is_alias,
    NULL::daterange AS valid
FROM city c
UNION ALL
SELECT
    a.city_id,
    (SELECT c.name FROM city c WHERE c.id = a.city_id),
    a.alias,
    a.search_key,
    true,
    a.valid
FROM city_alias a;

COMMENT ON VIEW reporting.city_name IS 'Every name a city is looked up by: its usual name and its aliases (spellings such as Addis Abeba, former names such as Nur-Sultan, districts that stand for the city), each with its search key.';
COMMENT ON COLUMN reporting.city_name.city_id IS 'The city so named (reporting.city).';
COMMENT ON COLUMN reporting.city_name.city IS 'The city''s usual name.';
COMMENT ON COLUMN reporting.city_name.name IS 'The name as written.';
COMMENT ON COLUMN reporting.city_name.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.city_name.is_alias IS 'False for the usual name, true for another name.';
COMMENT ON COLUMN reporting.city_name.valid IS 'When the name was official, if only for a period (Nur-Sultan 2019-2022); NULL otherwise.';

