"""the derived tables are written only where they differ, and the heads timeline's
indexes are ones a rebuild can afford

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-01 21:10:00

Issue 19 (a full rebuild of the derived tables at 100,000 rows a second). Measured at
100,000 tenures (benchmarks/README.md): a full rebuild took 16.7 s for 672,223 rows,
and half of it was writing heads_timeline's 109,453 rows into its two multicolumn GiST
indexes over (city_id | sending_code, valid, recorded), 9.5 s against 1.0 s with
btree indexes.

- heads_timeline's two GiST indexes become a btree on city_id and a btree on
  sending_code; the date is a filter over a city's or a sender's rows (3,482 and 5,091
  at 1,000,000 tenures for the biggest: 2.4 and 3.3 ms against 0.6 and 0.9 ms, in
  statements of 60 ms and more), accredited-to reads the accredited missions' rows by
  primary key (4.5 ms against 80 ms at 100,000 tenures), and every mission on a date
  (the exports) is a sequential scan (230 ms at 1,000,000 tenures; the GiST index took
  longer, 2.2 s with a cold cache). An SP-GiST index on valid was tried beside them:
  the planner ANDed it with the btree, 10 ms for the same city.
- refresh_heads_timeline, refresh_mission_timeline and refresh_fact_evidence write
  only the rows that differ from what the facts give now: a row that stays the same
  is not deleted and inserted again (no new version, no index entries, no dead rows
  for VACUUM), a changed one is updated, a stale one deleted, a new one inserted.
  The tables' contents afterwards are the same as before this revision.

Locks and duration (docs/operations.md): the three functions are replaced in place
(CREATE OR REPLACE, same arguments, grants kept), milliseconds; each index is built
under a SHARE lock on heads_timeline (writers wait, readers go on), 0.1 s each at
100,000 tenures; the old indexes are dropped last, under an ACCESS EXCLUSIVE
lock held until the revision commits, moments later.
"""

from collections.abc import Sequence

from alembic import op

from registry.sql import frozen, replaceable

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQUAWK_ACCEPTED = {
    "require-concurrent-index-creation": "CONCURRENTLY cannot run inside the revision's "
    "transaction; the builds block writes to heads_timeline (derived, written only by the "
    "refresh functions) for seconds at 1,000,000 tenures, and reads go on",
    "require-concurrent-index-deletion": "DROP INDEX CONCURRENTLY cannot run inside the "
    "revision's transaction; the drops come last, just before the revision commits",
}

FUNCTIONS = (
    "public.refresh_heads_timeline",
    "public.refresh_mission_timeline",
    "public.refresh_fact_evidence",
)


def upgrade() -> None:
    replaceable.replace(op, "0023", *FUNCTIONS)
    op.create_index("ix_heads_timeline_city_id", "heads_timeline", ["city_id"])
    op.create_index("ix_heads_timeline_sending_code", "heads_timeline", ["sending_code"])
    op.drop_index("ix_heads_timeline_city_id_valid_recorded", table_name="heads_timeline")
    op.drop_index("ix_heads_timeline_sending_code_valid_recorded", table_name="heads_timeline")


def downgrade() -> None:
    op.execute(
        "CREATE INDEX ix_heads_timeline_city_id_valid_recorded"
        " ON heads_timeline USING gist (city_id, valid, recorded)"
    )
    op.execute(
        "CREATE INDEX ix_heads_timeline_sending_code_valid_recorded"
        " ON heads_timeline USING gist (sending_code, valid, recorded)"
    )
    op.drop_index("ix_heads_timeline_sending_code", table_name="heads_timeline")
    op.drop_index("ix_heads_timeline_city_id", table_name="heads_timeline")
    # 0022's texts, in place (same arguments, same result type).
    for name in FUNCTIONS:
        text = frozen.text(name, "0022")
        op.execute(text.replace("CREATE FUNCTION ", "CREATE OR REPLACE FUNCTION ", 1))
