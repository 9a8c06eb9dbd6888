"""`registry db ...`: where the database is, its schema revision, and the embedded server.

Exit codes of `registry db status`: 0 at head, 1 behind (or ahead of) this
registry's head or without the schema, 2 unreachable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from registry.cli_common import CommandGroup, DatabaseUrl, fail, progress, target

if TYPE_CHECKING:
    import psycopg

# The tables `registry db status` counts: the facts, and what they point at.
MAIN_TABLES = ("mission", "tenure", "person", "status_change", "source", "party", "city")

db_app = typer.Typer(
    cls=CommandGroup,
    help="The database: where it is, its schema revision, and the embedded server.",
    no_args_is_help=True,
)


@db_app.command("start")
def db_start() -> None:
    """Start the embedded PostgreSQL (initialised, migrated and seeded on first use).

    Example:

        registry db start
    """
    from registry import embedded
    from registry.db import DatabaseError, data_dir

    try:
        embedded.ensure_running(data_dir())
    except DatabaseError as exc:
        fail(str(exc))
    typer.echo(f"embedded PostgreSQL running in {embedded.pgdata(data_dir())}")


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded PostgreSQL, if it runs. Its data stays.

    Example:

        registry db stop
    """
    from registry import embedded
    from registry.db import DatabaseError, data_dir

    try:
        stopped = embedded.stop(data_dir())
    except DatabaseError as exc:
        fail(str(exc))
    if stopped:
        typer.echo(f"stopped the embedded PostgreSQL in {embedded.pgdata(data_dir())}")
    else:
        typer.echo("the embedded PostgreSQL was not running")


def _row_counts(conn: psycopg.Connection[Any]) -> list[str]:
    """'table N' for each main table; a table missing at this revision, or that this
    login may not read (an analyst reads the reporting views only), says so."""
    from psycopg import sql

    counts = []
    for table, exists, readable in conn.execute(
        "SELECT t, to_regclass('public.' || t) IS NOT NULL,"
        " to_regclass('public.' || t) IS NOT NULL"
        " AND has_table_privilege('public.' || t, 'SELECT')"
        " FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i",
        (list(MAIN_TABLES),),
    ):
        if not exists:
            counts.append(f"{table} (no such table)")
        elif not readable:
            counts.append(f"{table} (not readable by this login)")
        else:
            query = sql.SQL("SELECT count(*) FROM public.{}").format(sql.Identifier(table))
            row = conn.execute(query).fetchone()
            counts.append(f"{table} {row[0] if row else 0}")
    return counts


@db_app.command("status")
def db_status(database_url: DatabaseUrl = None) -> None:
    """Which database, its schema revision against head, and its row counts.

    Exit 0 at head; 1 behind or ahead of head, or without the registry schema; 2
    unreachable. It changes nothing, except that with no database configured it
    starts the embedded PostgreSQL (initialising it on first use) like any command.

    Example:

        registry db status --database-url postgresql://ops@db.example/registry
    """
    import psycopg

    from registry import schema
    from registry.db import describe_connect_error

    where = target(database_url)
    try:
        with psycopg.connect(where.dsn, connect_timeout=10) as conn:
            revision = schema.current_revision(conn)
            counts = _row_counts(conn) if revision else []
    except psycopg.Error as exc:
        fail(describe_connect_error(exc, where.where))
    except schema.RevisionUnreadable as exc:
        fail(f"{where.where}: {exc}")
    run = "`registry db upgrade`" if where.embedded else "`alembic upgrade head`"
    typer.echo(f"database: {where.where}")
    if revision is None:
        typer.echo(f"revision: none (head: {schema.HEAD}): no registry schema")
        fail(f"the database has no registry schema: run {run} to create it", 1)
    if revision == schema.HEAD:
        state, advice = "up to date", None
    elif schema.is_known(revision):
        state, advice = "behind", f"the database is behind this registry's schema: run {run}"
    else:
        state, advice = (
            "unknown to this registry",
            f"the database is at revision {revision}, which this registry does not know: "
            "newer code migrated it; run that version, or downgrade with it",
        )
    typer.echo(f"revision: {revision} (head: {schema.HEAD}): {state}")
    typer.echo(f"rows: {', '.join(counts)}")
    if advice:
        fail(advice, 1)


@db_app.command("upgrade")
def db_upgrade(database_url: DatabaseUrl = None) -> None:
    """Migrate the embedded PostgreSQL to this registry's head.

    Never a configured server: ops migrate those with `alembic upgrade head`
    (see docs/operations.md).

    Example:

        registry db upgrade
    """
    from registry.db import DatabaseError, configured_url

    try:
        configured = configured_url(database_url)
    except DatabaseError as exc:
        fail(str(exc))
    if configured:
        where = target(database_url)
        fail(
            f"{where.where} is a configured server, which registry never migrates: "
            "ops run `alembic upgrade head` (see docs/operations.md)"
        )
    import psycopg

    from registry import schema
    from registry.db import describe_connect_error

    where = target(None)
    try:
        with psycopg.connect(where.dsn, connect_timeout=10) as conn:
            before = schema.current_revision(conn)
    except psycopg.Error as exc:
        fail(describe_connect_error(exc, where.where))
    except schema.RevisionUnreadable as exc:
        fail(f"{where.where}: {exc}")
    from alembic.util import CommandError

    try:
        with progress() as step:
            step(f"migrating {where.where} from {before or 'no schema'} to {schema.HEAD}", 0)
            applied = schema.upgrade(where.url)
    except CommandError as exc:  # e.g. another migration holds the lock
        fail(f"{where.where}: {exc}")
    if not applied:
        typer.echo(f"{where.where}: already at {schema.HEAD}")
        return
    typer.echo(f"{where.where}: upgraded from {before or 'no schema'} to {schema.HEAD}")
