"""A complete list and the forms of one post follow a mission's seat on the date:
reporting.evidence_as_of and reporting.evidence_conflict read mission_seat

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-01 15:20:00

Issues 20 and 21. Revision 0019 gave missions dated seats, but evidence_as_of still
matched a mission to a complete list, and grouped the forms of one post, by the
mission's own city (mission.city_id): a list of Bonn in 2005 leaving out the US embassy
that moved to Berlin in 1999 presumed it not operating, and `who-heads berlin` hid it.
Now a complete list of a city on a date applies to the missions whose seat on that
date is the city (the dated seat covering it, else the mission's own city), and a
sender's forms of one post are those seated in one city on the date asked.
reporting.evidence_conflict leaves a mission out of a list by the same rule, and
places each disagreement in the mission's seat on its first date (new columns
city_id, city: `registry conflicts CITY`). A mission with no seat rows gives the
rows it gave (tests/test_seat_evidence.py compares with 0020's text).

Locks and duration (docs/operations.md): CREATE OR REPLACE of one view (columns
appended: an ACCESS EXCLUSIVE lock on the view for an instant) and one function (same
arguments and result type, grants kept). No table is read or rewritten: milliseconds
at any size.
"""

from collections.abc import Sequence

from alembic import op

from registry.sql import replaceable

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OBJECTS = ("reporting.evidence_conflict", "reporting.evidence_as_of")


def upgrade() -> None:
    replaceable.replace(op, "0021", *OBJECTS)


def downgrade() -> None:
    # 0014's view has fewer columns: replaced by DROP ... RESTRICT and CREATE, grants kept.
    replaceable.replace(op, "0020", *OBJECTS)
