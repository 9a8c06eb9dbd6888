SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0009 -> 0010

-- The names the CLI looks cities, parties and people up by (registry.queries), and
-- the schema's revision: what a login that reads only this schema needs (revision
-- 0010). Each lookup is an index scan: a filter on key or search_key reaches the
-- table's index, through both branches of a UNION ALL for the views of names
-- (benchmarks/README.md, fix 9); the party's and city's own names by lookup.
CREATE VIEW reporting.schema_revision AS
SELECT version_num AS revision
FROM alembic_version;

COMMENT ON VIEW reporting.schema_revision IS 'The revision of the registry''s schema (Alembic''s), one row: what `registry` commands check before they answer, readable by every login that reads this schema.';
COMMENT ON COLUMN reporting.schema_revision.revision IS 'The revision the database is at, e.g. 0010.';

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

CREATE VIEW reporting.party AS
SELECT
    p.id AS party_id,
    p.code,
    p.name,
    p.kind,
    p.iso_alpha3
FROM party p;

COMMENT ON VIEW reporting.party IS 'Every state and international organisation that sends or receives missions. Its names, for lookup, are in reporting.party_name.';
COMMENT ON COLUMN reporting.party.party_id IS 'Party identifier.';
COMMENT ON COLUMN reporting.party.code IS 'ISO 3166-1 alpha-2 for states (KZ), ISO 3166-3 alpha-4 for historical states (SUHH), a code for organisations (african-union).';
COMMENT ON COLUMN reporting.party.name IS 'Usual English name.';
COMMENT ON COLUMN reporting.party.kind IS 'state, historical_state or organisation.';
COMMENT ON COLUMN reporting.party.iso_alpha3 IS 'ISO 3166-1 alpha-3 code, for states; NULL otherwise.';

CREATE VIEW reporting.party_name AS
SELECT
    a.party_id,
    (SELECT p.name FROM party p WHERE p.id = a.party_id) AS party,
    a.alias AS name,
    a.search_key
FROM party_alias a;

COMMENT ON VIEW reporting.party_name IS 'Every name a party is looked up by (its usual name among them): official names, translations, former names, each with its search key.';
COMMENT ON COLUMN reporting.party_name.party_id IS 'The party so named (reporting.party).';
COMMENT ON COLUMN reporting.party_name.party IS 'The party''s usual name.';
COMMENT ON COLUMN reporting.party_name.name IS 'The name as written.';
COMMENT ON COLUMN reporting.party_name.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';

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
COMMENT ON COLUMN reporting.person_name.is_alias IS 'False for the name, true for another spelling.';;

GRANT SELECT ON reporting.schema_revision, reporting.city, reporting.city_name, reporting.party, reporting.party_name, reporting.person, reporting.person_name TO registry_analyst, registry_writer;

REVOKE SELECT ON public.alembic_version FROM registry_analyst;

DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END
$$;

DO $$
BEGIN
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO registry_owner, registry_writer', current_database());
END
$$;

ALTER TABLE source ADD CONSTRAINT ck_source_key_length CHECK (char_length(key) <= 200) NOT VALID;

ALTER TABLE source ADD CONSTRAINT ck_source_title_length CHECK (char_length(title) <= 600) NOT VALID;

ALTER TABLE source ADD CONSTRAINT ck_source_publisher_length CHECK (char_length(publisher) <= 600) NOT VALID;

ALTER TABLE source ADD CONSTRAINT ck_source_url_length CHECK (char_length(url) <= 4000) NOT VALID;

ALTER TABLE source ADD CONSTRAINT ck_source_note_length CHECK (char_length(note) <= 4000) NOT VALID;

ALTER TABLE party ADD CONSTRAINT ck_party_code_length CHECK (char_length(code) <= 200) NOT VALID;

ALTER TABLE party ADD CONSTRAINT ck_party_name_length CHECK (char_length(name) <= 300) NOT VALID;

ALTER TABLE party ADD CONSTRAINT ck_party_iso_alpha3_length CHECK (char_length(iso_alpha3) <= 200) NOT VALID;

ALTER TABLE party_alias ADD CONSTRAINT ck_party_alias_alias_length CHECK (char_length(alias) <= 300) NOT VALID;

ALTER TABLE party_alias ADD CONSTRAINT ck_party_alias_search_key_length CHECK (char_length(search_key) <= 300) NOT VALID;

ALTER TABLE authority ADD CONSTRAINT ck_authority_key_length CHECK (char_length(key) <= 200) NOT VALID;

ALTER TABLE authority ADD CONSTRAINT ck_authority_name_length CHECK (char_length(name) <= 300) NOT VALID;

ALTER TABLE city ADD CONSTRAINT ck_city_key_length CHECK (char_length(key) <= 300) NOT VALID;

ALTER TABLE city ADD CONSTRAINT ck_city_name_length CHECK (char_length(name) <= 300) NOT VALID;

ALTER TABLE city ADD CONSTRAINT ck_city_search_key_length CHECK (char_length(search_key) <= 300) NOT VALID;

ALTER TABLE city_alias ADD CONSTRAINT ck_city_alias_alias_length CHECK (char_length(alias) <= 300) NOT VALID;

ALTER TABLE city_alias ADD CONSTRAINT ck_city_alias_search_key_length CHECK (char_length(search_key) <= 300) NOT VALID;

ALTER TABLE mission_kind ADD CONSTRAINT ck_mission_kind_code_length CHECK (char_length(code) <= 200) NOT VALID;

ALTER TABLE mission_kind ADD CONSTRAINT ck_mission_kind_label_length CHECK (char_length(label) <= 300) NOT VALID;

ALTER TABLE mission_kind ADD CONSTRAINT ck_mission_kind_description_length CHECK (char_length(description) <= 4000) NOT VALID;

ALTER TABLE rank ADD CONSTRAINT ck_rank_code_length CHECK (char_length(code) <= 200) NOT VALID;

ALTER TABLE rank ADD CONSTRAINT ck_rank_title_length CHECK (char_length(title) <= 300) NOT VALID;

ALTER TABLE status_change_kind ADD CONSTRAINT ck_status_change_kind_code_length CHECK (char_length(code) <= 200) NOT VALID;

ALTER TABLE status_change_kind ADD CONSTRAINT ck_status_change_kind_label_length CHECK (char_length(label) <= 300) NOT VALID;

ALTER TABLE mission_source ADD CONSTRAINT ck_mission_source_listed_as_length CHECK (char_length(listed_as) <= 4000) NOT VALID;

ALTER TABLE external_id ADD CONSTRAINT ck_external_id_scheme_length CHECK (char_length(scheme) <= 200) NOT VALID;

ALTER TABLE external_id ADD CONSTRAINT ck_external_id_value_length CHECK (char_length(value) <= 200) NOT VALID;

ALTER TABLE person ADD CONSTRAINT ck_person_key_length CHECK (char_length(key) <= 300) NOT VALID;

ALTER TABLE person ADD CONSTRAINT ck_person_name_length CHECK (char_length(name) <= 300) NOT VALID;

ALTER TABLE person ADD CONSTRAINT ck_person_search_key_length CHECK (char_length(search_key) <= 300) NOT VALID;

ALTER TABLE person ADD CONSTRAINT ck_person_description_length CHECK (char_length(description) <= 4000) NOT VALID;

ALTER TABLE person_alias ADD CONSTRAINT ck_person_alias_alias_length CHECK (char_length(alias) <= 300) NOT VALID;

ALTER TABLE person_alias ADD CONSTRAINT ck_person_alias_search_key_length CHECK (char_length(search_key) <= 300) NOT VALID;

ALTER TABLE tenure ADD CONSTRAINT ck_tenure_note_length CHECK (char_length(note) <= 4000) NOT VALID;

ALTER TABLE status_change ADD CONSTRAINT ck_status_change_note_length CHECK (char_length(note) <= 4000) NOT VALID;

ALTER TABLE source VALIDATE CONSTRAINT ck_source_key_length;

ALTER TABLE source VALIDATE CONSTRAINT ck_source_title_length;

ALTER TABLE source VALIDATE CONSTRAINT ck_source_publisher_length;

ALTER TABLE source VALIDATE CONSTRAINT ck_source_url_length;

ALTER TABLE source VALIDATE CONSTRAINT ck_source_note_length;

ALTER TABLE party VALIDATE CONSTRAINT ck_party_code_length;

ALTER TABLE party VALIDATE CONSTRAINT ck_party_name_length;

ALTER TABLE party VALIDATE CONSTRAINT ck_party_iso_alpha3_length;

ALTER TABLE party_alias VALIDATE CONSTRAINT ck_party_alias_alias_length;

ALTER TABLE party_alias VALIDATE CONSTRAINT ck_party_alias_search_key_length;

ALTER TABLE authority VALIDATE CONSTRAINT ck_authority_key_length;

ALTER TABLE authority VALIDATE CONSTRAINT ck_authority_name_length;

ALTER TABLE city VALIDATE CONSTRAINT ck_city_key_length;

ALTER TABLE city VALIDATE CONSTRAINT ck_city_name_length;

ALTER TABLE city VALIDATE CONSTRAINT ck_city_search_key_length;

ALTER TABLE city_alias VALIDATE CONSTRAINT ck_city_alias_alias_length;

ALTER TABLE city_alias VALIDATE CONSTRAINT ck_city_alias_search_key_length;

ALTER TABLE mission_kind VALIDATE CONSTRAINT ck_mission_kind_code_length;

ALTER TABLE mission_kind VALIDATE CONSTRAINT ck_mission_kind_label_length;

ALTER TABLE mission_kind VALIDATE CONSTRAINT ck_mission_kind_description_length;

ALTER TABLE rank VALIDATE CONSTRAINT ck_rank_code_length;

ALTER TABLE rank VALIDATE CONSTRAINT ck_rank_title_length;

ALTER TABLE status_change_kind VALIDATE CONSTRAINT ck_status_change_kind_code_length;

ALTER TABLE status_change_kind VALIDATE CONSTRAINT ck_status_change_kind_label_length;

ALTER TABLE mission_source VALIDATE CONSTRAINT ck_mission_source_listed_as_length;

ALTER TABLE external_id VALIDATE CONSTRAINT ck_external_id_scheme_length;

ALTER TABLE external_id VALIDATE CONSTRAINT ck_external_id_value_length;

ALTER TABLE person VALIDATE CONSTRAINT ck_person_key_length;

ALTER TABLE person VALIDATE CONSTRAINT ck_person_name_length;

ALTER TABLE person VALIDATE CONSTRAINT ck_person_search_key_length;

ALTER TABLE person VALIDATE CONSTRAINT ck_person_description_length;

ALTER TABLE person_alias VALIDATE CONSTRAINT ck_person_alias_alias_length;

ALTER TABLE person_alias VALIDATE CONSTRAINT ck_person_alias_search_key_length;

ALTER TABLE tenure VALIDATE CONSTRAINT ck_tenure_note_length;

ALTER TABLE status_change VALIDATE CONSTRAINT ck_status_change_note_length;

UPDATE alembic_version SET version_num='0010' WHERE alembic_version.version_num = '0009';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

