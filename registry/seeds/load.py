"""Seed files -> validated facts -> one transaction of upserts.

Everything is checked before anything is written: YAML syntax, each field
(pydantic), then every reference (ranks, parties, cities, people, sources...).
All problems are reported together, each with file, line and field. Then the
facts are written in one transaction under an advisory lock, upserting by
natural keys, so a second run reports everything unchanged. Facts absent from
the files are never deleted: the registry only grows (or is corrected).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import URL, Connection, create_engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from registry.access import begin_load, check_can_write, end_turn, wait_turn
from registry.refusals import facts_refused, refusal
from registry.seeds.read import ParsedFile, read
from registry.seeds.report import LoadError, Report, SeedError
from registry.seeds.resolve import Resolver
from registry.seeds.write import Loader


def load_paths(url: URL, paths: Sequence[Path]) -> Report:
    """Validate every file, then write them all in one transaction (or nothing).

    Raises LoadError (what is wrong, file by file), CannotWrite (a login that may
    only read), or OperationalError (the server went away: nothing was written)."""
    return load_files(url, read_paths(paths))


def read_paths(paths: Sequence[Path]) -> list[ParsedFile]:
    """Every file read and checked on its own (YAML, fields), before any database is
    reached; LoadError with what is wrong, file by file."""
    files, errors = read(paths)
    if errors:
        raise LoadError(errors)
    return files


def load_files(url: URL, files: list[ParsedFile]) -> Report:
    """Files read_paths gave, their references checked and written in one transaction
    (or nothing): LoadError, CannotWrite or OperationalError as load_paths."""
    engine = create_engine(url, poolclass=NullPool)
    report = Report()
    try:
        with engine.connect() as conn:
            check_can_write(conn)  # before the lock: an analyst waits for no one
            conn.rollback()
            raw = conn.connection.driver_connection
            turn = wait_turn(raw)  # before the transaction: its recorded time after the wait
            try:
                _write(conn, files, report)
            finally:
                if turn:
                    end_turn(raw)
    finally:
        engine.dispose()
    return report


def _write(conn: Connection, files: list[ParsedFile], report: Report) -> None:
    """The one transaction: the lock (already this session's, unless inside another
    transaction), every reference resolved, every fact upserted, the commit."""
    with conn.begin() as tx:
        begin_load(conn)
        resolver = Resolver(conn, files)
        resolver.validate(files)
        if resolver.errors:
            tx.rollback()
            raise LoadError(resolver.errors)
        report.warnings = resolver.warnings
        loader = Loader(conn, report)
        try:
            loader.load(files)
        except OperationalError:
            raise
        except DBAPIError as exc:
            tx.rollback()
            raise LoadError([loader.refused(exc)]) from None
        try:
            tx.commit()
        except OperationalError:
            raise
        except DBAPIError as exc:  # the checks deferred to commit (revision 0008)
            refused = facts_refused(refusal(exc))
            raise LoadError([SeedError("(database)", None, "", refused)]) from None


def database_refused(exc: Exception, where: str) -> str | None:
    """One line for an error the server raised during a load (None: not the server's).

    The connection lost is said as when connecting; a statement or lock timeout as
    such; anything else the server refused with its first line, a password masked."""
    import psycopg
    from sqlalchemy.exc import SQLAlchemyError

    from registry.urls import describe_connect_error

    if not isinstance(exc, SQLAlchemyError | psycopg.Error):
        return None
    r = refusal(exc)
    if r.cause in ("timeout", "lock"):
        return f"the database at {where} cancelled the load ({r.first_line}); nothing was written"
    if isinstance(exc, OperationalError | psycopg.OperationalError):
        return describe_connect_error(exc, where)
    return f"the database at {where} refused the load: {r.first_line}; nothing was written"
