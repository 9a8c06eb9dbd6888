"""the refresh functions compare the held rows with the fresh ones in one join

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-03 12:00:00

Issue 19 (a full rebuild of the timelines at 100,000 rows a second). Each of
refresh_heads_timeline, refresh_mission_timeline and refresh_fact_evidence found the
changed, the stale and the new rows with three joins of its fresh rows with the held
ones: the held rows were read three times and each fresh row looked up twice. They now
find all three with one full join, and find a held row to update or delete again by
its ctid (the lock each takes on the missions keeps it there: only a refresh writes
these rows). For missions with no rows yet (a first import, a rebuild from empty) they
insert without comparing. The same rows as before; at 100,000 tenures a rebuild in
place 8.6 -> 5.9 s, from empty 7.0 -> 6.2 s (benchmarks/README.md "Revision 0027").

Locks and duration (docs/operations.md): CREATE OR REPLACE FUNCTION (same arguments and
result type, grants kept): milliseconds at any size; no table is read.
"""

from collections.abc import Sequence

from alembic import op

from registry.sql import replaceable

revision: str = "0027"
down_revision: str | None = "0026"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OBJECTS = (
    "public.refresh_heads_timeline",
    "public.refresh_mission_timeline",
    "public.refresh_fact_evidence",
)


def upgrade() -> None:
    replaceable.replace(op, "0027", *OBJECTS)


def downgrade() -> None:
    replaceable.replace(op, "0026", *OBJECTS)
