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
hashed every status change and every mission. The function now reads
mission_evidence one mission at a time (a LATERAL subquery with OFFSET 0, which the
planner may not flatten), so each id reaches every branch as an index condition; and
mission_evidence reads the heads and changes from their tables (as the view's owner:
an analyst still reads only the views), not through head_of_mission and
mission_status_change, which made it look up each tenure and change a second time
for its source. Same rows as 0016's function and 0014's view
(tests/test_evidence_pushdown.py compares both ways).

Locks and duration (docs/operations.md): CREATE OR REPLACE VIEW and FUNCTION (same
columns, arguments and result type, their grants kept): an ACCESS EXCLUSIVE lock on
the view for an instant, milliseconds; no table is locked or rewritten.
"""

from collections.abc import Sequence

from alembic import op

from registry.sql import replaceable

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    replaceable.replace(op, "0017", "reporting.mission_evidence", "reporting.evidence_as_of")


def downgrade() -> None:
    replaceable.replace(op, "0016", "reporting.evidence_as_of")
    replaceable.replace(op, "0014", "reporting.mission_evidence")
