"""The evidence of every row and complete lists: reporting.mission_evidence,
reporting.complete_list, reporting.evidence_conflict and
reporting.evidence_as_of(date, integer[]); the tables
complete_list and complete_list_mission

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 11:30:00

Issue 20. Every row looked equally true: a 2024 article's fact and a 2022 Wikidata
listing of an embassy closed in 2021. A read command now shows each mission's latest
evidence (its date, source and what it attests), and a source may state that it
names every mission of some kinds in a city as of a date (a complete list): a mission
of that city it leaves out, with no newer evidence of its own, is presumed not
operating from the list's date (docs/evidence.md). Two new tables hold the lists;
four new reporting objects read them. Nothing existing is replaced.

Locks and duration (docs/operations.md): CREATE TABLE and CREATE VIEW take locks on
new objects only, and the foreign keys a SHARE ROW EXCLUSIVE lock on source, city and
mission for the instant it takes to add them to empty tables: milliseconds at any
size, and no row is scanned or rewritten.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from registry.sql import replaceable

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OBJECTS = (
    "reporting.mission_evidence",
    "reporting.complete_list",
    "reporting.evidence_conflict",
    "reporting.evidence_as_of",
)


def upgrade() -> None:
    op.create_table(
        "complete_list",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source that gives the list."
        ),
        sa.Column(
            "city_id", sa.Integer(), nullable=False, comment="The city whose missions it lists."
        ),
        sa.Column(
            "listed_on",
            sa.Date(),
            nullable=False,
            comment="The date the list holds for; its first day when only month or year is known.",
        ),
        sa.Column(
            "listed_precision",
            sa.Text(),
            nullable=False,
            comment="How much of listed_on is known: day, month or year.",
        ),
        sa.Column(
            "kinds",
            postgresql.ARRAY(sa.Text()),
            nullable=True,
            comment="The kinds of mission (mission_kind codes) the list is complete for; "
            "NULL: every kind.",
        ),
        sa.Column("note", sa.Text(), nullable=True, comment="What the source says it lists."),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the registry recorded the list (--as-recorded-on earlier does not "
            "see it).",
        ),
        sa.Column(
            "recorded_by",
            sa.Text(),
            server_default=sa.text("CURRENT_USER"),
            nullable=False,
            comment="The database user who recorded this version.",
        ),
        sa.CheckConstraint(
            "listed_precision IN ('day', 'month', 'year')",
            name=op.f("ck_complete_list_listed_precision_known"),
        ),
        sa.CheckConstraint("char_length(note) <= 4000", name=op.f("ck_complete_list_note_length")),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_complete_list_city_id_city")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_complete_list_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complete_list")),
        sa.UniqueConstraint(
            "source_id", "city_id", "listed_on", name="uq_complete_list_natural_key"
        ),
        comment="A source's statement that it names every mission of some kinds seated in a "
        "city as of a date; its missions are in complete_list_mission.",
    )
    op.create_index(op.f("ix_complete_list_city_id"), "complete_list", ["city_id"])
    op.create_index(op.f("ix_complete_list_source_id"), "complete_list", ["source_id"])
    op.create_table(
        "complete_list_mission",
        sa.Column("complete_list_id", sa.Integer(), nullable=False, comment="The list."),
        sa.Column("mission_id", sa.Integer(), nullable=False, comment="A mission the list names."),
        sa.ForeignKeyConstraint(
            ["complete_list_id"],
            ["complete_list.id"],
            name=op.f("fk_complete_list_mission_complete_list_id_complete_list"),
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_complete_list_mission_mission_id_mission"),
        ),
        sa.PrimaryKeyConstraint(
            "complete_list_id", "mission_id", name=op.f("pk_complete_list_mission")
        ),
        comment="The missions a complete list names (operating on its date).",
    )
    op.create_index(
        op.f("ix_complete_list_mission_mission_id"), "complete_list_mission", ["mission_id"]
    )
    replaceable.replace(op, "0014", *OBJECTS)
    op.execute(
        "GRANT SELECT ON reporting.mission_evidence, reporting.complete_list,"
        " reporting.evidence_conflict"
        " TO registry_analyst, registry_writer"
    )
    op.execute(
        "GRANT EXECUTE ON FUNCTION reporting.evidence_as_of(date, integer[])"
        " TO registry_analyst, registry_writer"
    )


def downgrade() -> None:
    op.execute("DROP FUNCTION reporting.evidence_as_of(date, integer[]) RESTRICT")
    op.execute("DROP VIEW reporting.evidence_conflict RESTRICT")
    op.execute("DROP VIEW reporting.complete_list RESTRICT")
    op.execute("DROP VIEW reporting.mission_evidence RESTRICT")
    op.drop_table("complete_list_mission")
    op.drop_table("complete_list")
