"""Append-only writes to the versioned fact tables (accreditation, tenure, status_change).

A fact is never overwritten: a correction closes the current version's recorded
range at now() and inserts a new version pointing back with ``supersedes_id``; a
retraction only closes it. The database enforces this (trigger ``keep_history``,
revision 0004). These helpers do it a row at a time for ``registry record``, with
the statements the bundle writer runs set-wise (registry.versions).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Table, insert, select, text

from registry import models, versions

VERSIONED = frozenset(models.APPEND_ONLY_TABLES)
# Columns a new version never copies from the one it corrects.
_BOOKKEEPING = frozenset({"id", "recorded", "recorded_by", "supersedes_id"})


def is_versioned(table: Table) -> bool:
    return table.name in VERSIONED


def retract(conn: Connection, table: Table, row_id: int) -> None:
    """Close a current version: the registry stops asserting it, and remembers it did."""
    conn.execute(text(versions.close(table.name, ":id")), {"id": row_id})
    if table.name == "tenure":
        conn.execute(
            text(
                versions.close(
                    "status_change",
                    "SELECT id FROM status_change WHERE tenure_id = :id AND upper_inf(recorded)",
                )
            ),
            {"id": row_id},
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
    conn.execute(text(versions.close(table.name, ":id")), {"id": row_id})
    new_id: int = conn.execute(
        insert(table).values(values | {"supersedes_id": row_id}).returning(table.c.id)
    ).scalar_one()
    moved = _move_status_changes(conn, row_id, new_id) if table.name == "tenure" else []
    return new_id, moved


def _move_status_changes(
    conn: Connection, old_tenure: int, new_tenure: int
) -> list[tuple[int, int]]:
    moved = conn.execute(
        text(versions.follow_successors("VALUES (CAST(:old AS integer), CAST(:new AS integer))")),
        {"old": old_tenure, "new": new_tenure},
    )
    return sorted((int(old), int(new)) for old, new in moved)
