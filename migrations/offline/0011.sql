SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

-- Running upgrade 0010 -> 0011

CREATE TABLE party_succession (
    id SERIAL NOT NULL, 
    predecessor_id INTEGER NOT NULL, 
    successor_id INTEGER NOT NULL, 
    how TEXT NOT NULL, 
    occurred_on DATE NOT NULL, 
    occurred_precision TEXT NOT NULL, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_party_succession PRIMARY KEY (id), 
    CONSTRAINT ck_party_succession_how_known CHECK (how IN ('split', 'merger', 'absorption', 'dissolution', 'independence')), 
    CONSTRAINT ck_party_succession_occurred_precision_known CHECK (occurred_precision IN ('day', 'month', 'year')), 
    CONSTRAINT ck_party_succession_two_parties CHECK (predecessor_id <> successor_id), 
    CONSTRAINT fk_party_succession_predecessor_id_party FOREIGN KEY(predecessor_id) REFERENCES party (id), 
    CONSTRAINT fk_party_succession_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT fk_party_succession_successor_id_party FOREIGN KEY(successor_id) REFERENCES party (id), 
    CONSTRAINT uq_party_succession_predecessor_id_successor_id UNIQUE (predecessor_id, successor_id)
);

COMMENT ON TABLE party_succession IS 'A party that ended or split and the parties that succeeded it: Czechoslovakia -> the Czech Republic and Slovakia (a split), the German Democratic Republic -> Germany (an absorption). A renamed state is one party with dated names (party_alias.valid), not a succession.';

COMMENT ON COLUMN party_succession.id IS 'Surrogate key.';

COMMENT ON COLUMN party_succession.predecessor_id IS 'The party that ended or split.';

COMMENT ON COLUMN party_succession.successor_id IS 'A party that succeeded it.';

COMMENT ON COLUMN party_succession.how IS 'split, merger, absorption, dissolution or independence.';

COMMENT ON COLUMN party_succession.occurred_on IS 'When the successor took over (its first day when less is known).';

COMMENT ON COLUMN party_succession.occurred_precision IS 'How much of occurred_on is known: day, month or year.';

COMMENT ON COLUMN party_succession.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_party_succession_predecessor_id ON party_succession (predecessor_id);

CREATE INDEX ix_party_succession_source_id ON party_succession (source_id);

CREATE INDEX ix_party_succession_successor_id ON party_succession (successor_id);

CREATE TABLE subdivision (
    id SERIAL NOT NULL, 
    code TEXT NOT NULL, 
    party_id INTEGER NOT NULL, 
    name TEXT NOT NULL, 
    search_key TEXT NOT NULL, 
    type TEXT NOT NULL, 
    parent_code TEXT, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_subdivision PRIMARY KEY (id), 
    CONSTRAINT ck_subdivision_code_length CHECK (char_length(code) <= 200), 
    CONSTRAINT ck_subdivision_name_length CHECK (char_length(name) <= 300), 
    CONSTRAINT ck_subdivision_search_key_length CHECK (char_length(search_key) <= 300), 
    CONSTRAINT ck_subdivision_type_length CHECK (char_length(type) <= 200), 
    CONSTRAINT fk_subdivision_party_id_party FOREIGN KEY(party_id) REFERENCES party (id), 
    CONSTRAINT fk_subdivision_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT uq_subdivision_code UNIQUE (code)
);

COMMENT ON TABLE subdivision IS 'A subdivision of a state (ISO 3166-2, from pycountry): a province, state, Land, region. Consular districts are made of them.';

COMMENT ON COLUMN subdivision.id IS 'Surrogate key.';

COMMENT ON COLUMN subdivision.code IS 'ISO 3166-2 code, e.g. ''CN-GD'' (Guangdong).';

COMMENT ON COLUMN subdivision.party_id IS 'The state it is a subdivision of.';

COMMENT ON COLUMN subdivision.name IS 'Its name as ISO 3166-2 gives it.';

COMMENT ON COLUMN subdivision.search_key IS 'The name folded for lookup: lower case, no accents.';

COMMENT ON COLUMN subdivision.type IS 'What ISO 3166-2 calls it: Province, State, Land, Autonomous region...';

COMMENT ON COLUMN subdivision.parent_code IS 'The ISO 3166-2 code of the subdivision it lies in, if any.';

COMMENT ON COLUMN subdivision.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_subdivision_party_id ON subdivision (party_id);

CREATE INDEX ix_subdivision_search_key ON subdivision (search_key);

CREATE INDEX ix_subdivision_source_id ON subdivision (source_id);

CREATE TABLE mission_jurisdiction (
    id SERIAL NOT NULL, 
    mission_id INTEGER NOT NULL, 
    subdivision_id INTEGER NOT NULL, 
    source_id INTEGER NOT NULL, 
    recorded_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, 
    CONSTRAINT pk_mission_jurisdiction PRIMARY KEY (id), 
    CONSTRAINT fk_mission_jurisdiction_mission_id_mission FOREIGN KEY(mission_id) REFERENCES mission (id), 
    CONSTRAINT fk_mission_jurisdiction_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT fk_mission_jurisdiction_subdivision_id_subdivision FOREIGN KEY(subdivision_id) REFERENCES subdivision (id), 
    CONSTRAINT uq_mission_jurisdiction_mission_id_subdivision_id UNIQUE (mission_id, subdivision_id)
);

COMMENT ON TABLE mission_jurisdiction IS 'A consular district made of subdivisions of the host: the consulate general in Guangzhou covers Guangdong, Guangxi, Fujian and Hainan.';

COMMENT ON COLUMN mission_jurisdiction.id IS 'Surrogate key.';

COMMENT ON COLUMN mission_jurisdiction.mission_id IS 'The consular post.';

COMMENT ON COLUMN mission_jurisdiction.subdivision_id IS 'A subdivision its district covers.';

COMMENT ON COLUMN mission_jurisdiction.source_id IS 'The source this fact is cited from.';

COMMENT ON COLUMN mission_jurisdiction.recorded_at IS 'When the registry recorded it.';

CREATE INDEX ix_mission_jurisdiction_mission_id ON mission_jurisdiction (mission_id);

CREATE INDEX ix_mission_jurisdiction_source_id ON mission_jurisdiction (source_id);

CREATE INDEX ix_mission_jurisdiction_subdivision_id ON mission_jurisdiction (subdivision_id);

ALTER TABLE party ADD COLUMN existed DATERANGE;

COMMENT ON COLUMN party.existed IS 'When the party existed, [from, until); NULL when not recorded, an open upper bound while it exists (the GDR: [1949-10-07, 1990-10-03)).';

ALTER TABLE party ADD COLUMN cow_code SMALLINT;

COMMENT ON COLUMN party.cow_code IS 'Correlates of War state code (registry/data/cow_states.csv), kept for historical states too.';

COMMENT ON COLUMN party.kind IS 'state (an ISO 3166-1 entry), historical_state, state_limited_recognition (Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, Flanders) or organisation.';

ALTER TABLE party_alias ADD COLUMN valid DATERANGE;

COMMENT ON COLUMN party_alias.valid IS 'When the party bore this name, [from, until): Dahomey until 1975-11-30; NULL when the name is not dated (a translation, an abbreviation).';

ALTER TABLE party DROP CONSTRAINT ck_party_kind_known;

ALTER TABLE party ADD CONSTRAINT ck_party_kind_known CHECK (kind IN ('state', 'historical_state', 'state_limited_recognition', 'sovereign_entity', 'subnational', 'organisation'));

INSERT INTO mission_kind (code, label, description) VALUES ('apostolic-delegation', 'apostolic delegation', 'The Holy See''s mission to the Catholic Church in a state with which it has no diplomatic relations; its head, an apostolic delegate, has no diplomatic rank.');

INSERT INTO mission_kind (code, label, description) VALUES ('consular-agency', 'consular agency', 'A consular post headed by a consular agent (Vienna Convention on Consular Relations Art. 9).');

INSERT INTO mission_kind (code, label, description) VALUES ('high-commission', 'high commission', 'A Commonwealth member''s embassy in another Commonwealth member, headed by a High Commissioner (Vienna Convention Art. 14 class a).');

INSERT INTO mission_kind (code, label, description) VALUES ('representative-office', 'representative office', 'A state''s or entity''s office where it has no embassy, often as relations are not official (Taiwan''s offices abroad).');

INSERT INTO mission_kind (code, label, description) VALUES ('subnational-office', 'office of a sub-national government', 'An office abroad of a sub-national government (Quebec''s delegations general, Flanders'' representations, Catalonia''s delegations).');

INSERT INTO mission_kind (code, label, description) VALUES ('trade-office', 'trade office', 'A trade or economic and cultural office, where a state has no embassy or beside it.');

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('apostolic-delegate', 'Apostolic Delegate', NULL, 'false', '9');

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('consular-agent', 'Consular Agent', NULL, 'false', '9');

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('delegate-general', 'Delegate General (of a sub-national government)', NULL, 'false', '9');

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('head-of-interests-section', 'Head of Interests Section', NULL, 'false', '9');

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('honorary-consul', 'Honorary Consul', NULL, 'false', '9');

DO $replace$
DECLARE
    dependent text;
BEGIN
    SELECT coalesce(c.oid::regclass::text, p.oid::regprocedure::text) INTO dependent
      FROM pg_depend d
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      LEFT JOIN pg_class c ON c.oid = r.ev_class AND c.oid <> d.refobjid
      LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
     WHERE d.refclassid = 'pg_class'::regclass
       AND d.refobjid IN (SELECT oid FROM pg_class WHERE oid = to_regclass('reporting.party'))
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace reporting.party: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    dependent text;
BEGIN
    SELECT coalesce(c.oid::regclass::text, p.oid::regprocedure::text) INTO dependent
      FROM pg_depend d
      LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      LEFT JOIN pg_class c ON c.oid = r.ev_class AND c.oid <> d.refobjid
      LEFT JOIN pg_proc p ON d.classid = 'pg_proc'::regclass AND p.oid = d.objid
     WHERE d.refclassid = 'pg_class'::regclass
       AND d.refobjid IN (SELECT oid FROM pg_class WHERE oid = to_regclass('reporting.party_name'))
       AND coalesce(c.relnamespace, p.pronamespace) <> 'reporting'::regnamespace
     ORDER BY 1 LIMIT 1;
    IF dependent IS NOT NULL THEN
        RAISE EXCEPTION 'cannot replace reporting.party_name: % depends on it and was not built by a '
            'registry revision; drop it, upgrade, then create it again', dependent;
    END IF;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$CREATE OR REPLACE VIEW reporting.party AS
SELECT
    p.id AS party_id,
    p.code,
    p.name,
    p.kind,
    p.iso_alpha3,
    lower(p.existed) AS existed_from,
    upper(p.existed) AS existed_until,
    p.cow_code,
    (SELECT x.value FROM external_id x WHERE x.party_id = p.id AND x.scheme = 'wikidata' ORDER BY x.id LIMIT 1) AS wikidata
FROM party p;

COMMENT ON VIEW reporting.party IS 'Every state and international organisation that sends or receives missions. Its names, for lookup, are in reporting.party_name.';
COMMENT ON COLUMN reporting.party.party_id IS 'Party identifier.';
COMMENT ON COLUMN reporting.party.code IS 'ISO 3166-1 alpha-2 for states (KZ), ISO 3166-3 alpha-4 for historical states (SUHH), a code for organisations (african-union).';
COMMENT ON COLUMN reporting.party.name IS 'Usual English name.';
COMMENT ON COLUMN reporting.party.kind IS 'state, historical_state, state_limited_recognition (Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, Flanders) or organisation.';
COMMENT ON COLUMN reporting.party.iso_alpha3 IS 'ISO 3166-1 alpha-3 code, for states; NULL otherwise.';
COMMENT ON COLUMN reporting.party.existed_from IS 'First day the party existed, when recorded (the GDR: 1949-10-07).';
COMMENT ON COLUMN reporting.party.existed_until IS 'Day the party ceased to exist (NULL: it exists, or not recorded).';
COMMENT ON COLUMN reporting.party.cow_code IS 'Correlates of War state code, historical states too; NULL outside the COW state list.';
COMMENT ON COLUMN reporting.party.wikidata IS 'Wikidata QID of the party (the Holy See: Q159583), when known.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT relacl INTO grants FROM pg_class WHERE oid = 'reporting.party'::regclass;
    EXECUTE 'DROP VIEW reporting.party RESTRICT';
    EXECUTE $object$CREATE VIEW reporting.party AS
SELECT
    p.id AS party_id,
    p.code,
    p.name,
    p.kind,
    p.iso_alpha3,
    lower(p.existed) AS existed_from,
    upper(p.existed) AS existed_until,
    p.cow_code,
    (SELECT x.value FROM external_id x WHERE x.party_id = p.id AND x.scheme = 'wikidata' ORDER BY x.id LIMIT 1) AS wikidata
FROM party p;

COMMENT ON VIEW reporting.party IS 'Every state and international organisation that sends or receives missions. Its names, for lookup, are in reporting.party_name.';
COMMENT ON COLUMN reporting.party.party_id IS 'Party identifier.';
COMMENT ON COLUMN reporting.party.code IS 'ISO 3166-1 alpha-2 for states (KZ), ISO 3166-3 alpha-4 for historical states (SUHH), a code for organisations (african-union).';
COMMENT ON COLUMN reporting.party.name IS 'Usual English name.';
COMMENT ON COLUMN reporting.party.kind IS 'state, historical_state, state_limited_recognition (Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, Flanders) or organisation.';
COMMENT ON COLUMN reporting.party.iso_alpha3 IS 'ISO 3166-1 alpha-3 code, for states; NULL otherwise.';
COMMENT ON COLUMN reporting.party.existed_from IS 'First day the party existed, when recorded (the GDR: 1949-10-07).';
COMMENT ON COLUMN reporting.party.existed_until IS 'Day the party ceased to exist (NULL: it exists, or not recorded).';
COMMENT ON COLUMN reporting.party.cow_code IS 'Correlates of War state code, historical states too; NULL outside the COW state list.';
COMMENT ON COLUMN reporting.party.wikidata IS 'Wikidata QID of the party (the Holy See: Q159583), when known.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON reporting.party TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

DO $replace$
DECLARE
    grants aclitem[];
    item record;
BEGIN
    EXECUTE $object$CREATE OR REPLACE VIEW reporting.party_name AS
SELECT
    a.party_id,
    (SELECT p.name FROM party p WHERE p.id = a.party_id) AS party,
    a.alias AS name,
    a.search_key,
    lower(a.valid) AS valid_from,
    upper(a.valid) AS valid_until
FROM party_alias a;

COMMENT ON VIEW reporting.party_name IS 'Every name a party is looked up by (its usual name among them): official names, translations, former names, each with its search key.';
COMMENT ON COLUMN reporting.party_name.party_id IS 'The party so named (reporting.party).';
COMMENT ON COLUMN reporting.party_name.party IS 'The party''s usual name.';
COMMENT ON COLUMN reporting.party_name.name IS 'The name as written.';
COMMENT ON COLUMN reporting.party_name.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.party_name.valid_from IS 'First day the party bore this name (Dahomey: NULL; Benin: 1975-11-30), when the name is dated.';
COMMENT ON COLUMN reporting.party_name.valid_until IS 'Day the party stopped bearing this name (Dahomey: 1975-11-30); NULL while borne or when not dated.';
$object$;
EXCEPTION WHEN invalid_table_definition OR invalid_function_definition OR datatype_mismatch THEN
    -- PostgreSQL keeps a view's columns and a function's result type in place.
    SELECT relacl INTO grants FROM pg_class WHERE oid = 'reporting.party_name'::regclass;
    EXECUTE 'DROP VIEW reporting.party_name RESTRICT';
    EXECUTE $object$CREATE VIEW reporting.party_name AS
SELECT
    a.party_id,
    (SELECT p.name FROM party p WHERE p.id = a.party_id) AS party,
    a.alias AS name,
    a.search_key,
    lower(a.valid) AS valid_from,
    upper(a.valid) AS valid_until
FROM party_alias a;

COMMENT ON VIEW reporting.party_name IS 'Every name a party is looked up by (its usual name among them): official names, translations, former names, each with its search key.';
COMMENT ON COLUMN reporting.party_name.party_id IS 'The party so named (reporting.party).';
COMMENT ON COLUMN reporting.party_name.party IS 'The party''s usual name.';
COMMENT ON COLUMN reporting.party_name.name IS 'The name as written.';
COMMENT ON COLUMN reporting.party_name.search_key IS 'The name folded for lookup: lower case, no accents, punctuation as single spaces; letters of every script kept.';
COMMENT ON COLUMN reporting.party_name.valid_from IS 'First day the party bore this name (Dahomey: NULL; Benin: 1975-11-30), when the name is dated.';
COMMENT ON COLUMN reporting.party_name.valid_until IS 'Day the party stopped bearing this name (Dahomey: 1975-11-30); NULL while borne or when not dated.';
$object$;
    FOR item IN SELECT * FROM aclexplode(grants) LOOP
        EXECUTE format('GRANT %s ON reporting.party_name TO %s', item.privilege_type,
            CASE WHEN item.grantee = 0 THEN 'PUBLIC'
                 ELSE quote_ident(pg_get_userbyid(item.grantee)) END);
    END LOOP;
END
$replace$;

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
COMMENT ON COLUMN reporting.consular_district.source IS 'Title of the source naming the district.';;

GRANT SELECT ON reporting.consular_district TO registry_analyst, registry_writer;

UPDATE alembic_version SET version_num='0011' WHERE alembic_version.version_num = '0010';

COMMIT;

SELECT pg_advisory_unlock(1919248233);

