"""The `registry` command: parse, call the library (registry.read, the loader), hand
rows to output.

Exit codes: 0 answered, 1 nothing matched, 2 usage error (an unknown name, bad
input, an unreachable or un-migrated database).
"""

from __future__ import annotations

import errno
import io
import sys
from pathlib import Path
from typing import Annotated

import typer

from registry.cli_common import (
    AsOf,
    AsRecordedOn,
    DatabaseUrl,
    Format,
    Wide,
    answering,
    app,
    as_of,
    check_format,
    connect,
    emit,
    fail,
    on_record,
    target,
)


@app.command("who-heads")
def who_heads(
    city: Annotated[str, typer.Argument(help="City name, alias or slug (kabul, 'Addis Abeba').")],
    when: AsOf = None,
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Every mission seated in CITY and who heads it, in order of precedence.

    A head accredited from elsewhere shows where they reside (non-resident, at
    Tehran); a mission whose seat city is inferred, not stated, is marked.

    Example:

        registry who-heads kabul --as-of 2024-01-01
    """
    check_format(fmt)
    day = as_of(when)
    from registry import read
    from registry.render import post_row

    with connect(database_url, recorded_on) as conn, answering():
        answer = read.who_heads(conn, city, day)
    place = answer.city
    emit(
        [post_row(p) for p in answer.posts],
        fmt,
        [
            ("sending", "Sending"),
            ("mission_kind", "Kind"),
            ("head", "Head"),
            ("rank", "Rank"),
            ("since", "Since"),
            ("credentials", "Credentials"),
            ("accredited_to", "Accredited to"),
            ("source", "Source"),
        ],
        f"Missions in {place.name}, {place.country}, as of {day.isoformat()}"
        + on_record(recorded_on),
        f"no mission on record in {place.name} as of {day.isoformat()}" + on_record(recorded_on),
        wide=wide,
    )


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
    from registry.loader import MAX_ERRORS_SHOWN, LoadError, database_refused, load_paths
    from registry.paths import seeds_dir

    where = target(database_url)
    try:
        connect(database_url).close()  # checks reachability and revision
        report = load_paths(where.url, paths or [seeds_dir()])
    except LoadError as exc:
        for error in exc.errors[:MAX_ERRORS_SHOWN]:
            typer.echo(str(error), err=True)
        if len(exc.errors) > MAX_ERRORS_SHOWN:
            typer.echo(f"... and {len(exc.errors) - MAX_ERRORS_SHOWN:,} more", err=True)
        fail(f"{len(exc.errors)} error(s); nothing was written", 2)
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


# The other commands: cli_read adds its own to app; each group is a sub-app added here.
import registry.cli_read  # noqa: E402, F401
from registry.cli_db import db_app  # noqa: E402
from registry.cli_export import export_app  # noqa: E402
from registry.cli_import import import_app  # noqa: E402
from registry.cli_record import record_app  # noqa: E402
from registry.cli_serve import serve  # noqa: E402, F401

app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
app.add_typer(db_app, name="db")
app.add_typer(record_app, name="record")


class _ClosedOutput(io.TextIOBase):
    """Standard output when the shell closed it (``registry ... >&-``): writing fails
    as it would on the closed descriptor, in one line, like any Unix tool."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def main() -> None:
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
