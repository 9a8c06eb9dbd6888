"""`registry export ...`: CSV files for research, with a header row; the codebook is
docs/analysts.md, "Exports for research". The queries and rules are registry.export.

Exit codes: 0 rows written, 1 none to write (the header still is), 2 usage error
(a bad option, an unwritable file, --strict and a state without a COW code).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from registry.cli_common import AsOf, DatabaseUrl, as_of, connect, fail

if TYPE_CHECKING:
    from registry.export import Export

export_app = typer.Typer(
    help="CSV files for research: COW diplomatic exchange dyad-years, Lowy-style post counts.",
    no_args_is_help=True,
)

Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the CSV to this file (replaced whole, or not at all). Default: stdout.",
        show_default=False,
        dir_okay=False,
    ),
]


@export_app.command("cow")
def export_cow(
    from_year: Annotated[
        int | None,
        typer.Option(
            "--from-year",
            help="First year. Default: the first year with a head or status on record.",
            show_default=False,
        ),
    ] = None,
    to_year: Annotated[
        int | None,
        typer.Option(
            "--to-year",
            help="Last year. Default: the last year whose reference day has passed.",
            show_default=False,
        ),
    ] = None,
    day: Annotated[
        str,
        typer.Option(
            "--reference-day",
            help="The day of each year the levels are read on, MM-DD. Default: 12-31.",
            show_default=False,
        ),
    ] = "12-31",
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Fail (exit 2) instead of leaving out a state that has no COW code.",
        ),
    ] = False,
    output: Output = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Directed dyad-years in the Correlates of War Diplomatic Exchange layout:
    ccode1, ccode2, year, DR_at_1, DR_at_2, DE.

    DR_at_1 is the level of ccode2's representative at ccode1 (0 none, 1 chargé
    d'affaires, 2 minister, 3 ambassador, 9 other), DR_at_2 of ccode1's at ccode2,
    as held on the reference day (31 December) of each year; DE is 1 when either is
    non-zero. Parties without a COW state code (organisations, the Holy See...) are
    left out and counted on stderr. Codebook: docs/analysts.md.

    Example:

        registry export cow --from-year 2018 --to-year 2025 --output cow.csv
    """
    from registry import export

    try:
        month_day = export.parse_month_day(day)
        if from_year is not None and to_year is not None and from_year > to_year:
            raise export.ExportError(f"--from-year {from_year} is after --to-year {to_year}")
        with connect(database_url) as conn:
            result = export.cow_dyad_years(conn, from_year, to_year, month_day, strict)
    except export.ExportError as exc:
        fail(str(exc))
    _write(result, output, "no dyad with diplomatic representation on record in those years")


@export_app.command("posts")
def export_posts(
    when: AsOf = None,
    totals: Annotated[
        bool,
        typer.Option(
            "--totals", help="One row per sending state: posts by category, countries, cities."
        ),
    ] = False,
    output: Output = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Lowy Global Diplomacy Index style counts of the posts each state runs on a date:
    one row per sending state, host, city and kind of mission.

    A post counts when the registry holds the mission operating on the date (as
    `registry who-heads` does); honorary consulates and organisations' posts do not.
    Codebook: docs/analysts.md.

    Example:

        registry export posts --as-of 2024-10-01 --totals
    """
    day = as_of(when)
    from registry import export

    with connect(database_url) as conn:
        result = export.post_counts(conn, day, totals)
    _write(result, output, f"no post on record as of {day.isoformat()}")


def _write(result: Export, output: Path | None, empty: str) -> None:
    from registry.export import write_csv

    for note in result.notes:
        typer.echo(f"registry: {note}", err=True)
    if output is None or str(output) == "-":
        write_csv(result, sys.stdout)
    else:
        _write_file(result, output)
    if not result.rows:
        typer.echo(empty, err=True)
        raise typer.Exit(1)


def _write_file(result: Export, output: Path) -> None:
    """Into a temporary file beside the target, then renamed over it: a reader never
    sees half a file, and a failed export leaves an earlier one in place."""
    from registry.export import write_csv

    target = output.expanduser()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
    except OSError as exc:
        fail(f"--output: cannot write {output}: {exc.strerror or exc}")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            write_csv(result, f)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        fail(f"--output: cannot write {output}: {exc.strerror or exc}")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
