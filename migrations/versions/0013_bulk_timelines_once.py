"""The bulk writer's facts skip the timelines' per-statement bookkeeping: it queues
every mission it wrote once, after its last statement, and both timelines of those
missions are rebuilt once, set-based, at commit

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 11:20:00

Issue 19: `registry import bundle` took 6.5x its floor (the same rows COPYed with
the triggers off) at 100,000 tenures. The timelines are derived data; the bulk
writer already had them refreshed once at commit (registry.heads_timeline = 'at
commit'), but each of its statements on tenure, status_change and
accreditation still aggregated the missions of its transition table into the
queue. Now heads_timeline_stale() returns at once for those three tables when the
transaction set registry.bulk = 'on' (set_config(..., true): the bulk writer only);
that writer then queues the missions whose facts it wrote itself, in one row
(registry/bundle/load.py). Every other writer (`registry record`, a hand-written
INSERT) runs the triggers as before; missions and names the bulk writer changes
(seat, party, city, person ...) are still followed by their triggers. The queue
was written by triggers only (SECURITY DEFINER); the bulk writer, a member of
registry_writer, now writes its one row itself, so registry_writer gets INSERT on it.

Locks and duration (docs/operations.md): CREATE OR REPLACE FUNCTION of one trigger
function and one GRANT, milliseconds; no table is locked or rewritten.
"""

from collections.abc import Sequence

from alembic import op

from registry.sql import frozen, replaceable

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    replaceable.replace(op, "0013", "public.heads_timeline_stale")
    # The bulk writer queues its missions itself (a writer login, not the owner).
    op.execute("GRANT INSERT ON heads_timeline_queue TO registry_writer")


def downgrade() -> None:
    op.execute("REVOKE INSERT ON heads_timeline_queue FROM registry_writer")
    # 0009's text, as 0009 ran it (CREATE OR REPLACE: same arguments, same result).
    op.execute(frozen.text("public.heads_timeline_stale", "0010"))
