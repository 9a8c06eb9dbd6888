"""reporting.evidence_as_of() reads each mission's evidence through index
conditions, one mission at a time

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 13:00:00

Every who-heads, represents, accredited-to and precedence answer calls
evidence_as_of() for the missions it shows. At 100,000 tenures it cost 80-150 ms a
city: called with the ids as a constant array (psycopg's parameters, the function
inlined), the planner, estimating the rows of mission_id = ANY (...) through the
views under reporting.mission_evidence (head_of_mission, mission_status_change),
hashed every status change and every mission. The function now reads the tables
under mission_evidence itself, one mission at a time (a LATERAL subquery with
OFFSET 0, which the planner may not flatten), so each id reaches every branch as an
index condition, and checks each mission's recording once, not per row. Same rows as
0016's function (tests/test_evidence_pushdown.py compares both ways); the view
itself is unchanged.

Locks and duration (docs/operations.md): CREATE OR REPLACE FUNCTION of one function
(same arguments and result type, its grants kept), milliseconds; no table is locked
or rewritten.
"""

from collections.abc import Sequence

from alembic import op

from registry.sql import replaceable

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    replaceable.replace(op, "0017", "reporting.evidence_as_of")


def downgrade() -> None:
    replaceable.replace(op, "0016", "reporting.evidence_as_of")
