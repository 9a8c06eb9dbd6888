"""The evidence the tenures and status changes give, precomputed: fact_evidence, read
by reporting.mission_evidence, so evidence_as_of reads one index range a mission

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-01 14:40:00

Issue 18: the city page and who-heads read reporting.heads_as_of (1.3 ms for the
biggest city at 100,000 tenures, from heads_timeline) and
reporting.evidence_as_of (31-39 ms after 0017): for each of the city's missions it
joined every tenure and status change (and each head's changes through its tenure)
to the mission, the source and the change's kind, 24 rows a mission from five index
lookups and four joins. fact_evidence holds those rows, derived like heads_timeline
and mission_timeline: each tenure's two rows (head in post, head left) and each
change's row, with the recorded time over which the view shows them (the fact's
version, and a head's change's tenure's, from when the mission was recorded).
reporting.mission_evidence reads it instead of the facts; its listing and complete
list branches are unchanged. The triggers that keep heads_timeline keep it
(refresh_timelines() refreshes it too): a fact written, a mission's recorded time
changed, a source renamed, a change's kind relabelled; the bulk writer at
commit, once, like the timelines (revision 0013). evidence_as_of gathers of each
mission only its latest date's evidence (and the whole evidence of a post's forms
only), and is PL/pgSQL, so a session plans it once: planning the SQL function at each
call cost about as much as running it. Same rows (tests/test_fact_evidence.py
compares it with 0017's on the seeds with a complete list, a conflict and a post's
forms, and on a generated world, as recorded now and before a re-import).

Locks and duration (docs/operations.md): SHARE ROW EXCLUSIVE on tenure,
status_change, mission, source and status_change_kind (writes wait, reads do not)
while every mission's rows are computed in one set-based statement: well under a
second for the seeds, 4.8 s for the whole upgrade at 100,000 tenures (325,788 rows;
benchmarks/README.md, issue 18); CREATE OR REPLACE of one view and two functions (an
ACCESS EXCLUSIVE lock on the view for an instant). No table is rewritten.
"""

from collections.abc import Sequence

from alembic import op

from registry.sql import frozen, replaceable

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What fact_evidence reads; writes to them wait until the rebuild has committed, so
# none is written before refresh_timelines() refreshes fact_evidence too.
READ = ("tenure", "status_change", "mission", "source", "status_change_kind")


def upgrade() -> None:
    op.execute(f"LOCK TABLE {', '.join(READ)} IN SHARE ROW EXCLUSIVE MODE")
    op.execute(
        frozen.join(
            "0018",
            "public.fact_evidence",
            "public.fact_evidence_of",
            "public.refresh_fact_evidence",
        )
    )
    replaceable.replace(op, "0018", "public.refresh_timelines")
    # Every mission's rows in one statement: seconds at world scale, past env.py's
    # statement timeout (meant for DDL); lock_timeout still applies.
    op.execute("SET LOCAL statement_timeout = 0")
    op.execute("SELECT refresh_fact_evidence(ARRAY(SELECT id FROM mission))")
    replaceable.replace(op, "0018", "reporting.mission_evidence", "reporting.evidence_as_of")


def downgrade() -> None:
    replaceable.replace(op, "0017", "reporting.evidence_as_of", "reporting.mission_evidence")
    # 0009's text, in place (same arguments, same result type).
    text = frozen.text("public.refresh_timelines", "0017")
    op.execute(text.replace("CREATE FUNCTION ", "CREATE OR REPLACE FUNCTION ", 1))
    op.execute("DROP FUNCTION refresh_fact_evidence(integer[])")
    op.execute("DROP FUNCTION fact_evidence_of(integer[])")
    op.execute("DROP TABLE fact_evidence")
