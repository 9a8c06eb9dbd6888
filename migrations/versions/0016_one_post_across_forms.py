"""One post across forms: the vocabulary table post_form and
reporting.post_form; reporting.evidence_as_of presumes a form of a post ended
when another form of it starts later

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-01 12:40:00

Issue 20 item 3. A sending party's representation in a city is one post whose form
changes (legation -> embassy; embassy -> closed -> liaison office -> embassy, the US
in Kabul 1989-2002; embassy -> technical team, India in Kabul). The registry held
each form as its own mission, and nothing ended a liaison office when the embassy
re-opened: who-heads showed a US liaison office in Kabul today. The kinds that are
forms of one post are data (post_form, from registry/data/vocabulary/post_forms.csv);
evidence_as_of gains three columns (succeeded_on, succeeded_precision, succeeded_by):
a form is presumed ended from the first later start of another form of its post, for
every writer (seed files, bundles, `registry record`), as a complete list presumes a
mission not operating (docs/forms.md). The function's result type changes, so it is
dropped and created again (nothing in the database depends on it).

Locks and duration (docs/operations.md): CREATE TABLE and CREATE VIEW take locks on
new objects only; the foreign key a SHARE ROW EXCLUSIVE lock on mission_kind (a few
rows) for an instant; nine rows are inserted. DROP and CREATE FUNCTION lock only the
function. Milliseconds at any size; no row of a fact table is read or rewritten.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from registry import vocabulary
from registry.sql import replaceable

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQUAWK_ACCEPTED = {
    "ban-drop-function": "reporting.evidence_as_of gains three result columns, which CREATE "
    "OR REPLACE cannot do: registry.sql.replaceable drops it RESTRICT (an object someone "
    "else built on it fails the upgrade first, with a message) and creates it again with "
    "its grants in the same transaction",
}


def upgrade() -> None:
    op.create_table(
        "post_form",
        sa.Column("code", sa.Text(), nullable=False, comment="A kind of mission."),
        sa.Column(
            "post", sa.Text(), nullable=False, comment="The post it is a form of (diplomatic)."
        ),
        sa.ForeignKeyConstraint(
            ["code"], ["mission_kind.code"], name=op.f("fk_post_form_code_mission_kind")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_post_form")),
        comment="Vocabulary: the kinds of mission that are forms of one post (a sender's "
        "missions of these kinds in one city are one post; docs/forms.md).",
    )
    vocabulary.migrate(op, "0012", "0016")
    op.execute("DROP FUNCTION reporting.evidence_as_of(date, integer[]) RESTRICT")
    replaceable.replace(op, "0016", "reporting.post_form", "reporting.evidence_as_of")
    op.execute("GRANT SELECT ON reporting.post_form TO registry_analyst, registry_writer")
    op.execute(
        "GRANT EXECUTE ON FUNCTION reporting.evidence_as_of(date, integer[])"
        " TO registry_analyst, registry_writer"
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION reporting.evidence_as_of(date, integer[]) RESTRICT")
    replaceable.replace(op, "0014", "reporting.evidence_as_of")
    op.execute(
        "GRANT EXECUTE ON FUNCTION reporting.evidence_as_of(date, integer[])"
        " TO registry_analyst, registry_writer"
    )
    op.execute("DROP VIEW reporting.post_form RESTRICT")
    op.drop_table("post_form")
