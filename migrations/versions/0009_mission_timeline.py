"""The mission timeline: every tenure and status change of a mission, with the names
history shows, precomputed, so `registry history` reads one index at world scale

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 15:00:00

benchmarks/README.md: at 1,000,000 tenures `registry history` spent 3.4 ms of server
time in seven statements, 2.8 ms of it reading a mission's tenures and status
changes through reporting.head_of_mission and mission_status_change: for each of
~80 tenures an index probe into mission, person and status_change, and the same
tenures scanned twice. mission_timeline holds those rows, one per version of each
tenure and status change with the recorded time over which the views show it,
derived by mission_timeline_of() and kept by the triggers of revision 0008, which
now refresh both timelines (and also follow a head's status changes, their actors
and their kinds' labels). reporting.mission_timeline reads it. Also: the views'
accredited_to looks each party's name up instead of hashing every party.

Locks and duration (docs/operations.md): the revision first takes the SHARE ROW
EXCLUSIVE locks 0008's CREATE TRIGGER took on the fact and vocabulary tables, so no
write runs the old trigger body meanwhile, then computes every mission's timeline
(59 s at 1,000,000 tenures: benchmarks/README.md); writes wait, reads do not.
"""

from collections.abc import Sequence

from alembic import context, op

from registry.sql import frozen

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Writers wait before they write, not in 0008's trigger body: a write made during
    # the backfill would otherwise go on, after it, to refresh the heads timeline only.
    op.execute(
        "LOCK TABLE tenure, status_change, accreditation, mission, party, city, person, rank,"
        " authority, mission_kind, source, status_change_kind IN SHARE ROW EXCLUSIVE MODE"
    )
    op.execute(TIMELINE_SQL)
    op.execute(TRIGGER_FUNCTIONS_SQL)
    # Every mission's timeline in one statement: a minute at world scale, past
    # env.py's statement timeout (meant for DDL); lock_timeout still applies.
    op.execute("SET LOCAL statement_timeout = 0")
    op.execute("SELECT refresh_mission_timeline(ARRAY(SELECT id FROM mission))")
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    op.execute(REPORTING_SQL)


def downgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    previous = context.script.get_revision("0008").module
    # 0008's trigger functions back, as 0008 wrote them, and 0008's comments.
    for name in ("heads_timeline_stale", "heads_timeline_refresh_queued"):
        body = frozen.text(f"public.{name}", "0008")
        op.execute(body.replace("\nCREATE FUNCTION", "\nCREATE OR REPLACE FUNCTION", 1))
    op.execute(frozen.text("public._comments", "0008"))
    op.execute("DROP FUNCTION refresh_timelines(integer[])")
    op.execute("DROP FUNCTION refresh_mission_timeline(integer[])")
    op.execute("DROP FUNCTION mission_timeline_of(integer[])")
    op.execute("DROP TABLE mission_timeline")
    op.execute(previous.REPORTING_SQL)


TIMELINE_SQL = "\n" + frozen.join(
    "0009",
    "public.mission_timeline",
    "public.mission_timeline_of",
    "public.refresh_mission_timeline",
    "public.refresh_timelines",
    "public._comments",
)

# Revision 0008's trigger functions, now refreshing both timelines, and following
# what only the mission timeline shows: a head's status changes (they name a tenure,
# not a mission), who acted in a status change, and a kind's label.
TRIGGER_FUNCTIONS_SQL = "\n" + frozen.join(
    "0009",
    "public.heads_timeline_stale",
    "public.heads_timeline_refresh_queued",
)


# The reporting schema as this revision ran it, from the frozen texts
# (migrations/sql/versions/, registry/sql/frozen.py).
REPORTING_SQL = frozen.join(
    "0009",
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
    "reporting.heads_timeline",
    "reporting.mission_timeline",
    "reporting.heads_as_of",
    "reporting._grants",
)
