"""reporting.evidence_as_of finds the other forms of a post by sender, host and city
where the missions asked about are spread over many cities

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 17:50:00

Issues 16 and 18. To find the other forms of each mission's post (docs/forms.md),
evidence_as_of read every mission of every city the missions given sit in: for a city's
corps (`who-heads`) that is the answer's own missions, but for one sender's missions
in many cities (`represents`, `accredited-to`, a party's page) it is every mission of
all those cities: 85,253 missions read for a sender's 1,321 at 1,000,000 tenures, 417
ms of the statement's 523 (benchmarks/README.md). Now a city where eight or more of
the missions given sit is read whole, as before; elsewhere the missions of the same
sender and host in that city are looked up, one index lookup each (14 ms there). The
same rows: compared with 0021's function on the 1,000,000-tenure world (the 40
biggest cities, 60 others and the 15 senders with the most missions, at three dates:
345 sets, none differs) and by tests/test_fact_evidence.py and
tests/test_seat_evidence.py.

It also materializes the three parts the final join reads (omitted, disputed,
succeeded): on PostgreSQL 18 a session that had asked about a few missions at a time
was given a plan that re-ran them for each mission (15 ms a mission: 10 s for 679
missions, 0021's text too).

Locks and duration (docs/operations.md): CREATE OR REPLACE FUNCTION (same arguments
and result type, grants kept): milliseconds at any size; no table is read.
"""

from collections.abc import Sequence

from alembic import op

from registry.sql import replaceable

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    replaceable.replace(op, "0022", "reporting.evidence_as_of")


def downgrade() -> None:
    replaceable.replace(op, "0021", "reporting.evidence_as_of")
