"""index accreditation.mission_id; reporting.mission_status_change as two branches

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 15:00:00

Found by benchmarks/run.py at 1,000,000 tenures (before and after in
benchmarks/README.md):

- accreditation had no index usable by the views' accredited_to lookups: the only
  one with mission_id first is partial (current versions), which a filter on
  ``recorded @> reporting.as_recorded()`` cannot use, so every mission shown cost a
  sequential scan of accreditation. ix_accreditation_mission_id fixes it.
- reporting.mission_status_change derived mission_id as COALESCE over an outer
  join of tenure, which no index serves; it becomes two UNION ALL branches (changes
  of a mission, changes of a head) with the same columns and rows.

Locks: CREATE INDEX takes SHARE on accreditation (writes wait, reads go on) for the
build; the reporting schema is dropped and recreated from the frozen copy below.
"""

from collections.abc import Sequence

from alembic import context, op

from registry.sql import frozen

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQUAWK_ACCEPTED = {
    "require-concurrent-index-creation": "CONCURRENTLY cannot run inside the revision's "
    "transaction; the build blocks writes to accreditation only, for seconds at 1M tenures",
}


def upgrade() -> None:
    op.create_index(op.f("ix_accreditation_mission_id"), "accreditation", ["mission_id"])
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    op.execute(REPORTING_SQL)


def downgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    op.drop_index(op.f("ix_accreditation_mission_id"), table_name="accreditation")
    op.execute(context.script.get_revision("0005").module.REPORTING_SQL)


# The reporting schema as this revision ran it, from the frozen texts
# (migrations/sql/versions/, registry/sql/frozen.py).
REPORTING_SQL = frozen.join(
    "0006",
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
