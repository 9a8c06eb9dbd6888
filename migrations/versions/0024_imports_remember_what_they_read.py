"""imports remember what they read: an unchanged re-import has nothing to write

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 03:10:00

Issue 19 (re-importing the unchanged pocom within 3x of parsing its XML files). A
re-import of the same files read, mapped and compared every row to find nothing to
write: 1.2 s for the pocom sample against 0.16 s for ElementTree's parse alone.

- The sequence write_mark, advanced by every statement that writes to a fact or
  reference table: the statement trigger <table>_note_write (function
  public.note_write) on each of them, after INSERT, UPDATE, DELETE or TRUNCATE.
- The table import_run: each committed `registry import`, with the fingerprint of
  what it read (its files, the registry's code and reference data, its options),
  write_mark's value at its commit and its report. An import whose fingerprint
  matches the latest run's, with write_mark where that run left it, reports that run
  without reading the files (registry/bundle/runs.py).

Locks and duration (docs/operations.md): CREATE TRIGGER takes a SHARE ROW EXCLUSIVE
lock on each table (writers wait, readers go on) until the revision commits,
milliseconds; no table is rewritten or scanned.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from registry.sql import replaceable

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table an import reads or writes, as at this revision; the derived tables
# (heads_timeline, mission_timeline, fact_evidence and the queue) follow from them.
WRITTEN_TABLES = (
    "accreditation",
    "authority",
    "city",
    "city_alias",
    "complete_list",
    "complete_list_mission",
    "external_id",
    "mission",
    "mission_jurisdiction",
    "mission_kind",
    "mission_seat",
    "mission_source",
    "party",
    "party_alias",
    "party_succession",
    "person",
    "person_alias",
    "post_form",
    "rank",
    "relation_event",
    "relation_event_kind",
    "source",
    "status_change",
    "status_change_kind",
    "subdivision",
    "tenure",
)


def upgrade() -> None:
    op.execute("CREATE SEQUENCE write_mark AS bigint")
    op.execute(
        "COMMENT ON SEQUENCE write_mark IS 'Advanced by every statement that writes to a fact"
        " or reference table (trigger function note_write): an import keeps its value at"
        " commit in import_run.write_mark, and a later one finding it unchanged knows nothing"
        " was written since.'"
    )
    op.execute("GRANT USAGE, SELECT ON SEQUENCE write_mark TO registry_writer")
    replaceable.replace(op, "0024", "public.note_write")
    for table in WRITTEN_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_note_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
            f" ON {table} FOR EACH STATEMENT EXECUTE FUNCTION public.note_write()"
        )
        op.execute(
            f"COMMENT ON TRIGGER {table}_note_write ON {table} IS 'Advances write_mark: an"
            " import of unchanged files is told whether anything was written since.'"
        )
    op.create_table(
        "import_run",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "dataset",
            sa.Text(),
            nullable=False,
            comment="The importer: bundle, pocom, rdcr or wikidata-embassies.",
        ),
        sa.Column(
            "input",
            sa.Text(),
            nullable=False,
            comment="The file or directory imported, as the command was given it.",
        ),
        sa.Column(
            "fingerprint",
            sa.Text(),
            nullable=False,
            comment="SHA-256 (hex) of every file read (path and bytes), the registry's own "
            "code and reference data, and the options that change what is written.",
        ),
        sa.Column(
            "write_mark",
            sa.BigInteger(),
            nullable=True,
            comment="write_mark's value at the import's commit; NULL when another writer was "
            "at work during the import (what it wrote may not be in this import's view).",
        ),
        sa.Column(
            "counts",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment="Per table, the rows inserted, superseded and found unchanged: "
            '{"tenure": [inserted, superseded, unchanged], ...}.',
        ),
        sa.Column(
            "problems",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment="Every unmapped value and notice the import reported, each as "
            "[file, line, field, value, message, severity].",
        ),
        sa.Column(
            "imported_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the import's transaction began (its commit followed).",
        ),
        sa.Column(
            "imported_by",
            sa.Text(),
            server_default=sa.text("CURRENT_USER"),
            nullable=False,
            comment="The database user who ran the import.",
        ),
        sa.CheckConstraint(
            "dataset ~ '^[a-z][a-z-]{0,39}$'", name=op.f("ck_import_run_dataset_named")
        ),
        sa.CheckConstraint(
            "fingerprint ~ '^[0-9a-f]{64}$'", name=op.f("ck_import_run_fingerprint_sha256")
        ),
        sa.CheckConstraint("char_length(input) <= 4000", name=op.f("ck_import_run_input_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_run")),
        comment="One committed import (registry import ...): the dataset, what it read (a "
        "fingerprint of the files, the importer and its options), the write mark at its "
        "commit, and its report. Written by the importer in the import's own transaction; "
        "read to tell an unchanged re-import that it has nothing to write.",
    )
    op.create_index(
        op.f("ix_import_run_dataset_fingerprint"), "import_run", ["dataset", "fingerprint"]
    )
    # An import adds its run; none changes or removes one (revision 0003's default
    # privileges would give the writer UPDATE too).
    op.execute("REVOKE ALL ON import_run FROM registry_writer")
    op.execute("GRANT SELECT, INSERT ON import_run TO registry_writer")
    op.execute("GRANT USAGE ON SEQUENCE import_run_id_seq TO registry_writer")


def downgrade() -> None:
    op.drop_table("import_run")
    for table in WRITTEN_TABLES:
        op.execute(f"DROP TRIGGER {table}_note_write ON {table}")
    op.execute("DROP FUNCTION public.note_write()")
    op.execute("DROP SEQUENCE write_mark")
