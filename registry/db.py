"""Where the database is: a configured server, or the embedded default.

Kept free of SQLAlchemy-engine imports at module level so that ``registry --help``
stays fast; the engine is built only when a command needs the database.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import URL

ENV_URL = "REGISTRY_DATABASE_URL"
ENV_DATA_DIR = "REGISTRY_DATA_DIR"
EMBEDDED_DB = "registry"


class DatabaseError(Exception):
    """A database problem worth one line to the user, never a traceback."""


def parse_url(raw: str) -> URL:
    """Accept what people already have: psql-style ``postgresql://user@host/db``,
    SQLAlchemy's ``postgresql+psycopg://...`` and the ``postgres://`` of Heroku and friends.
    Always returns a psycopg 3 URL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(raw.strip())
    except ArgumentError:
        raise DatabaseError(f"not a database URL: {mask_text(raw)!r}") from None
    if url.drivername in ("postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg3"):
        return url.set(drivername="postgresql+psycopg")
    raise DatabaseError(
        f"unsupported database URL scheme {url.drivername!r}: use postgresql://user@host/db"
    )


_SCHEME = re.compile(r"^(postgres|postgresql)(\+psycopg3?)?://", re.IGNORECASE)


def to_dsn(raw: str) -> str:
    """The libpq form of a URL people give (psql's or SQLAlchemy's), checked but
    without importing SQLAlchemy: read commands connect with plain psycopg."""
    raw = raw.strip()
    if not _SCHEME.match(raw):
        scheme = raw.split("://", 1)[0] if "://" in raw else None
        if scheme:
            raise DatabaseError(
                f"unsupported database URL scheme {scheme!r}: use postgresql://user@host/db"
            )
        raise DatabaseError(f"not a database URL: {mask_text(raw)!r}")
    dsn = _SCHEME.sub("postgresql://", raw, count=1)
    from psycopg.conninfo import conninfo_to_dict

    try:
        conninfo_to_dict(dsn)
    except Exception as exc:  # psycopg.ProgrammingError: libpq's own parse
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unparseable"
        raise DatabaseError(
            f"not a database URL: {mask_text(raw)!r} ({mask_text(first)})"
        ) from None
    return dsn


def mask_text(raw: str) -> str:
    """Mask a password in a URL-ish string that may not even parse."""
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", raw)


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
    return option or os.environ.get(ENV_URL) or None


def resolve(option: str | None) -> Target:
    """``--database-url``, then ``REGISTRY_DATABASE_URL``, then the embedded default."""
    raw = configured_url(option)
    if raw:
        dsn = to_dsn(raw)
        return Target(dsn=dsn, embedded=False, where=mask_text(dsn))
    from registry import embedded

    dsn = embedded.ensure_running(data_dir())
    return Target(dsn=dsn, embedded=True, where=f"embedded PostgreSQL in {data_dir()}")


def describe_connect_error(exc: BaseException, where: str) -> str:
    """One line for a server that is down or a URL that is wrong."""
    msg = str(getattr(exc, "orig", exc)).strip().splitlines()
    first = msg[0] if msg else type(exc).__name__
    return f"cannot connect to {where}: {mask_text(first)}"


def warn(message: str) -> None:
    print(message, file=sys.stderr)
