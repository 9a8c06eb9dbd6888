"""A mission that moves: the table mission_seat (dated seats), reporting.mission_seat,
and the heads timeline split at each seat's dates

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-01 14:30:00

Issue 21 item 5. A mission had one seat, mission.city_id, so the US embassy to Germany
was in Berlin on every date or in Bonn on every date. mission_seat holds its seats over
dated periods (valid, with the precision of each bound, a source, recorded time, append-
only like tenure: keep_history), one at a time in what the registry held at any moment
(an exclusion constraint). Where no seat row covers a date the mission stays at
mission.city_id, so a mission with none answers as before. heads_timeline_of() splits a
mission's rows at its seats' dates and gives each row the seat of its dates;
heads_timeline_stale() follows mission_seat like the other facts (its triggers, the bulk
writer's queue at commit, a renamed seat city). No seat is on record yet, so no
timeline row changes and none is recomputed.

Locks and duration (docs/operations.md): CREATE TABLE, its indexes and triggers lock
only the new table; its foreign keys take a SHARE ROW EXCLUSIVE lock on mission, city
and source for an instant (writes wait, reads do not). CREATE OR REPLACE FUNCTION (same
arguments and result type, grants kept) and CREATE VIEW lock the objects themselves.
Milliseconds at any size; no row of an existing table is read or rewritten.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from registry.sql import replaceable

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRECISIONS = "('day', 'month', 'year')"


def upgrade() -> None:
    op.create_table(
        "mission_seat",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("mission_id", sa.Integer(), nullable=False, comment="The mission seated."),
        sa.Column(
            "city_id",
            sa.Integer(),
            nullable=False,
            comment="Its seat over the period. Not necessarily a city of "
            "mission.host_party_id: the US embassy to the Republic of China moved with its "
            "government to Taipei.",
        ),
        sa.Column(
            "valid",
            postgresql.DATERANGE(),
            nullable=False,
            comment="The period at this seat, [from, until). An open lower bound: since the "
            "mission opened, as far as the registry knows; an open upper bound: no move on "
            "record after it.",
        ),
        sa.Column(
            "start_precision",
            sa.Text(),
            nullable=True,
            comment="Precision of lower(valid): day, month or year; NULL when unbounded.",
        ),
        sa.Column(
            "end_precision",
            sa.Text(),
            nullable=True,
            comment="Precision of upper(valid): day, month or year; NULL while open-ended.",
        ),
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
            comment="Recorded time, [when this version was recorded, when it was superseded "
            "or retracted): the registry's own history, kept apart from valid time. Open "
            "while current.",
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
        sa.CheckConstraint("NOT isempty(valid)", name=op.f("ck_mission_seat_valid_not_empty")),
        sa.CheckConstraint(
            f"start_precision IN {PRECISIONS} AND NOT lower_inf(valid) "
            "OR start_precision IS NULL AND lower_inf(valid)",
            name=op.f("ck_mission_seat_start_precision_iff_started"),
        ),
        sa.CheckConstraint(
            f"end_precision IN {PRECISIONS} AND NOT upper_inf(valid) "
            "OR end_precision IS NULL AND upper_inf(valid)",
            name=op.f("ck_mission_seat_end_precision_iff_ended"),
        ),
        sa.CheckConstraint(
            "NOT lower_inf(recorded)", name=op.f("ck_mission_seat_recorded_has_lower_bound")
        ),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_mission_seat_city_id_city")
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_mission_seat_mission_id_mission"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_mission_seat_source_id_source")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"],
            ["mission_seat.id"],
            name=op.f("fk_mission_seat_supersedes_id_mission_seat"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission_seat")),
        postgresql.ExcludeConstraint(
            (sa.column("mission_id"), "="),
            (sa.column("valid"), "&&"),
            (sa.column("recorded"), "&&"),
            using="gist",
            name="ex_mission_seat_one_seat_at_a_time",
        ),
        comment="Where a mission sat over a period (valid time), as recorded over a period "
        "(recorded time): the US embassy to Germany in Bonn until 1999, then in Berlin. "
        "Where no row covers a date the mission is at mission.city_id. The exclusion "
        "constraint forbids two seats of one mission at once in what the registry held at "
        "any moment. Append-only, like tenure.",
    )
    op.create_index(op.f("ix_mission_seat_city_id"), "mission_seat", ["city_id"])
    op.create_index(op.f("ix_mission_seat_source_id"), "mission_seat", ["source_id"])
    op.create_index(op.f("ix_mission_seat_supersedes_id"), "mission_seat", ["supersedes_id"])
    op.execute(
        "CREATE TRIGGER mission_seat_keep_history BEFORE UPDATE OR DELETE ON mission_seat "
        "FOR EACH ROW EXECUTE FUNCTION public.keep_history()"
    )
    replaceable.replace(op, "0019", "public.heads_timeline_of", "public.heads_timeline_stale")
    for event, transition in _TRIGGERS:
        name = f"mission_seat_heads_timeline_{event.lower()}"
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON mission_seat REFERENCING {transition}"
            " FOR EACH STATEMENT EXECUTE FUNCTION heads_timeline_stale()"
        )
        op.execute(
            f"COMMENT ON TRIGGER {name} ON mission_seat IS 'Keeps heads_timeline: refreshes"
            " the missions this statement may have changed.'"
        )
    replaceable.replace(op, "0019", "reporting.mission_seat")
    op.execute("GRANT SELECT ON reporting.mission_seat TO registry_analyst, registry_writer")


def downgrade() -> None:
    op.execute("DROP VIEW reporting.mission_seat RESTRICT")
    for event, _ in _TRIGGERS:
        op.execute(f"DROP TRIGGER mission_seat_heads_timeline_{event.lower()} ON mission_seat")
    replaceable.replace(op, "0015", "public.heads_timeline_of")
    replaceable.replace(op, "0013", "public.heads_timeline_stale")
    op.execute("DROP TRIGGER mission_seat_keep_history ON mission_seat")
    op.drop_table("mission_seat")


# As revision 0008's triggers on the other facts: `changed` holds the rows a statement
# wrote (or, for a legal erasure, deleted).
_TRIGGERS = (
    ("INSERT", "NEW TABLE AS changed"),
    ("UPDATE", "NEW TABLE AS changed"),
    ("DELETE", "OLD TABLE AS changed"),
)
