"""reporting.evidence_as_of is planned with its joins in the order written

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-02 14:10:00

Issues 16 and 19 (the read commands' server time at world scale). Every call of
evidence_as_of was planned afresh: PL/pgSQL's first five plans of a statement are
custom, and each `registry` command is a new session. Searching the join orders of
the views its CTEs read (reporting.mission, mission_seat, mission_evidence) took
about 40 ms of a 55-65 ms call for a city's 128 missions at 100,000 tenures; the
CTEs are materialized and each is already written in a good order. The function now
runs with `SET join_collapse_limit = 1`, planning in about 15 ms, and its
disagreements (`disputed`) start from the few rows that say a mission does not
operate: in the order first written, the plan a session settles on after five calls
compared every one of the day's rows with every other (14 ms for 249 missions).
A command's call 70-92 ms -> 40-55 ms at 100,000 tenures on PostgreSQL 15 and 18; a
pooled session's calls no slower (benchmarks/README.md "Revision 0025").

Where two rows tie for a mission's latest evidence (two sources saying the same of one
date: two complete lists of one day) or for the first start of a later form, 0022 took
either, as the plan gave them (and of two lists of one day leaving a mission out, the
one recorded last): who-heads and represents could show different sources
for one mission, and the join order above changed which. Both choices are now decided:
the source's key first, then the more precise date (docs/evidence.md); and in
reporting.evidence_conflict, whose one row for each pair of sources could show either
precision of a side that gave its date twice. Otherwise the same rows: tests/test_fact_evidence.py, tests/test_seat_evidence.py, and 475 sets of
missions (cities, senders, five dates) of a generated world compared with 0022's.

Locks and duration (docs/operations.md): CREATE OR REPLACE VIEW and FUNCTION (same
columns, arguments and result type, grants kept): milliseconds at any size; no table is
read.
"""

from collections.abc import Sequence

from alembic import op

from registry.sql import replaceable

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


OBJECTS = ("reporting.evidence_conflict", "reporting.evidence_as_of")


def upgrade() -> None:
    replaceable.replace(op, "0025", *OBJECTS)


def downgrade() -> None:
    replaceable.replace(op, "0024", *OBJECTS)
