"""Every read command as an analyst: the reporting views the lookups need and the
schema's revision; no base table, no alembic_version and no temporary tables for
analysts; the longest text each column may hold, as CHECK constraints

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25 10:00:00

Issue 15. `registry who-heads`, `history`, `person` ... looked cities, parties and
people up in the base tables and checked the revision in public.alembic_version,
so as a member of registry_analyst they failed (permission denied for table city).
This revision adds the views those lookups read, reporting.city, city_name, party,
party_name, person and person_name, and reporting.schema_revision, the revision
through a view (which runs with its owner's rights, like the others): analysts then
need neither alembic_version, whose SELECT they lose, nor TEMP, which PostgreSQL
gives PUBLIC on every database and which this revision revokes from PUBLIC here;
registry_writer and registry_owner keep it (the bulk path stages rows in TEMP
tables). Every text column that people or files fill gets a CHECK of its longest
length (registry/limits.py: NAME 300, KEY 200, TITLE 600, TEXT 4000; the numbers
are written here, a revision being frozen text), named ck_<table>_<column>_length.

Issue 16: from this revision on, a revision adds or replaces only what it changes
in the reporting schema (no DROP SCHEMA reporting CASCADE); registry/views/reporting.sql
stays the whole current text, which tests/test_migrations.py compares with the
migrated database's catalog.

Locks and duration (docs/operations.md): ADD CONSTRAINT takes an ACCESS EXCLUSIVE
lock on each of the 15 tables until the revision commits, and VALIDATE scans each
table once a constraint, so reads and writes of those tables wait for the scans
(a few seconds at 1,000,000 tenures, milliseconds for the seeds). A row already
longer than its limit fails the revision, which rolls back whole: shorten the row
(docs/operations.md says how to find it) and run it again.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQUAWK_ACCEPTED = {
    "constraint-missing-not-valid": "each constraint is validated in the revision's own "
    "transaction, so a row over a limit rolls the whole revision back, to be run again "
    "once the row is fixed; validated in a later transaction, the views and privileges "
    "would be committed without the revision recorded. The scans are short (seconds at "
    "1M tenures) and docs/operations.md says reads wait for them",
}

NAME, KEY, TITLE, TEXT = 300, 200, 600, 4000  # registry/limits.py as of this revision

# (table, column, longest length). city.key and person.key are slugs of names
# (the loader and `registry record` derive them), so as long as a name; search
# keys are names folded (registry.names.fold, which keeps to NAME).
LENGTHS = [
    ("source", "key", KEY),
    ("source", "title", TITLE),
    ("source", "publisher", TITLE),
    ("source", "url", TEXT),
    ("source", "note", TEXT),
    ("party", "code", KEY),
    ("party", "name", NAME),
    ("party", "iso_alpha3", KEY),
    ("party_alias", "alias", NAME),
    ("party_alias", "search_key", NAME),
    ("authority", "key", KEY),
    ("authority", "name", NAME),
    ("city", "key", NAME),
    ("city", "name", NAME),
    ("city", "search_key", NAME),
    ("city_alias", "alias", NAME),
    ("city_alias", "search_key", NAME),
    ("mission_kind", "code", KEY),
    ("mission_kind", "label", NAME),
    ("mission_kind", "description", TEXT),
    ("rank", "code", KEY),
    ("rank", "title", NAME),
    ("status_change_kind", "code", KEY),
    ("status_change_kind", "label", NAME),
    ("mission_source", "listed_as", TEXT),
    ("external_id", "scheme", KEY),
    ("external_id", "value", KEY),
    ("person", "key", NAME),
    ("person", "name", NAME),
    ("person", "search_key", NAME),
    ("person", "description", TEXT),
    ("person_alias", "alias", NAME),
    ("person_alias", "search_key", NAME),
    ("tenure", "note", TEXT),
    ("status_change", "note", TEXT),
]

NEW_VIEWS = [
    "schema_revision",
    "city",
    "city_name",
    "party",
    "party_name",
    "person",
    "person_name",
]

# TEMP is a privilege on the database, whatever its name: given to PUBLIC by
# CREATE DATABASE. The writer's bulk path stages rows in TEMP tables (registry/bulk.py).
_TEMP = """DO $$
BEGIN
    EXECUTE format('{statement}', current_database());
END
$$"""


def upgrade() -> None:
    op.execute(VIEWS_SQL)
    op.execute(
        "GRANT SELECT ON "
        + ", ".join(f"reporting.{view}" for view in NEW_VIEWS)
        + " TO registry_analyst, registry_writer"
    )
    # Analysts read the revision through reporting.schema_revision.
    op.execute("REVOKE SELECT ON public.alembic_version FROM registry_analyst")
    op.execute(_TEMP.format(statement="REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC"))
    op.execute(
        _TEMP.format(statement="GRANT TEMPORARY ON DATABASE %I TO registry_owner, registry_writer")
    )
    for table, column, limit in LENGTHS:
        op.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{column}_length"
            f" CHECK (char_length({column}) <= {limit}) NOT VALID"
        )
    for table, column, _ in LENGTHS:
        op.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT ck_{table}_{column}_length")


def downgrade() -> None:
    for table, column, _ in reversed(LENGTHS):
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT ck_{table}_{column}_length")
    op.execute(
        _TEMP.format(
            statement="REVOKE TEMPORARY ON DATABASE %I FROM registry_owner, registry_writer"
        )
    )
    op.execute(_TEMP.format(statement="GRANT TEMPORARY ON DATABASE %I TO PUBLIC"))
    op.execute("GRANT SELECT ON public.alembic_version TO registry_analyst")
    for view in reversed(NEW_VIEWS):
        op.execute(f"DROP VIEW reporting.{view}")


# The views this revision adds, as registry/views/reporting.sql has them.
VIEWS_SQL = r"""
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
COMMENT ON COLUMN reporting.person_name.is_alias IS 'False for the name, true for another spelling.';
"""
