"""heads_timeline_of() computes every mission's rows set-based, with window functions,
instead of index lookups for each stretch of valid time

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 12:40:00

Issue 19: a full rebuild of both timelines ran at 9,300-12,600 rows a second at
100,000 tenures (benchmarks/README.md). heads_timeline_of() found, for each stretch
between two dates of each version, the latest status change, the tenure and the
previous tenure by three index lookups. Now it numbers the tenures and status
changes each version holds (a version's tenures never overlap:
ex_tenure_one_head_at_a_time) and counts, with running sums over the version's
dates, how many of each had begun by each date: the n-th tenure and the n-th status
change are then joined by equality, for all the missions at once. Same rows
(tests/test_set_based_timelines.py compares them with 0014's function).
refresh_heads_timeline() turns nested loops off for the insert when it refreshes more
than 100 missions: the planner cannot estimate how many facts a version holds (a
range containment) and, guessing few, would loop over the intermediate sets; and
sets work_mem to 64MB for it (its sorts and hashes spilled at 4MB: 1.6 s instead of
5.4 s for the 109,453 rows of 100,000 tenures). The rebuild stays far from 100,000
rows a second: writing the rows into heads_timeline's two GiST indexes costs more
than computing them (benchmarks/README.md).

Locks and duration (docs/operations.md): CREATE OR REPLACE FUNCTION of two functions,
milliseconds; no table is locked or rewritten, no row changes (the timelines hold
what the new definition gives).
"""

from collections.abc import Sequence

from alembic import op

from registry.sql import frozen, replaceable

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FUNCTIONS = ("public.heads_timeline_of", "public.refresh_heads_timeline")


def upgrade() -> None:
    replaceable.replace(op, "0015", *FUNCTIONS)


def downgrade() -> None:
    # 0008's texts, as 0014 had them, in place (same arguments, same result type).
    for name in FUNCTIONS:
        text = frozen.text(name, "0014")
        op.execute(text.replace("CREATE FUNCTION ", "CREATE OR REPLACE FUNCTION ", 1))
