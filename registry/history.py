"""Append-only writes to the versioned fact tables (accreditation, tenure, status_change).

A fact is never overwritten: a correction closes the current version's recorded
range at now() and inserts a new version pointing back with ``supersedes_id``; a
retraction only closes it. The database enforces this (trigger ``keep_history``,
revision 0004); these helpers are the one place Python does it, for the loader,
the importers and ``registry record``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, insert, select, text, update

from registry import models

VERSIONED = frozenset(models.APPEND_ONLY_TABLES)
# Columns a new version never copies from the one it corrects.
_BOOKKEEPING = frozenset({"id", "recorded", "recorded_by", "supersedes_id"})
_CLOSE = {"recorded": text("tstzrange(lower(recorded), now())")}


def is_versioned(table: Table) -> bool:
    return table.name in VERSIONED


def current(table: Table) -> Any:
    """The WHERE clause selecting a versioned table's current rows."""
    return text(f"upper_inf({table.name}.recorded)")


def retract(conn: Connection, table: Table, row_id: int) -> None:
    """Close a current version: the registry stops asserting it, and remembers it did."""
    conn.execute(update(table).where(table.c.id == row_id).values(_CLOSE))
    if table.name == "tenure":
        status_change = models.Base.metadata.tables["status_change"]
        conn.execute(
            update(status_change)
            .where(status_change.c.tenure_id == row_id, current(status_change))
            .values(_CLOSE)
        )


def supersede(conn: Connection, table: Table, row_id: int, changes: dict[str, Any]) -> int:
    """Correct a current version: close it and insert a copy with ``changes``.

    A tenure's current status changes follow it to the new version (they are
    copied, the old ones closed), so its events stay attached. Returns the new id.
    """
    return supersede_moving(conn, table, row_id, changes)[0]


def supersede_moving(
    conn: Connection, table: Table, row_id: int, changes: dict[str, Any]
) -> tuple[int, list[tuple[int, int]]]:
    """As supersede; and, for a tenure, each status change that followed it to the new
    version, as (old id, new id) in the order of the old ids."""
    old = conn.execute(select(table).where(table.c.id == row_id)).mappings().one()
    values = {c: v for c, v in old.items() if c not in _BOOKKEEPING} | changes
    conn.execute(update(table).where(table.c.id == row_id).values(_CLOSE))
    new_id: int = conn.execute(
        insert(table).values(values | {"supersedes_id": row_id}).returning(table.c.id)
    ).scalar_one()
    moved = _move_status_changes(conn, row_id, new_id) if table.name == "tenure" else []
    return new_id, moved


def _move_status_changes(
    conn: Connection, old_tenure: int, new_tenure: int
) -> list[tuple[int, int]]:
    status_change = models.Base.metadata.tables["status_change"]
    events = conn.execute(
        select(status_change.c.id)
        .where(status_change.c.tenure_id == old_tenure, current(status_change))
        .order_by(status_change.c.id)
    ).scalars()
    return [
        (event, supersede(conn, status_change, event, {"tenure_id": new_tenure}))
        for event in list(events)
    ]
