"""reporting.heads_as_of at world scale: returns host, looks up the previous head only
when nobody heads the mission, and the latest mission status without the heads' branch

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 18:00:00

From benchmarks/run.py at 1,000,000 tenures (benchmarks/README.md): the CLI joined
heads_as_of to reporting.mission only for the host's name, which made the planner
read the whole view; heads_as_of now returns ``host`` (at the end). Its previous-head
lateral ran for every mission although only vacant ones use it; its status lateral
read the heads' branch of mission_status_change although it wants mission changes.
Same rows and columns otherwise. Replaces the reporting schema only: no table is
touched, no lock beyond the schema's objects.
"""

from collections.abc import Sequence

from alembic import context, op

from registry.sql import frozen

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    op.execute(REPORTING_SQL)


def downgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    op.execute(context.script.get_revision("0006").module.REPORTING_SQL)


# The reporting schema as this revision ran it, from the frozen texts
# (migrations/sql/versions/, registry/sql/frozen.py).
REPORTING_SQL = frozen.join(
    "0007",
    "reporting",
    "reporting.as_recorded",
    "reporting.mission",
    "reporting.head_of_mission",
    "reporting.accreditation",
    "reporting.mission_status_change",
    "reporting.mission_current_status",
    "reporting.recognition_act",
    "reporting.tenure_version",
    "reporting.external_identifier",
    "reporting.heads_as_of",
    "reporting._grants",
)
