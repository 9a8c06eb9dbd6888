"""the derived tables lose their foreign key to mission; a trigger on mission forgets
the rows of a mission deleted

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-02 20:15:00

Issue 19 (a full rebuild of the timelines at 100,000 rows a second, the import near
its floor). heads_timeline, mission_timeline and fact_evidence each had a foreign key
to mission, checked for every row written, one query a row: of a full rebuild from
empty at 100,000 tenures (672,223 rows), 7 s of 17 (benchmarks/README.md "Revision
0026"). The key guarded nothing a refresh does not: each refresh locks the missions
it writes (FOR NO KEY UPDATE, so none is deleted meanwhile) and computes their rows
from a join with mission. What a key also did, deleting a mission's rows with it
(heads_timeline's and mission_timeline's ON DELETE CASCADE; fact_evidence had none),
the statement triggers mission_forget_deleted and mission_forget_truncated do, once a
statement (public.forget_missions). A mission with facts cannot be deleted in any
case (the facts are append-only), and deleting its facts refreshes its rows away.

Locks and duration (docs/operations.md): each DROP CONSTRAINT takes ACCESS EXCLUSIVE on
its derived table and SHARE ROW EXCLUSIVE on mission, CREATE TRIGGER SHARE ROW
EXCLUSIVE on mission, until the revision commits: milliseconds, nothing is scanned.
The downgrade adds the three keys back, which reads every derived row once.
"""

from collections.abc import Sequence

from alembic import op

from registry.sql import replaceable

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQUAWK_ACCEPTED = {
    "ban-drop-constraint": "the keys are on derived tables only the refresh functions "
    "write, from a join with mission under a lock on it: no client writes a row a key "
    "would refuse, and the triggers on mission keep what the keys' ON DELETE CASCADE did",
}

# Each derived table's key as revisions 0008, 0009 and 0018 made it.
KEYS = (
    ("heads_timeline", "fk_heads_timeline_mission_id_mission", "CASCADE"),
    ("mission_timeline", "fk_mission_timeline_mission_id_mission", "CASCADE"),
    ("fact_evidence", "fk_fact_evidence_mission_id_mission", None),
)

TRIGGERS = (
    (
        "mission_forget_deleted",
        "AFTER DELETE ON mission REFERENCING OLD TABLE AS gone FOR EACH STATEMENT",
        "Deletes the derived rows of the missions a statement deleted (forget_missions).",
    ),
    (
        "mission_forget_truncated",
        "AFTER TRUNCATE ON mission FOR EACH STATEMENT",
        "Empties the derived tables when mission is truncated (forget_missions).",
    ),
)


def upgrade() -> None:
    for table, key, _ in KEYS:
        op.drop_constraint(key, table, type_="foreignkey")
    replaceable.replace(op, "0026", "public.forget_missions")
    for name, when, comment in TRIGGERS:
        op.execute(f"CREATE TRIGGER {name} {when} EXECUTE FUNCTION public.forget_missions()")
        op.execute(f"COMMENT ON TRIGGER {name} ON mission IS '{comment}'")


def downgrade() -> None:
    for name, _, _ in TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON mission")
    op.execute("DROP FUNCTION public.forget_missions()")
    for table, key, ondelete in KEYS:
        op.create_foreign_key(key, table, "mission", ["mission_id"], ["id"], ondelete=ondelete)
