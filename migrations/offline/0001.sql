SET lock_timeout = '4s';

SET statement_timeout = '60s';

SELECT pg_advisory_lock(1919248233);

BEGIN;

CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE mission_kind (
    code TEXT NOT NULL, 
    label TEXT NOT NULL, 
    description TEXT NOT NULL, 
    CONSTRAINT pk_mission_kind PRIMARY KEY (code)
);

COMMENT ON TABLE mission_kind IS 'Vocabulary: kinds of mission (embassy, consulate general, ...).';

COMMENT ON COLUMN mission_kind.code IS 'Stable code.';

COMMENT ON COLUMN mission_kind.label IS 'Human-readable name.';

COMMENT ON COLUMN mission_kind.description IS 'What the kind covers.';

CREATE TABLE rank (
    code TEXT NOT NULL, 
    title TEXT NOT NULL, 
    vienna_class TEXT, 
    ad_interim BOOLEAN, 
    cow_level SMALLINT NOT NULL, 
    CONSTRAINT pk_rank PRIMARY KEY (code), 
    CONSTRAINT ck_rank_vienna_class_known CHECK (vienna_class IN ('a', 'b', 'c')), 
    CONSTRAINT ck_rank_cow_level_known CHECK (cow_level IN (1, 2, 3, 9))
);

COMMENT ON TABLE rank IS 'Vocabulary: ranks of heads of mission with their Vienna Convention class and Correlates of War level.';

COMMENT ON COLUMN rank.code IS 'Stable code.';

COMMENT ON COLUMN rank.title IS 'The title as usually written.';

COMMENT ON COLUMN rank.vienna_class IS 'Vienna Convention (1961) Art. 14 class: a ambassador or nuncio, b envoy or minister, c chargé d''affaires en pied; NULL for heads outside the classes (chargés a.i., heads of technical teams, special-services representatives).';

COMMENT ON COLUMN rank.ad_interim IS 'True for a chargé d''affaires ad interim (Art. 19); NULL when a source does not say.';

COMMENT ON COLUMN rank.cow_level IS 'Correlates of War Diplomatic Exchange level: 3 ambassador, 2 minister, 1 chargé d''affaires, 9 other.';

CREATE TABLE source (
    id SERIAL NOT NULL, 
    key TEXT NOT NULL, 
    title TEXT NOT NULL, 
    publisher TEXT NOT NULL, 
    url TEXT, 
    published_on DATE NOT NULL, 
    published_precision TEXT NOT NULL, 
    note TEXT, 
    CONSTRAINT pk_source PRIMARY KEY (id), 
    CONSTRAINT ck_source_published_precision_known CHECK (published_precision IN ('day', 'month', 'year')), 
    CONSTRAINT uq_source_key UNIQUE (key)
);

COMMENT ON TABLE source IS 'Where facts come from: an article, a dataset, a decree. Every fact cites one.';

COMMENT ON COLUMN source.id IS 'Surrogate key.';

COMMENT ON COLUMN source.key IS 'Stable short name used by seed files, e.g. ''kabul-2024-09''.';

COMMENT ON COLUMN source.title IS 'Title of the article or dataset.';

COMMENT ON COLUMN source.publisher IS 'Who published it.';

COMMENT ON COLUMN source.url IS 'Where it can be read, if online.';

COMMENT ON COLUMN source.published_on IS 'Publication date; its first day when only the month or year is known.';

COMMENT ON COLUMN source.published_precision IS 'How much of published_on is known: day, month or year.';

COMMENT ON COLUMN source.note IS 'Editorial note on the source.';

CREATE TABLE status_change_kind (
    code TEXT NOT NULL, 
    label TEXT NOT NULL, 
    applies_to TEXT NOT NULL, 
    mission_status TEXT, 
    CONSTRAINT pk_status_change_kind PRIMARY KEY (code), 
    CONSTRAINT ck_status_change_kind_applies_to_known CHECK (applies_to IN ('mission', 'tenure')), 
    CONSTRAINT ck_status_change_kind_mission_status_known CHECK (mission_status IN ('operating', 'suspended', 'closed', 'planned'))
);

COMMENT ON TABLE status_change_kind IS 'Vocabulary: kinds of dated status change on missions and tenures.';

COMMENT ON COLUMN status_change_kind.code IS 'Stable code.';

COMMENT ON COLUMN status_change_kind.label IS 'Human-readable description.';

COMMENT ON COLUMN status_change_kind.applies_to IS 'mission or tenure.';

COMMENT ON COLUMN status_change_kind.mission_status IS 'The mission''s status after a change of this kind (operating, suspended, closed, planned); NULL when the change does not alter it.';

CREATE TABLE party (
    id SERIAL NOT NULL, 
    code TEXT NOT NULL, 
    name TEXT NOT NULL, 
    kind TEXT NOT NULL, 
    iso_alpha3 TEXT, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_party PRIMARY KEY (id), 
    CONSTRAINT ck_party_kind_known CHECK (kind IN ('state', 'historical_state', 'organisation')), 
    CONSTRAINT fk_party_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT uq_party_code UNIQUE (code), 
    CONSTRAINT uq_party_iso_alpha3 UNIQUE (iso_alpha3)
);

COMMENT ON TABLE party IS 'A state or international organisation that sends or receives missions (ISO 3166-1 entries from pycountry, historical states, organisations such as the AU).';

COMMENT ON COLUMN party.id IS 'Surrogate key.';

COMMENT ON COLUMN party.code IS 'Natural key: ISO 3166-1 alpha-2 for states (''KZ''), ISO 3166-3 alpha-4 for historical states (''SUHH''), an acronym for organisations (''AU'').';

COMMENT ON COLUMN party.name IS 'Usual English name.';

COMMENT ON COLUMN party.kind IS 'state (an ISO 3166-1 entry), historical_state or organisation.';

COMMENT ON COLUMN party.iso_alpha3 IS 'ISO 3166-1 alpha-3 code, for states.';

COMMENT ON COLUMN party.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_party_source_id ON party (source_id);

CREATE TABLE person (
    id SERIAL NOT NULL, 
    key TEXT NOT NULL, 
    name TEXT NOT NULL, 
    search_key TEXT NOT NULL, 
    description TEXT, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_person PRIMARY KEY (id), 
    CONSTRAINT fk_person_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT uq_person_key UNIQUE (key)
);

COMMENT ON TABLE person IS 'A person who heads or headed a mission.';

COMMENT ON COLUMN person.id IS 'Surrogate key.';

COMMENT ON COLUMN person.key IS 'Stable slug used by seed files, e.g. ''zhalgas-adilbayev''.';

COMMENT ON COLUMN person.name IS 'Name as usually written in English.';

COMMENT ON COLUMN person.search_key IS 'The name folded for lookup: lower case, no accents.';

COMMENT ON COLUMN person.description IS 'Who the person is, as the source describes them.';

COMMENT ON COLUMN person.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_person_search_key ON person (search_key);

CREATE INDEX ix_person_source_id ON person (source_id);

CREATE TABLE authority (
    id SERIAL NOT NULL, 
    key TEXT NOT NULL, 
    party_id INTEGER NOT NULL, 
    name TEXT NOT NULL, 
    valid DATERANGE NOT NULL, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_authority PRIMARY KEY (id), 
    CONSTRAINT ck_authority_valid_bounded CHECK (NOT isempty(valid) AND NOT lower_inf(valid)), 
    CONSTRAINT fk_authority_party_id_party FOREIGN KEY(party_id) REFERENCES party (id), 
    CONSTRAINT fk_authority_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT uq_authority_key UNIQUE (key)
);

COMMENT ON TABLE authority IS 'Who governs a state over a period. Credentials and recognition are given by an authority, not a state: the Islamic Republic of Afghanistan until 2021-08-15, then the Taliban''s Islamic Emirate.';

COMMENT ON COLUMN authority.id IS 'Surrogate key.';

COMMENT ON COLUMN authority.key IS 'Stable short name used by seed files, e.g. ''af-emirate''.';

COMMENT ON COLUMN authority.party_id IS 'The state governed.';

COMMENT ON COLUMN authority.name IS 'Name of the government or regime.';

COMMENT ON COLUMN authority.valid IS 'Period in power, [from, until); open-ended while in power.';

COMMENT ON COLUMN authority.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_authority_party_id ON authority (party_id);

CREATE INDEX ix_authority_source_id ON authority (source_id);

CREATE TABLE city (
    id SERIAL NOT NULL, 
    party_id INTEGER NOT NULL, 
    key TEXT NOT NULL, 
    name TEXT NOT NULL, 
    search_key TEXT NOT NULL, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_city PRIMARY KEY (id), 
    CONSTRAINT fk_city_party_id_party FOREIGN KEY(party_id) REFERENCES party (id), 
    CONSTRAINT fk_city_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT uq_city_id_party_id UNIQUE (id, party_id), 
    CONSTRAINT uq_city_party_id_key UNIQUE (party_id, key)
);

COMMENT ON TABLE city IS 'A city where missions are seated, in its state.';

COMMENT ON COLUMN city.id IS 'Surrogate key.';

COMMENT ON COLUMN city.party_id IS 'The state the city is in.';

COMMENT ON COLUMN city.key IS 'Slug of the name, unique within the state.';

COMMENT ON COLUMN city.name IS 'Usual English name.';

COMMENT ON COLUMN city.search_key IS 'The name folded for lookup: lower case, no accents.';

COMMENT ON COLUMN city.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_city_party_id ON city (party_id);

CREATE INDEX ix_city_search_key ON city (search_key);

CREATE INDEX ix_city_source_id ON city (source_id);

CREATE TABLE party_alias (
    id SERIAL NOT NULL, 
    party_id INTEGER NOT NULL, 
    alias TEXT NOT NULL, 
    search_key TEXT NOT NULL, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_party_alias PRIMARY KEY (id), 
    CONSTRAINT fk_party_alias_party_id_party FOREIGN KEY(party_id) REFERENCES party (id) ON DELETE CASCADE, 
    CONSTRAINT fk_party_alias_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT uq_party_alias_party_id_alias UNIQUE (party_id, alias)
);

COMMENT ON TABLE party_alias IS 'Other names of a party: official names, translations, former names.';

COMMENT ON COLUMN party_alias.id IS 'Surrogate key.';

COMMENT ON COLUMN party_alias.party_id IS 'The party so named.';

COMMENT ON COLUMN party_alias.alias IS 'The name as written.';

COMMENT ON COLUMN party_alias.search_key IS 'The name folded for lookup: lower case, no accents.';

COMMENT ON COLUMN party_alias.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_party_alias_search_key ON party_alias (search_key);

CREATE INDEX ix_party_alias_source_id ON party_alias (source_id);

CREATE TABLE person_alias (
    id SERIAL NOT NULL, 
    person_id INTEGER NOT NULL, 
    alias TEXT NOT NULL, 
    search_key TEXT NOT NULL, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_person_alias PRIMARY KEY (id), 
    CONSTRAINT fk_person_alias_person_id_person FOREIGN KEY(person_id) REFERENCES person (id) ON DELETE CASCADE, 
    CONSTRAINT fk_person_alias_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT uq_person_alias_person_id_alias UNIQUE (person_id, alias)
);

COMMENT ON TABLE person_alias IS 'Other spellings and transliterations of a person''s name.';

COMMENT ON COLUMN person_alias.id IS 'Surrogate key.';

COMMENT ON COLUMN person_alias.person_id IS 'The person so named.';

COMMENT ON COLUMN person_alias.alias IS 'The name as written.';

COMMENT ON COLUMN person_alias.search_key IS 'The name folded for lookup: lower case, no accents.';

COMMENT ON COLUMN person_alias.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_person_alias_search_key ON person_alias (search_key);

CREATE INDEX ix_person_alias_source_id ON person_alias (source_id);

CREATE TABLE city_alias (
    id SERIAL NOT NULL, 
    city_id INTEGER NOT NULL, 
    alias TEXT NOT NULL, 
    search_key TEXT NOT NULL, 
    valid DATERANGE, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_city_alias PRIMARY KEY (id), 
    CONSTRAINT fk_city_alias_city_id_city FOREIGN KEY(city_id) REFERENCES city (id) ON DELETE CASCADE, 
    CONSTRAINT fk_city_alias_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT uq_city_alias_city_id_alias UNIQUE (city_id, alias)
);

COMMENT ON TABLE city_alias IS 'Other names of a city: spellings (Addis Abeba), former names (Nur-Sultan, 2019-2022), districts that stand for the city (Kabul District).';

COMMENT ON COLUMN city_alias.id IS 'Surrogate key.';

COMMENT ON COLUMN city_alias.city_id IS 'The city so named.';

COMMENT ON COLUMN city_alias.alias IS 'The name as written.';

COMMENT ON COLUMN city_alias.search_key IS 'The name folded for lookup: lower case, no accents.';

COMMENT ON COLUMN city_alias.valid IS 'When the name was official, if it was only for a period.';

COMMENT ON COLUMN city_alias.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_city_alias_search_key ON city_alias (search_key);

CREATE INDEX ix_city_alias_source_id ON city_alias (source_id);

CREATE TABLE mission (
    id SERIAL NOT NULL, 
    sending_party_id INTEGER NOT NULL, 
    host_party_id INTEGER NOT NULL, 
    city_id INTEGER, 
    kind TEXT NOT NULL, 
    seat_inferred BOOLEAN DEFAULT false NOT NULL, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_mission PRIMARY KEY (id), 
    CONSTRAINT fk_mission_seat_city_in_host FOREIGN KEY(city_id, host_party_id) REFERENCES city (id, party_id), 
    CONSTRAINT fk_mission_host_party_id_party FOREIGN KEY(host_party_id) REFERENCES party (id), 
    CONSTRAINT fk_mission_kind_mission_kind FOREIGN KEY(kind) REFERENCES mission_kind (code), 
    CONSTRAINT fk_mission_sending_party_id_party FOREIGN KEY(sending_party_id) REFERENCES party (id), 
    CONSTRAINT fk_mission_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT uq_mission_sending_party_id_host_party_id_city_id_kind UNIQUE NULLS NOT DISTINCT (sending_party_id, host_party_id, city_id, kind)
);

COMMENT ON TABLE mission IS 'A sending party''s post in a place: an embassy, consulate, permanent mission, delegation, technical team... One row per (sending party, host, seat city, kind), whatever the source.';

COMMENT ON COLUMN mission.id IS 'Surrogate key.';

COMMENT ON COLUMN mission.sending_party_id IS 'The state or organisation that sends it.';

COMMENT ON COLUMN mission.host_party_id IS 'The state on whose territory it sits.';

COMMENT ON COLUMN mission.city_id IS 'Seat city; NULL when the source names only the country.';

COMMENT ON COLUMN mission.kind IS 'Kind of mission (see mission_kind).';

COMMENT ON COLUMN mission.seat_inferred IS 'True when the seat city was inferred (e.g. the host''s capital), not stated.';

COMMENT ON COLUMN mission.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_mission_city_id ON mission (city_id);

CREATE INDEX ix_mission_host_party_id ON mission (host_party_id);

CREATE INDEX ix_mission_sending_party_id ON mission (sending_party_id);

CREATE INDEX ix_mission_source_id ON mission (source_id);

CREATE TABLE accreditation (
    id SERIAL NOT NULL, 
    mission_id INTEGER NOT NULL, 
    party_id INTEGER NOT NULL, 
    resident BOOLEAN NOT NULL, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_accreditation PRIMARY KEY (id), 
    CONSTRAINT fk_accreditation_mission_id_mission FOREIGN KEY(mission_id) REFERENCES mission (id) ON DELETE CASCADE, 
    CONSTRAINT fk_accreditation_party_id_party FOREIGN KEY(party_id) REFERENCES party (id), 
    CONSTRAINT fk_accreditation_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT uq_accreditation_mission_id_party_id UNIQUE (mission_id, party_id)
);

COMMENT ON TABLE accreditation IS 'The parties a mission is accredited to, resident or not: Kazakhstan''s embassy in Addis Ababa to Ethiopia and to the African Union.';

COMMENT ON COLUMN accreditation.id IS 'Surrogate key.';

COMMENT ON COLUMN accreditation.mission_id IS 'The accredited mission.';

COMMENT ON COLUMN accreditation.party_id IS 'The state or organisation it is accredited to.';

COMMENT ON COLUMN accreditation.resident IS 'True when the mission sits in the accrediting state (or at the organisation).';

COMMENT ON COLUMN accreditation.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_accreditation_party_id ON accreditation (party_id);

CREATE INDEX ix_accreditation_source_id ON accreditation (source_id);

CREATE TABLE tenure (
    id SERIAL NOT NULL, 
    mission_id INTEGER NOT NULL, 
    person_id INTEGER, 
    rank_code TEXT NOT NULL, 
    valid DATERANGE NOT NULL, 
    start_precision TEXT, 
    attested_precision TEXT, 
    end_precision TEXT, 
    credentials_on DATE, 
    credentials_precision TEXT, 
    credentials_authority_id INTEGER, 
    note TEXT, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_tenure PRIMARY KEY (id), 
    CONSTRAINT ex_tenure_one_head_at_a_time EXCLUDE USING gist (mission_id WITH =, valid WITH &&), 
    CONSTRAINT ck_tenure_start_known_or_attested CHECK (start_precision IS NULL AND attested_precision IN ('day', 'month', 'year') OR start_precision IS NOT NULL AND attested_precision IS NULL), 
    CONSTRAINT ck_tenure_credentials_precision_known CHECK (credentials_precision IN ('day', 'month', 'year')), 
    CONSTRAINT ck_tenure_end_precision_iff_ended CHECK (end_precision IN ('day', 'month', 'year') AND NOT upper_inf(valid) OR end_precision IS NULL AND upper_inf(valid)), 
    CONSTRAINT ck_tenure_start_precision_known CHECK (start_precision IN ('day', 'month', 'year')), 
    CONSTRAINT ck_tenure_credentials_date_has_precision CHECK ((credentials_on IS NULL) = (credentials_precision IS NULL)), 
    CONSTRAINT ck_tenure_valid_not_empty CHECK (NOT isempty(valid)), 
    CONSTRAINT ck_tenure_valid_has_lower_bound CHECK (NOT lower_inf(valid)), 
    CONSTRAINT ck_tenure_credentials_not_before_start CHECK (credentials_on IS NULL OR start_precision IS NULL OR credentials_on >= lower(valid)), 
    CONSTRAINT fk_tenure_credentials_authority_id_authority FOREIGN KEY(credentials_authority_id) REFERENCES authority (id), 
    CONSTRAINT fk_tenure_mission_id_mission FOREIGN KEY(mission_id) REFERENCES mission (id) ON DELETE CASCADE, 
    CONSTRAINT fk_tenure_person_id_person FOREIGN KEY(person_id) REFERENCES person (id), 
    CONSTRAINT fk_tenure_rank_code_rank FOREIGN KEY(rank_code) REFERENCES rank (code), 
    CONSTRAINT fk_tenure_source_id_source FOREIGN KEY(source_id) REFERENCES source (id)
);

COMMENT ON TABLE tenure IS 'One head of a mission, at one rank, over a period. The exclusion constraint forbids two overlapping heads of one mission.';

COMMENT ON COLUMN tenure.id IS 'Surrogate key.';

COMMENT ON COLUMN tenure.mission_id IS 'The mission headed.';

COMMENT ON COLUMN tenure.person_id IS 'The head; NULL when the source gives the rank but not the name.';

COMMENT ON COLUMN tenure.rank_code IS 'Rank held during the tenure (see rank).';

COMMENT ON COLUMN tenure.valid IS 'Period in post, [from, until). When the start is unknown (start_precision NULL) the lower bound is the date a source first attests the head in post; an open upper bound means no end is known.';

COMMENT ON COLUMN tenure.start_precision IS 'Precision of lower(valid): day, month or year; NULL when the start is unknown and lower(valid) is only the first attestation.';

COMMENT ON COLUMN tenure.attested_precision IS 'When the start is unknown: precision of the first attestation, lower(valid).';

COMMENT ON COLUMN tenure.end_precision IS 'Precision of upper(valid): day, month or year; NULL while open-ended.';

COMMENT ON COLUMN tenure.credentials_on IS 'When credentials were presented, if known.';

COMMENT ON COLUMN tenure.credentials_precision IS 'Precision of credentials_on: day, month or year.';

COMMENT ON COLUMN tenure.credentials_authority_id IS 'The authority credentials were presented to, even when the date is unknown.';

COMMENT ON COLUMN tenure.note IS 'Editorial note.';

COMMENT ON COLUMN tenure.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_tenure_credentials_authority_id ON tenure (credentials_authority_id);

CREATE INDEX ix_tenure_person_id ON tenure (person_id);

CREATE INDEX ix_tenure_source_id ON tenure (source_id);

CREATE TABLE status_change (
    id SERIAL NOT NULL, 
    kind TEXT NOT NULL, 
    occurred_on DATE NOT NULL, 
    occurred_precision TEXT NOT NULL, 
    mission_id INTEGER, 
    tenure_id INTEGER, 
    actor_party_id INTEGER, 
    actor_authority_id INTEGER, 
    note TEXT, 
    source_id INTEGER NOT NULL, 
    CONSTRAINT pk_status_change PRIMARY KEY (id), 
    CONSTRAINT ck_status_change_occurred_precision_known CHECK (occurred_precision IN ('day', 'month', 'year')), 
    CONSTRAINT ck_status_change_one_subject CHECK (num_nonnulls(mission_id, tenure_id) = 1), 
    CONSTRAINT fk_status_change_actor_authority_id_authority FOREIGN KEY(actor_authority_id) REFERENCES authority (id), 
    CONSTRAINT fk_status_change_actor_party_id_party FOREIGN KEY(actor_party_id) REFERENCES party (id), 
    CONSTRAINT fk_status_change_kind_status_change_kind FOREIGN KEY(kind) REFERENCES status_change_kind (code), 
    CONSTRAINT fk_status_change_mission_id_mission FOREIGN KEY(mission_id) REFERENCES mission (id) ON DELETE CASCADE, 
    CONSTRAINT fk_status_change_source_id_source FOREIGN KEY(source_id) REFERENCES source (id), 
    CONSTRAINT fk_status_change_tenure_id_tenure FOREIGN KEY(tenure_id) REFERENCES tenure (id) ON DELETE CASCADE, 
    CONSTRAINT uq_status_change_kind_mission_id_tenure_id_occurred_on UNIQUE NULLS NOT DISTINCT (kind, mission_id, tenure_id, occurred_on)
);

COMMENT ON TABLE status_change IS 'A dated change of status of a mission (opened, ceased at the host''s request, documents declared illegitimate...) or of a tenure (appointed, dismissed by decree, accredited as chargé...), with who acted.';

COMMENT ON COLUMN status_change.id IS 'Surrogate key.';

COMMENT ON COLUMN status_change.kind IS 'What happened (see status_change_kind).';

COMMENT ON COLUMN status_change.occurred_on IS 'When; its first day when only the month or year is known.';

COMMENT ON COLUMN status_change.occurred_precision IS 'Precision of occurred_on: day, month or year.';

COMMENT ON COLUMN status_change.mission_id IS 'The mission concerned, for a change of a mission''s status.';

COMMENT ON COLUMN status_change.tenure_id IS 'The tenure concerned, for a change of a head''s status.';

COMMENT ON COLUMN status_change.actor_party_id IS 'The state or organisation that acted (host, sending state), if stated.';

COMMENT ON COLUMN status_change.actor_authority_id IS 'The authority that acted, when it matters which (e.g. the Taliban''s).';

COMMENT ON COLUMN status_change.note IS 'Detail as the source gives it.';

COMMENT ON COLUMN status_change.source_id IS 'The source this fact is cited from.';

CREATE INDEX ix_status_change_actor_authority_id ON status_change (actor_authority_id);

CREATE INDEX ix_status_change_actor_party_id ON status_change (actor_party_id);

CREATE INDEX ix_status_change_mission_id_occurred_on ON status_change (mission_id, occurred_on);

CREATE INDEX ix_status_change_source_id ON status_change (source_id);

CREATE INDEX ix_status_change_tenure_id ON status_change (tenure_id);

INSERT INTO mission_kind (code, label, description) VALUES ('embassy', 'embassy', 'A state''s resident diplomatic mission to another state.');

INSERT INTO mission_kind (code, label, description) VALUES ('consulate-general', 'consulate general', 'A consular post headed by a consul general.');

INSERT INTO mission_kind (code, label, description) VALUES ('consulate', 'consulate', 'A consular post headed by a consul.');

INSERT INTO mission_kind (code, label, description) VALUES ('honorary-consulate', 'honorary consulate', 'A consular post headed by an honorary consul.');

INSERT INTO mission_kind (code, label, description) VALUES ('permanent-mission', 'permanent mission', 'A state''s permanent mission or representation to an international organisation.');

INSERT INTO mission_kind (code, label, description) VALUES ('delegation', 'delegation', 'An organisation''s delegation to a state or organisation (e.g. EU delegations).');

INSERT INTO mission_kind (code, label, description) VALUES ('technical-team', 'technical team', 'A technical team or group standing in for an embassy (India in Kabul since 2022).');

INSERT INTO mission_kind (code, label, description) VALUES ('special-services-representation', 'special-services representation', 'Official representatives of a state''s intelligence or special services.');

INSERT INTO mission_kind (code, label, description) VALUES ('liaison-office', 'liaison or representative office', 'A liaison, representative or trade office short of an embassy.');

INSERT INTO mission_kind (code, label, description) VALUES ('nunciature', 'apostolic nunciature', 'The Holy See''s diplomatic mission.');

INSERT INTO mission_kind (code, label, description) VALUES ('interests-section', 'interests section', 'A section of a protecting power''s embassy acting for another state.');

INSERT INTO mission_kind (code, label, description) VALUES ('unspecified', 'diplomatic mission (kind not stated)', 'A mission whose source does not say what kind it is.');

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('ambassador-e-p', 'Ambassador Extraordinary and Plenipotentiary', 'a', false, 3);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('ambassador', 'Ambassador', 'a', false, 3);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('permanent-representative', 'Permanent Representative (ambassador)', 'a', false, 3);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('nuncio', 'Apostolic Nuncio', 'a', false, 3);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('high-commissioner', 'High Commissioner', 'a', false, 3);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('envoy-e-mp', 'Envoy Extraordinary and Minister Plenipotentiary', 'b', false, 2);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('minister-resident', 'Minister Resident', 'b', false, 2);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('internuncio', 'Apostolic Internuncio', 'b', false, 2);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('charge-d-affaires-en-pied', 'Chargé d''Affaires (en pied)', 'c', false, 1);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('charge-d-affaires-a-i', 'Chargé d''Affaires ad interim', NULL, true, 1);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('charge-d-affaires', 'Chargé d''Affaires (en pied or a.i. not stated)', NULL, NULL, 1);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('head-of-delegation', 'Head of Delegation', NULL, false, 9);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('head-of-technical-team', 'Head of Technical Team', NULL, false, 9);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('special-services-representative', 'Official Representative of the Special Services', NULL, false, 9);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('consul-general', 'Consul General', NULL, false, 9);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('consul', 'Consul', NULL, false, 9);

INSERT INTO rank (code, title, vienna_class, ad_interim, cow_level) VALUES ('head-of-office', 'Head of Liaison or Representative Office', NULL, false, 9);

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('opened', 'opened', 'mission', 'operating');

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('reported-operating', 'reported as operating', 'mission', 'operating');

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('suspended', 'suspended operations', 'mission', 'suspended');

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('resumed', 'resumed operations', 'mission', 'operating');

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('ceased-at-host-request', 'ceased operations at the host''s request', 'mission', 'closed');

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('closed', 'closed', 'mission', 'closed');

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('reported-planned', 'reported as planned', 'mission', 'planned');

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('documents-declared-illegitimate', 'documents it issues declared illegitimate', 'mission', NULL);

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('recognised-legitimate', 'recognised as legitimate', 'mission', NULL);

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('recognised-sole-consular-centre', 'recognised as the sole consular centre in the host state', 'mission', NULL);

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('host-accredited-diplomats', 'host accredited its diplomats', 'mission', NULL);

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('appointed', 'head appointed', 'tenure', NULL);

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('host-accredited-charge', 'host accredited the head as chargé d''affaires', 'tenure', NULL);

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('dismissed-by-decree', 'head dismissed by decree', 'tenure', NULL);

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('recalled', 'head recalled', 'tenure', NULL);

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('died', 'head died in post', 'tenure', NULL);

INSERT INTO status_change_kind (code, label, applies_to, mission_status) VALUES ('superseded', 'head superseded', 'tenure', NULL);

-- The reporting schema: the read side shared by the `registry` CLI and analysts.
-- This file is the current definition, for reading; migrations carry a frozen copy
-- of each version (replaceable objects), so editing it alone changes nothing.
-- tests/test_migrations.py fails when this file and the head migration differ.

CREATE SCHEMA IF NOT EXISTS reporting;
COMMENT ON SCHEMA reporting IS 'Stable, documented views for reports and the registry CLI. Base tables are private.';

CREATE VIEW reporting.mission AS
SELECT
    m.id AS mission_id,
    sp.code AS sending_code,
    sp.name AS sending,
    m.kind AS mission_kind_code,
    mk.label AS mission_kind,
    hp.code AS host_code,
    hp.name AS host,
    m.city_id,
    c.name AS city,
    m.seat_inferred,
    COALESCE(
        (SELECT array_agg(ap.name ORDER BY ap.id <> m.host_party_id, NOT a.resident, ap.name)
           FROM accreditation a JOIN party ap ON ap.id = a.party_id
          WHERE a.mission_id = m.id),
        '{}'
    ) AS accredited_to,
    s.title AS source
FROM mission m
JOIN party sp ON sp.id = m.sending_party_id
JOIN party hp ON hp.id = m.host_party_id
JOIN mission_kind mk ON mk.code = m.kind
LEFT JOIN city c ON c.id = m.city_id
JOIN source s ON s.id = m.source_id;

COMMENT ON VIEW reporting.mission IS 'Every mission: who sends it, where it sits, what kind it is, whom it is accredited to.';
COMMENT ON COLUMN reporting.mission.mission_id IS 'Mission identifier.';
COMMENT ON COLUMN reporting.mission.sending_code IS 'Sending party code (ISO 3166-1 alpha-2, or an organisation acronym).';
COMMENT ON COLUMN reporting.mission.sending IS 'Sending state or organisation.';
COMMENT ON COLUMN reporting.mission.mission_kind_code IS 'Kind of mission, as a code.';
COMMENT ON COLUMN reporting.mission.mission_kind IS 'Kind of mission, as a label.';
COMMENT ON COLUMN reporting.mission.host_code IS 'Code of the state the mission sits in.';
COMMENT ON COLUMN reporting.mission.host IS 'State the mission sits in.';
COMMENT ON COLUMN reporting.mission.city_id IS 'Seat city identifier; NULL when only the country is known.';
COMMENT ON COLUMN reporting.mission.city IS 'Seat city; NULL when only the country is known.';
COMMENT ON COLUMN reporting.mission.seat_inferred IS 'True when the seat city was inferred rather than stated by a source.';
COMMENT ON COLUMN reporting.mission.accredited_to IS 'Parties the mission is accredited to: the host first, then resident, then by name.';
COMMENT ON COLUMN reporting.mission.source IS 'Title of the source that first recorded the mission.';

CREATE VIEW reporting.head_of_mission AS
SELECT
    t.id AS tenure_id,
    t.mission_id,
    rm.sending_code,
    rm.sending,
    rm.mission_kind,
    rm.city,
    rm.host,
    p.name AS head,
    r.code AS rank_code,
    r.title AS rank,
    r.vienna_class AS rank_class,
    r.ad_interim,
    r.cow_level,
    CASE WHEN t.start_precision IS NOT NULL THEN lower(t.valid) END AS started_on,
    t.start_precision,
    CASE WHEN t.start_precision IS NULL THEN lower(t.valid) END AS first_attested_on,
    t.attested_precision,
    upper(t.valid) AS ended_on,
    t.end_precision,
    t.valid,
    t.credentials_on,
    t.credentials_precision,
    ca.name AS credentials_authority,
    rm.accredited_to,
    s.title AS source
FROM tenure t
JOIN reporting.mission rm ON rm.mission_id = t.mission_id
JOIN rank r ON r.code = t.rank_code
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
JOIN source s ON s.id = t.source_id;

COMMENT ON VIEW reporting.head_of_mission IS 'Every head-of-mission tenure, with mission, rank, period, credentials and source.';
COMMENT ON COLUMN reporting.head_of_mission.tenure_id IS 'Tenure identifier.';
COMMENT ON COLUMN reporting.head_of_mission.mission_id IS 'Mission headed.';
COMMENT ON COLUMN reporting.head_of_mission.sending_code IS 'Sending party code.';
COMMENT ON COLUMN reporting.head_of_mission.sending IS 'Sending state or organisation.';
COMMENT ON COLUMN reporting.head_of_mission.mission_kind IS 'Kind of mission.';
COMMENT ON COLUMN reporting.head_of_mission.city IS 'Seat city.';
COMMENT ON COLUMN reporting.head_of_mission.host IS 'State the mission sits in.';
COMMENT ON COLUMN reporting.head_of_mission.head IS 'Name of the head; NULL when the source does not name them.';
COMMENT ON COLUMN reporting.head_of_mission.rank_code IS 'Rank code.';
COMMENT ON COLUMN reporting.head_of_mission.rank IS 'Rank title.';
COMMENT ON COLUMN reporting.head_of_mission.rank_class IS 'Vienna Convention Art. 14 class (a, b, c); NULL outside the classes.';
COMMENT ON COLUMN reporting.head_of_mission.ad_interim IS 'True for a chargé d''affaires ad interim; NULL when not stated.';
COMMENT ON COLUMN reporting.head_of_mission.cow_level IS 'Correlates of War level: 3 ambassador, 2 minister, 1 chargé, 9 other.';
COMMENT ON COLUMN reporting.head_of_mission.started_on IS 'Start of the tenure; NULL when unknown.';
COMMENT ON COLUMN reporting.head_of_mission.start_precision IS 'Precision of started_on: day, month or year.';
COMMENT ON COLUMN reporting.head_of_mission.first_attested_on IS 'When the start is unknown: the date a source first attests the head in post.';
COMMENT ON COLUMN reporting.head_of_mission.attested_precision IS 'Precision of first_attested_on.';
COMMENT ON COLUMN reporting.head_of_mission.ended_on IS 'First day out of post; NULL while no end is known.';
COMMENT ON COLUMN reporting.head_of_mission.end_precision IS 'Precision of ended_on.';
COMMENT ON COLUMN reporting.head_of_mission.valid IS 'The period the registry holds the head in post, [from, until).';
COMMENT ON COLUMN reporting.head_of_mission.credentials_on IS 'When credentials were presented, if known.';
COMMENT ON COLUMN reporting.head_of_mission.credentials_precision IS 'Precision of credentials_on.';
COMMENT ON COLUMN reporting.head_of_mission.credentials_authority IS 'The authority credentials were presented to.';
COMMENT ON COLUMN reporting.head_of_mission.accredited_to IS 'Parties the mission is accredited to.';
COMMENT ON COLUMN reporting.head_of_mission.source IS 'Title of the source of the tenure.';

CREATE VIEW reporting.mission_status_change AS
SELECT
    sc.id AS status_change_id,
    sc.kind AS change_code,
    k.label AS change,
    sc.occurred_on,
    sc.occurred_precision,
    COALESCE(sc.mission_id, t.mission_id) AS mission_id,
    sc.tenure_id,
    k.mission_status,
    ap.name AS actor,
    aa.name AS actor_authority,
    sc.note,
    s.title AS source
FROM status_change sc
JOIN status_change_kind k ON k.code = sc.kind
LEFT JOIN tenure t ON t.id = sc.tenure_id
LEFT JOIN party ap ON ap.id = sc.actor_party_id
LEFT JOIN authority aa ON aa.id = sc.actor_authority_id
JOIN source s ON s.id = sc.source_id;

COMMENT ON VIEW reporting.mission_status_change IS 'Every dated status change of a mission or of one of its heads, with who acted and the source.';
COMMENT ON COLUMN reporting.mission_status_change.status_change_id IS 'Status change identifier.';
COMMENT ON COLUMN reporting.mission_status_change.change_code IS 'Kind of change, as a code.';
COMMENT ON COLUMN reporting.mission_status_change.change IS 'Kind of change, as a label.';
COMMENT ON COLUMN reporting.mission_status_change.occurred_on IS 'When (first day of the period when only month or year is known).';
COMMENT ON COLUMN reporting.mission_status_change.occurred_precision IS 'Precision of occurred_on.';
COMMENT ON COLUMN reporting.mission_status_change.mission_id IS 'The mission concerned (directly or through its head).';
COMMENT ON COLUMN reporting.mission_status_change.tenure_id IS 'The tenure concerned, for changes of a head''s status.';
COMMENT ON COLUMN reporting.mission_status_change.mission_status IS 'The mission''s status after the change, when it sets one.';
COMMENT ON COLUMN reporting.mission_status_change.actor IS 'The state or organisation that acted.';
COMMENT ON COLUMN reporting.mission_status_change.actor_authority IS 'The authority that acted, where it matters which.';
COMMENT ON COLUMN reporting.mission_status_change.note IS 'Detail as the source gives it.';
COMMENT ON COLUMN reporting.mission_status_change.source IS 'Title of the source.';

-- Who heads each mission on a date. A mission is listed when its latest status
-- change on or before the date leaves it operating, or, with no status on record,
-- when a tenure covers the date. With no tenure covering the date, the head is
-- 'vacant' since the end of the last tenure, or 'unknown' if none ended before.
CREATE FUNCTION reporting.heads_as_of(as_of date)
RETURNS TABLE (
    mission_id integer,
    city_id integer,
    city text,
    sending_code text,
    sending text,
    mission_kind_code text,
    mission_kind text,
    head_status text,
    head text,
    rank_code text,
    rank text,
    rank_class text,
    ad_interim boolean,
    cow_level smallint,
    since date,
    since_precision text,
    first_attested_on date,
    attested_precision text,
    credentials_on date,
    credentials_precision text,
    credentials_authority text,
    accredited_to text[],
    source text,
    precedence_group integer,
    functions_since date,
    functions_before date
)
LANGUAGE sql STABLE
AS $$
SELECT
    m.id,
    m.city_id,
    c.name,
    sp.code,
    sp.name,
    m.kind,
    mk.label,
    CASE
        WHEN t.id IS NOT NULL AND t.person_id IS NOT NULL THEN 'named'
        WHEN t.id IS NOT NULL THEN 'unnamed'
        WHEN pt.id IS NOT NULL THEN 'vacant'
        ELSE 'unknown'
    END,
    p.name,
    r.code,
    r.title,
    r.vienna_class,
    r.ad_interim,
    r.cow_level,
    CASE
        WHEN t.id IS NOT NULL AND t.start_precision IS NOT NULL THEN lower(t.valid)
        WHEN t.id IS NULL THEN upper(pt.valid)
    END,
    CASE
        WHEN t.id IS NOT NULL THEN t.start_precision
        ELSE pt.end_precision
    END,
    CASE WHEN t.start_precision IS NULL THEN lower(t.valid) END,
    t.attested_precision,
    t.credentials_on,
    t.credentials_precision,
    ca.name,
    COALESCE(
        (SELECT array_agg(ap.name ORDER BY ap.id <> m.host_party_id, NOT a.resident, ap.name)
           FROM accreditation a JOIN party ap ON ap.id = a.party_id
          WHERE a.mission_id = m.id),
        '{}'
    ),
    COALESCE(ts.title, pts.title, st.source),
    CASE r.vienna_class
        WHEN 'a' THEN 1 WHEN 'b' THEN 2 WHEN 'c' THEN 3
        ELSE CASE WHEN r.ad_interim THEN 4 WHEN r.code IS NOT NULL THEN 5 ELSE 6 END
    END,
    COALESCE(t.credentials_on, CASE WHEN t.start_precision IS NOT NULL THEN lower(t.valid) END),
    upper(ca.valid)
FROM mission m
JOIN party sp ON sp.id = m.sending_party_id
JOIN mission_kind mk ON mk.code = m.kind
LEFT JOIN city c ON c.id = m.city_id
LEFT JOIN LATERAL (
    SELECT k.mission_status AS status, s.title AS source
      FROM status_change sc
      JOIN status_change_kind k ON k.code = sc.kind
      JOIN source s ON s.id = sc.source_id
     WHERE sc.mission_id = m.id AND k.mission_status IS NOT NULL AND sc.occurred_on <= as_of
     ORDER BY sc.occurred_on DESC, sc.id DESC
     LIMIT 1
) st ON true
LEFT JOIN tenure t ON t.mission_id = m.id AND t.valid @> as_of
LEFT JOIN LATERAL (
    SELECT prev.*
      FROM tenure prev
     WHERE prev.mission_id = m.id AND upper(prev.valid) <= as_of
     ORDER BY upper(prev.valid) DESC
     LIMIT 1
) pt ON t.id IS NULL
LEFT JOIN person p ON p.id = t.person_id
LEFT JOIN rank r ON r.code = t.rank_code
LEFT JOIN authority ca ON ca.id = t.credentials_authority_id
LEFT JOIN source ts ON ts.id = t.source_id
LEFT JOIN source pts ON pts.id = pt.source_id
WHERE st.status = 'operating' OR (st.status IS NULL AND t.id IS NOT NULL)
$$;

COMMENT ON FUNCTION reporting.heads_as_of(date) IS 'Who heads each operating mission on a date: one row per mission, head_status named, unnamed (rank known, name not), vacant (no head on record since the last tenure ended) or unknown. Order by precedence_group, COALESCE(functions_since, functions_before) for Vienna Convention precedence.';;

INSERT INTO alembic_version (version_num) VALUES ('0001') RETURNING alembic_version.version_num;

COMMIT;

SELECT pg_advisory_unlock(1919248233);

