CREATE VIEW reporting.person AS
SELECT
    p.id AS person_id,
    p.key,
    p.name,
    p.search_key,
    p.description
FROM person p;

COMMENT ON VIEW reporting.person IS 'Every person who heads or headed a mission (reporting.head_of_mission.person_id). Other spellings of their names are in reporting.person_name.';
COMMENT ON COLUMN reporting.person.person_id IS 'Person identifier.';
COMMENT ON COLUMN reporting.person.key IS 'Stable key (zhalgas-adilbayev): the slug of the name, in its own script when it has no Latin letters.';
COMMENT ON COLUMN reporting.person.name IS 'Name as usually written in English, or as the source writes it.';
COMMENT ON COLUMN reporting.person.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.person.description IS 'Who the person is, as the source describes them.';

