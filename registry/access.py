"""Whether the login a command runs as may write to the registry.

Every writer asks before its first write, so an analyst's login (which reads only
the reporting schema) gets one line instead of a "permission denied" traceback
halfway through a transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# One writer at a time: the seed loader, the bundle importer (registry.bundle.load);
# each waits for it before its transaction begins (wait_turn).
LOAD_LOCK_ID = 0x72656761  # "rega"
# Every writing statement holds it shared to its commit (public.note_write, revision
# 0024); an import tries it exclusively to know no other writer is at work.
WRITE_MARK_LOCK_ID = 0x72656777  # "regw"

# The fact tables every writer inserts into; a login that may insert into all of
# them is a writer (registry_writer or the owner).
WRITE_CHECK_SQL = """
SELECT current_user,
       coalesce(bool_and(has_table_privilege(c.oid, 'INSERT')), false),
       current_setting('transaction_read_only') = 'on'
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public'
   AND c.relname IN ('source', 'party', 'mission', 'tenure', 'status_change')
"""


def cannot_write_message(user: str) -> str:
    return (
        f"this login ({user}) cannot write to the registry: connect as a member of "
        "registry_writer (docs/operations.md)"
    )


class CannotWrite(Exception):
    """The login may read but not write (one line for the user, exit 2)."""


def check_can_write(conn: Any) -> None:
    """Raise CannotWrite unless this connection's login may write.

    ``conn`` is a psycopg connection or a SQLAlchemy ``Connection``."""
    execute = getattr(conn, "exec_driver_sql", None) or conn.execute
    row = execute(WRITE_CHECK_SQL).fetchone()
    if row is None or not row[1]:
        raise CannotWrite(cannot_write_message(row[0] if row else "?"))
    if row[2]:  # a standby, or default_transaction_read_only: every write would be refused
        raise CannotWrite(
            "this connection is read-only (a standby, or default_transaction_read_only is "
            "on): the registry cannot be written through it"
        )


def wait_turn(conn: Any, waiting: Callable[[], None] | None = None) -> bool:
    """On an idle psycopg connection, wait for the loader's lock (LOAD_LOCK_ID) before
    the writer's transaction begins, so that its now(), the recorded time of what it
    writes, comes after the commit of the writer it waited for (whose versions it may
    close). True if taken here: end_turn gives it back after the commit or rollback.
    Inside a transaction already: False (the writer takes the transaction's lock).
    ``waiting`` is called once if another writer holds it."""
    from psycopg.pq import TransactionStatus

    if conn.info.transaction_status != TransactionStatus.IDLE:
        return False
    autocommit = conn.autocommit
    conn.autocommit = True
    try:
        row = conn.execute("SELECT pg_try_advisory_lock(%s)", (LOAD_LOCK_ID,)).fetchone()
        if not (row and row[0]):
            if waiting:
                waiting()
            conn.execute("SELECT pg_advisory_lock(%s)", (LOAD_LOCK_ID,))
    finally:
        conn.autocommit = autocommit
    return True


def end_turn(conn: Any) -> None:
    """Give back the lock wait_turn took (a connection gone has given it back)."""
    import psycopg

    if conn.broken or conn.closed:
        return
    autocommit = conn.autocommit
    try:
        conn.autocommit = True
        conn.execute("SELECT pg_advisory_unlock(%s)", (LOAD_LOCK_ID,))
    except psycopg.Error:
        pass  # gone meanwhile: so is the lock
    finally:
        if not conn.closed:
            conn.autocommit = autocommit


def begin_load(conn: Any, waiting: Callable[[], None] | None = None) -> None:
    """The opening of every load's transaction (seed files, bundles), its first
    statements: this transaction's turn among the loads (LOAD_LOCK_ID; a second load
    waits, calling ``waiting`` once, and then sees what the first wrote), and the heads
    timeline (revision 0008) rebuilt once at commit for the missions the load touches,
    not after each of its statements. ``conn``: psycopg's or SQLAlchemy's."""
    execute = getattr(conn, "exec_driver_sql", None) or conn.execute
    row = execute("SELECT pg_try_advisory_xact_lock(%s)", (LOAD_LOCK_ID,)).fetchone()
    if not (row and row[0]):
        if waiting:
            waiting()
        execute("SELECT pg_advisory_xact_lock(%s)", (LOAD_LOCK_ID,))
    execute("SET LOCAL registry.heads_timeline = 'at commit'")
