CREATE VIEW reporting.person_name AS
SELECT
    p.id AS person_id,
    p.name AS person,
    p.name,
    p.search_key,
    false AS is_alias
FROM person p
UNION ALL
SELECT
    a.person_id,
    (SELECT p.name FROM person p WHERE p.id = a.person_id),
    a.alias,
    a.search_key,
    true
FROM person_alias a;

COMMENT ON VIEW reporting.person_name IS 'Every name a person is looked up by: the name and its other spellings and transliterations, each with its search key.';
COMMENT ON COLUMN reporting.person_name.person_id IS 'The person so named (reporting.person).';
COMMENT ON COLUMN reporting.person_name.person IS 'The person''s name as usually written.';
COMMENT ON COLUMN reporting.person_name.name IS 'The name as written.';
COMMENT ON COLUMN reporting.person_name.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.person_name.is_alias IS 'False for the name, true for another spelling.';
