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

from registry.sql import frozen

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
VIEWS_SQL = "\n" + frozen.join(
    "0010",
    "reporting.schema_revision",
    "reporting.city",
    "reporting.city_name",
    "reporting.party",
    "reporting.party_name",
    "reporting.person",
    "reporting.person_name",
)
