"""The heads timeline: who heads each mission, precomputed for every date and
recorded instant, so who-heads and represents read one index at world scale

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 12:00:00

benchmarks/README.md: at 1,000,000 tenures reporting.heads_as_of computed each
mission's answer from the views (status lateral, tenure, previous tenure,
accreditations), about 0.1 ms a mission plus 25 ms of planning: 39 ms for the
busiest city, 86 ms for the biggest sender. The answer changes only on the dates a
tenure starts or ends or the mission's status changes, and only when the registry
records something; heads_timeline holds it over those stretches, derived from the
facts by heads_timeline_of() and kept by statement-level triggers on every table
it reads (refreshing the missions a statement touched, or once at commit when the
transaction sets registry.heads_timeline = 'at commit', as the bulk loader does).
reporting.heads_as_of now reads it; same columns, same rows. Also for history at
that scale: reporting.head_of_mission and mission_status_change join the mission
and its parties directly instead of reporting.mission (same columns and rows), and
city.key is indexed for the lookup every read command starts with.

Locks and duration (docs/operations.md): CREATE TRIGGER takes a SHARE ROW EXCLUSIVE
lock on the fact and vocabulary tables, and the timeline of every mission is
computed in the same transaction (well under a second for the seeds, 163 s at
1,000,000 tenures: benchmarks/README.md), during which writes wait; reads do not.
"""

from collections.abc import Sequence

from alembic import context, op

from registry.sql import frozen

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQUAWK_ACCEPTED = {
    "require-concurrent-index-creation": "CONCURRENTLY cannot run inside the revision's "
    "transaction; city holds a few thousand rows (5,000 at 1M tenures), indexed in "
    "milliseconds, and the revision holds writes back anyway (CREATE TRIGGER, above)",
}

# The tables the timeline is derived from. Facts change by INSERT, by UPDATE (a
# version closed) and, for a legal erasure only, by DELETE; a mission row or a
# name is only ever updated (deleting a mission cascades to its timeline).
FACT_TABLES = ("tenure", "status_change", "accreditation")
UPDATED_TABLES = (
    "mission",
    "party",
    "city",
    "person",
    "rank",
    "authority",
    "mission_kind",
    "source",
    "status_change_kind",
)


def _triggers() -> list[tuple[str, str, str]]:
    """(table, event, transition tables) for every trigger that keeps the timeline:
    `changed` holds the rows a statement wrote (or deleted), `replaced` the rows an
    UPDATE replaced, where only some columns matter."""
    triggers = []
    for table in FACT_TABLES:
        triggers += [
            (table, "INSERT", "NEW TABLE AS changed"),
            (table, "UPDATE", "NEW TABLE AS changed"),
            (table, "DELETE", "OLD TABLE AS changed"),
        ]
    triggers += [
        (table, "UPDATE", "OLD TABLE AS replaced NEW TABLE AS changed") for table in UPDATED_TABLES
    ]
    return triggers


def upgrade() -> None:
    op.execute(TIMELINE_SQL)
    for table, event, transition in _triggers():
        name = f"{table}_heads_timeline_{event.lower()}"
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transition}"
            " FOR EACH STATEMENT EXECUTE FUNCTION heads_timeline_stale()"
        )
        op.execute(
            f"COMMENT ON TRIGGER {name} ON {table} IS 'Keeps heads_timeline: refreshes the"
            " missions this statement may have changed.'"
        )
    # One statement computes every mission's timeline: minutes at world scale
    # (benchmarks/README.md), past env.py's statement timeout, which is meant for
    # DDL; lock_timeout still keeps this revision from queueing behind other sessions.
    op.execute("SET LOCAL statement_timeout = 0")
    op.execute("SELECT refresh_heads_timeline(ARRAY(SELECT id FROM mission))")
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    op.execute(REPORTING_SQL)


def downgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    for table, event, _ in _triggers():
        op.execute(f"DROP TRIGGER {table}_heads_timeline_{event.lower()} ON {table}")
    op.execute("DROP TABLE heads_timeline_queue")
    op.execute("DROP FUNCTION heads_timeline_refresh_queued()")
    op.execute("DROP FUNCTION heads_timeline_stale()")
    op.execute("DROP FUNCTION refresh_heads_timeline(integer[])")
    op.execute("DROP FUNCTION heads_timeline_of(integer[])")
    op.execute("DROP TABLE heads_timeline")
    op.execute("DROP INDEX ix_city_key")
    op.execute(context.script.get_revision("0007").module.REPORTING_SQL)


TIMELINE_SQL = "\n" + frozen.join(
    "0008",
    "public.heads_timeline",
    "public.heads_timeline_queue",
    "public.heads_timeline_of",
    "public.refresh_heads_timeline",
    "public.heads_timeline_stale",
    "public.heads_timeline_refresh_queued",
    "public.heads_timeline_queue_at_commit",
    "public._comments",
)


# The reporting schema as this revision ran it, from the frozen texts
# (migrations/sql/versions/, registry/sql/frozen.py).
REPORTING_SQL = frozen.join(
    "0008",
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
    "reporting.heads_as_of",
    "reporting._grants",
)
