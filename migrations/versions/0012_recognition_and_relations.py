"""Recognition and relations between parties: relation_event and its vocabulary,
reporting.relation_event, and the mission changes the rdcr guide records

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 11:00:00

Issue 21 (items 4 and 6). "The United States recognised Afghanistan on 1921-07-26",
"diplomatic relations severed": acts between two parties, dated and sourced, which
no mission carries. relation_event holds them (append-only like status_change, with
the keep_history trigger); a recognition of one of a state's authorities names it
(counterpart_authority_id), so the authorities of revision 0001 are one case of it.
relation_event_kind is its vocabulary. status_change_kind gains what the Office of
the Historian's guide says of missions: reopened, raised (a legation raised to an
embassy: the legation ends) and moved (a seat moved: the mission at the old seat
ends). reporting.relation_event is the analysts' view of the acts.

Locks and duration: two new empty tables and one new view; the three INSERTs into
status_change_kind take a ROW EXCLUSIVE lock on that small vocabulary table, so the
revision is instant and blocks nobody.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from registry.sql import replaceable
from registry.vocabulary import migrate

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (code, label, category) as of this revision (registry/models/relations.py).
RELATION_EVENT_KINDS = [
    ("recognised", "recognised", "recognition"),
    ("recognition-withdrawn", "withdrew recognition", "recognition"),
    ("relations-established", "diplomatic relations established", "relations"),
    ("consular-relations-established", "consular relations established", "relations"),
    ("relations-severed", "diplomatic relations severed", "relations"),
    ("relations-suspended", "diplomatic relations suspended or interrupted", "relations"),
    ("relations-resumed", "diplomatic relations resumed", "relations"),
]


def upgrade() -> None:
    op.create_table(
        "relation_event_kind",
        sa.Column("code", sa.Text(), nullable=False, comment="Stable code."),
        sa.Column("label", sa.Text(), nullable=False, comment="Human-readable description."),
        sa.Column(
            "category",
            sa.Text(),
            nullable=False,
            comment="recognition (of a state or an authority) or relations (between states).",
        ),
        sa.CheckConstraint(
            "category IN ('recognition', 'relations')",
            name=op.f("ck_relation_event_kind_category_known"),
        ),
        sa.CheckConstraint(
            "char_length(code) <= 200", name=op.f("ck_relation_event_kind_code_length")
        ),
        sa.CheckConstraint(
            "char_length(label) <= 300", name=op.f("ck_relation_event_kind_label_length")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_relation_event_kind")),
        comment="Vocabulary: kinds of act between two parties (recognition, relations).",
    )
    op.create_table(
        "relation_event",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "kind", sa.Text(), nullable=False, comment="What happened (see relation_event_kind)."
        ),
        sa.Column(
            "occurred_on",
            sa.Date(),
            nullable=False,
            comment="When; its first day when only the month or year is known.",
        ),
        sa.Column(
            "occurred_precision",
            sa.Text(),
            nullable=False,
            comment="Precision of occurred_on: day, month or year.",
        ),
        sa.Column(
            "party_id",
            sa.Integer(),
            nullable=False,
            comment="The party that acted (recognised), or the first of the pair (relations).",
        ),
        sa.Column(
            "counterpart_id",
            sa.Integer(),
            nullable=False,
            comment="The party recognised, or the other of the pair (relations).",
        ),
        sa.Column(
            "counterpart_authority_id",
            sa.Integer(),
            nullable=True,
            comment="The counterpart's authority recognised, when the act names one.",
        ),
        sa.Column(
            "person_id",
            sa.Integer(),
            nullable=True,
            comment="Who carried the act out, if the source names them (presented credentials).",
        ),
        sa.Column("note", sa.Text(), nullable=True, comment="Detail as the source gives it."),
        sa.Column(
            "source_id",
            sa.Integer(),
            nullable=False,
            comment="The source this fact is cited from.",
        ),
        sa.Column(
            "recorded",
            postgresql.TSTZRANGE(),
            server_default=sa.text("tstzrange(now(), NULL)"),
            nullable=False,
            comment="Recorded time, [when this version was recorded, when it was superseded or "
            "retracted): the registry's own history, kept apart from valid time. Open while "
            "current.",
        ),
        sa.Column(
            "recorded_by",
            sa.Text(),
            server_default=sa.text("CURRENT_USER"),
            nullable=False,
            comment="The database user who recorded this version.",
        ),
        sa.Column(
            "supersedes_id",
            sa.Integer(),
            nullable=True,
            comment="The version this row corrects, when it is a correction; NULL for a first "
            "record.",
        ),
        sa.CheckConstraint(
            "NOT lower_inf(recorded)", name=op.f("ck_relation_event_recorded_has_lower_bound")
        ),
        sa.CheckConstraint("char_length(note) <= 4000", name=op.f("ck_relation_event_note_length")),
        sa.CheckConstraint(
            "occurred_precision IN ('day', 'month', 'year')",
            name=op.f("ck_relation_event_occurred_precision_known"),
        ),
        sa.CheckConstraint(
            "party_id <> counterpart_id", name=op.f("ck_relation_event_two_parties")
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_authority_id"],
            ["authority.id"],
            name=op.f("fk_relation_event_counterpart_authority_id_authority"),
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_id"], ["party.id"], name=op.f("fk_relation_event_counterpart_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["kind"],
            ["relation_event_kind.code"],
            name=op.f("fk_relation_event_kind_relation_event_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_relation_event_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_relation_event_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_relation_event_source_id_source")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["relation_event.id"],
            name=op.f("fk_relation_event_supersedes_id_relation_event"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relation_event")),
        comment="A dated act of one party towards another: recognition of a state or of "
        "one of its authorities, diplomatic relations established, severed, suspended or "
        "resumed. Append-only, like status_change.",
    )
    op.create_index(
        op.f("ix_relation_event_counterpart_authority_id"),
        "relation_event",
        ["counterpart_authority_id"],
    )
    op.create_index(
        "ix_relation_event_counterpart_id_party_id",
        "relation_event",
        ["counterpart_id", "party_id"],
    )
    op.create_index(op.f("ix_relation_event_person_id"), "relation_event", ["person_id"])
    op.create_index(op.f("ix_relation_event_source_id"), "relation_event", ["source_id"])
    op.create_index(op.f("ix_relation_event_supersedes_id"), "relation_event", ["supersedes_id"])
    op.create_index(
        "uq_relation_event_current",
        "relation_event",
        ["kind", "party_id", "counterpart_id", "occurred_on"],
        unique=True,
        postgresql_where=sa.text("upper_inf(recorded)"),
    )
    op.bulk_insert(
        sa.table(
            "relation_event_kind", sa.column("code"), sa.column("label"), sa.column("category")
        ),
        [dict(zip(("code", "label", "category"), r, strict=True)) for r in RELATION_EVENT_KINDS],
    )
    # status_change_kind gains reopened, raised and moved (migrations/vocabulary/0012/).
    migrate(op, "0011", "0012")
    op.execute(
        "CREATE TRIGGER relation_event_keep_history BEFORE UPDATE OR DELETE ON relation_event "
        "FOR EACH ROW EXECUTE FUNCTION public.keep_history()"
    )
    replaceable.replace(op, "0012", "reporting.relation_event")
    op.execute("GRANT SELECT ON reporting.relation_event TO registry_analyst, registry_writer")


def downgrade() -> None:
    op.execute("DROP VIEW reporting.relation_event")
    op.execute("DROP TRIGGER relation_event_keep_history ON relation_event")
    # Refused (a foreign key) while a status change of these kinds is on record.
    migrate(op, "0012", "0011")
    op.drop_table("relation_event")
    op.drop_table("relation_event_kind")
