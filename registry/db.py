"""Where the database is: a configured server, or the embedded default.

Kept free of SQLAlchemy-engine imports at module level so that ``registry --help``
stays fast; the engine is built only when a command needs the database.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import URL
    from sqlalchemy.engine import Engine

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


def masked(url: URL) -> str:
    """The URL as it may be shown: the password, if any, replaced by ***."""
    return url.render_as_string(hide_password=True)


def mask_text(raw: str) -> str:
    """Mask a password in a URL-ish string that may not even parse."""
    import re

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

    url: URL
    embedded: bool
    where: str  # what to show the user: masked URL or the embedded data directory


def configured_url(option: str | None) -> str | None:
    return option or os.environ.get(ENV_URL) or None


def resolve(option: str | None) -> Target:
    """``--database-url``, then ``REGISTRY_DATABASE_URL``, then the embedded default."""
    raw = configured_url(option)
    if raw:
        url = parse_url(raw)
        return Target(url=url, embedded=False, where=masked(url))
    from registry import embedded

    url = embedded.ensure_running(data_dir())
    return Target(url=url, embedded=True, where=f"embedded PostgreSQL in {data_dir()}")


def make_engine(url: URL) -> Engine:
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    # A CLI command makes one connection; pooling would only add work.
    return create_engine(url, poolclass=NullPool)


def describe_connect_error(exc: BaseException, where: str) -> str:
    """One line for a server that is down or a URL that is wrong."""
    msg = str(getattr(exc, "orig", exc)).strip().splitlines()
    first = msg[0] if msg else type(exc).__name__
    return f"cannot connect to {where}: {mask_text(first)}"


def warn(message: str) -> None:
    print(message, file=sys.stderr)
