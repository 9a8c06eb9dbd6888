"""reporting: accreditation view; person, host and kind codes in head_of_mission

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 16:40:00

The reporting schema holds only views and functions (replaceable objects): each
revision drops it and creates it whole from its frozen copy, and downgrade
restores the previous revision's copy. No table or row is touched.
"""

from collections.abc import Sequence

from alembic import context, op

from registry.sql import frozen

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    op.execute(REPORTING_SQL)


def downgrade() -> None:
    previous = context.script.get_revision("0001").module.REPORTING_SQL
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    op.execute(previous)


# The reporting schema as this revision ran it, from the frozen texts
# (migrations/sql/versions/, registry/sql/frozen.py).
REPORTING_SQL = frozen.join(
    "0002",
    "reporting",
    "reporting.mission",
    "reporting.head_of_mission",
    "reporting.accreditation",
    "reporting.mission_status_change",
    "reporting.heads_as_of",
)
