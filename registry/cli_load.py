"""`registry load`, in a module of its own (registry.launch starts it alone): seed
files validated, then written in one transaction (registry.seeds)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from registry.cli_common import DatabaseUrl, app, connect, fail, target

if TYPE_CHECKING:
    from registry.seeds.report import LoadError


@app.command("load")
def load(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Seed files or directories. Default: the bundled seeds."),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Validate seed files, then load them in one transaction (all or nothing).

    Every error is reported with file, line and field; with any error, nothing
    is written. Loading the same files again changes nothing.

    Example:

        registry load seeds/
    """
    from registry.access import CannotWrite
    from registry.paths import seeds_dir
    from registry.seeds.load import database_refused, load_files, read_paths
    from registry.seeds.report import LoadError

    try:  # the files first: a mistyped path starts no server and reaches none
        files = read_paths(paths or [seeds_dir()])
    except LoadError as exc:
        _refuse(exc)
    where = target(database_url)
    try:
        connect(database_url).close()  # checks reachability and revision
        report = load_files(where.url, files)
    except LoadError as exc:
        _refuse(exc)
    except CannotWrite as exc:
        fail(str(exc))
    except Exception as exc:  # the server, mid-load: one line, never a traceback
        message = database_refused(exc, where.where)
        if message is None:
            raise
        fail(message)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)
    inserted, updated, unchanged = (
        report.total_of("inserted"),
        report.total_of("updated"),
        report.total_of("unchanged"),
    )
    for table, counts in sorted(report.counts.items()):
        if counts["inserted"] or counts["updated"]:
            typer.echo(f"  {table}: {counts['inserted']} inserted, {counts['updated']} updated")
    summary = f"{inserted} inserted, {updated} updated, {unchanged} unchanged"
    if report.changed:
        typer.echo(f"loaded into {where.where}: {summary}")
    else:
        typer.echo(f"nothing changed in {where.where}: {summary}")


def _refuse(exc: LoadError) -> NoReturn:
    """What is wrong, a line each (the first MAX_ERRORS_SHOWN), then that nothing was
    written: exit 2."""
    from registry.seeds.report import MAX_ERRORS_SHOWN

    for error in exc.errors[:MAX_ERRORS_SHOWN]:
        typer.echo(str(error), err=True)
    if len(exc.errors) > MAX_ERRORS_SHOWN:
        typer.echo(f"... and {len(exc.errors) - MAX_ERRORS_SHOWN:,} more", err=True)
    fail(f"{len(exc.errors)} error(s); nothing was written", 2)
