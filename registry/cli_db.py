"""`registry db ...`: where the database is, and the embedded server."""

from __future__ import annotations

import typer

from registry.cli import fail

db_app = typer.Typer(
    help="The database: where it is, and the embedded server.", no_args_is_help=True
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
    from registry.db import data_dir

    if embedded.stop(data_dir()):
        typer.echo(f"stopped the embedded PostgreSQL in {embedded.pgdata(data_dir())}")
    else:
        typer.echo("the embedded PostgreSQL was not running")
