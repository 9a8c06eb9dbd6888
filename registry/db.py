"""Where the database is: a configured server, or the embedded default; and a
checked connection to it for reading.

Kept free of SQLAlchemy-engine imports at module level so that ``registry --help``
stays fast; the engine is built only when a command needs the database.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from registry.urls import (
    EMBEDDED_DB,
    ENV_DATA_DIR,
    ENV_URL,
    DatabaseError,
    describe_connect_error,
    mask_text,
    parse_url,
    to_dsn,
    warn,
)

if TYPE_CHECKING:
    import datetime as dt
    from typing import Any

    import psycopg
    from sqlalchemy import URL

__all__ = [  # the URL helpers are registry.urls's, named here for the callers of old
    "EMBEDDED_DB",
    "ENV_DATA_DIR",
    "ENV_URL",
    "READ_OPTIONS",
    "CannotRead",
    "DatabaseError",
    "Target",
    "configured_url",
    "connect",
    "data_dir",
    "describe_connect_error",
    "mask_text",
    "parse_url",
    "resolve",
    "to_dsn",
    "warn",
]


def data_dir() -> Path:
    """The user's data directory for the embedded server (overridable for tests)."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("registry", appauthor=False))


@dataclass(frozen=True)
class Target:
    """The database a command talks to, and whether we own it (embedded)."""

    dsn: str  # libpq URL, password included: never print it
    embedded: bool
    where: str  # what to show the user: masked URL or the embedded data directory

    @property
    def url(self) -> URL:
        """The SQLAlchemy URL, for the loader and migrations."""
        return parse_url(self.dsn)


def configured_url(option: str | None) -> str | None:
    """The URL given, if any. ``--database-url ""`` (an unset variable in a script) is
    an error, not a fall back to another database."""
    if option is not None:
        if not option.strip():
            raise DatabaseError(
                "--database-url is empty: give postgresql://user@host/db, or leave the "
                f"option out to use ${ENV_URL} or the embedded PostgreSQL"
            )
        return option
    return os.environ.get(ENV_URL) or None


def resolve(option: str | None) -> Target:
    """``--database-url``, then ``REGISTRY_DATABASE_URL``, then the embedded default."""
    from registry.output import for_terminal  # where is shown: no escape sequences in it

    raw = configured_url(option)
    if raw:
        dsn = to_dsn(raw)
        return Target(dsn=dsn, embedded=False, where=for_terminal(mask_text(dsn)))
    from registry import embedded

    dsn = embedded.ensure_running(data_dir())
    where = for_terminal(f"embedded PostgreSQL in {data_dir()}")
    return Target(dsn=dsn, embedded=True, where=where)


# JIT compilation costs a read command ~100 ms at world scale and buys nothing for
# queries that read a few hundred rows by index (benchmarks/README.md).
READ_OPTIONS = "-c jit=off"


class CannotRead(DatabaseError):
    """The database cannot be read: unreachable, or not at this code's schema revision."""


def session_options(dsn: str, recorded: dt.datetime | None = None) -> str:
    """The connection's settings, given in its start-up packet (never SET after it: a
    round trip of its own). With ``recorded``, the session sees the registry as it
    was recorded then: the reporting views honour ``registry.as_recorded``."""
    own = READ_OPTIONS
    if recorded is not None:
        own = f"{own} -c registry.as_recorded={recorded.isoformat()}"
    return with_given_options(dsn, own)


def with_given_options(dsn: str, own: str) -> str:
    """``own`` after the options the URL gives (``?options=-c ...``), or else PGOPTIONS:
    libpq takes an ``options`` passed with the DSN instead of both, so they are kept
    here. Of a setting given twice the last counts: the registry's own."""
    from psycopg.conninfo import conninfo_to_dict

    given = str(conninfo_to_dict(dsn).get("options") or os.environ.get("PGOPTIONS") or "")
    return f"{given} {own}" if given.strip() else own


def open_connection(
    where: Target, recorded: dt.datetime | None = None, *, autocommit: bool = False
) -> psycopg.Connection[Any]:
    """A connection, not yet checked (see ``checked``). Raises CannotRead."""
    import psycopg

    try:
        return psycopg.connect(
            where.dsn,
            connect_timeout=10,
            options=session_options(where.dsn, recorded),
            autocommit=autocommit,
        )
    except psycopg.Error as exc:
        raise CannotRead(describe_connect_error(exc, where.where)) from None


def connect(where: Target, recorded: dt.datetime | None = None) -> psycopg.Connection[Any]:
    """A checked connection for reading: reachable, and at the schema revision this
    code needs (the embedded server is migrated to it; a configured one never is).

    With ``recorded``, the session sees the registry as it was recorded then: the
    reporting views honour ``registry.as_recorded``. Raises CannotRead.
    """
    return checked(open_connection(where, recorded), where, recorded)


def checked(
    conn: psycopg.Connection[Any], where: Target, recorded: dt.datetime | None = None
) -> psycopg.Connection[Any]:
    """``conn`` once its database is found at the schema revision this code needs,
    or a new connection to the embedded server migrated to it. Raises CannotRead."""
    from registry import schema

    try:
        revision = schema.current_revision(conn)
    except schema.RevisionUnreadable as exc:
        conn.close()
        raise CannotRead(f"{where.where}: {exc}") from None
    if revision is not None and revision != schema.HEAD and not schema.is_known(revision):
        conn.close()
        raise CannotRead(
            f"the database at {where.where} is at revision {revision}, newer than this "
            f"registry (which needs {schema.HEAD}): install the registry version that migrated it"
        )
    if revision != schema.HEAD:
        conn.close()
        if where.embedded:
            import psycopg

            schema.upgrade(where.url)
            return psycopg.connect(where.dsn, options=session_options(where.dsn, recorded))
        state = f"is at revision {revision}" if revision else "has no registry schema"
        raise CannotRead(
            f"the database at {where.where} {state}; this registry needs {schema.HEAD}: "
            "run `alembic upgrade head` (registry never migrates a configured server itself)"
        )
    return conn
