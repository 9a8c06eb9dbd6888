"""The connection pool `registry serve` reads through: checked once at start, then
every connection read-only (session default), with a statement timeout, as
registry_analyst (SELECT on the reporting schema only)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from registry.db import READ_OPTIONS, CannotRead, Target, connect, with_given_options
from registry.web.app import ROLE, STATEMENT_TIMEOUT_MS

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

OPTIONS = (
    f"{READ_OPTIONS} -c default_transaction_read_only=on"
    f" -c statement_timeout={STATEMENT_TIMEOUT_MS} -c idle_in_transaction_session_timeout=60000"
)


class CannotServe(CannotRead):
    """The login cannot read as registry_analyst."""


def _as_analyst(conn: Any) -> None:
    conn.execute(f"SET ROLE {ROLE}")
    conn.commit()


def open_pool(where: Target, size: int = 8) -> ConnectionPool:
    """A pool of ``size`` connections. Raises CannotRead (unreachable, another schema
    revision) or CannotServe (the login may not take the registry_analyst role)."""
    import psycopg
    from psycopg_pool import ConnectionPool

    checked = connect(where)  # reachable, at this code's revision (embedded: migrated)
    try:
        user = checked.execute("SELECT current_user").fetchone()
        _as_analyst(checked)
    except psycopg.Error:
        name = user[0] if user else "this login"
        raise CannotServe(
            f"{where.where}: {name} cannot SET ROLE {ROLE}: registry serve reads only as "
            f"{ROLE} (GRANT {ROLE} TO {name}, or log in as a member, see docs/analysts.md)"
        ) from None
    finally:
        checked.close()
    pool = ConnectionPool(
        where.dsn,
        min_size=size,
        max_size=size,
        kwargs={"options": with_given_options(where.dsn, OPTIONS), "connect_timeout": 10},
        configure=_as_analyst,
        open=False,
        name="registry-web",
    )
    pool.open(wait=True, timeout=30)
    return pool
