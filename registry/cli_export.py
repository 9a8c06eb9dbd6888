"""`registry export ...`: CSV files for research, with a header row; the codebook is
docs/analysts.md, "Exports for research". The queries and rules are registry.export.

Exit codes: 0 rows written, 1 none to write (the header still is), 2 usage error
(a bad option, an unwritable file, --strict and a state without a COW code).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING, Annotated

import typer

from registry.cli_common import AsOf, CommandGroup, DatabaseUrl, as_of, connect, fail, progress

if TYPE_CHECKING:
    from registry.export import Export
    from registry.outfile import Destination

export_app = typer.Typer(
    cls=CommandGroup,
    help="CSV files for research: COW diplomatic exchange dyad-years, Lowy-style post counts.",
    no_args_is_help=True,
)

Output = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write the CSV to this file (replaced whole, or not at all; through a "
        "symlink to it; a FIFO or a terminal is written into). Default: stdout.",
        show_default=False,
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

    destination = _destination(output)
    try:
        month_day = export.parse_month_day(day)
        if from_year is not None and to_year is not None and from_year > to_year:
            raise export.ExportError(f"--from-year {from_year} is after --to-year {to_year}")
        with connect(database_url) as conn, progress() as step:
            step(f"dyad-years {from_year}-{to_year}", 0)
            result = export.cow_dyad_years(conn, from_year, to_year, month_day, strict)
    except export.ExportError as exc:
        fail(str(exc))
    _write(result, destination, "no dyad with diplomatic representation on record in those years")


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
    destination = _destination(output)
    from registry import export

    with connect(database_url) as conn, progress() as step:
        step(f"posts as of {day.isoformat()}", 0)
        result = export.post_counts(conn, day, totals)
    _write(result, destination, f"no post on record as of {day.isoformat()}")


def _destination(output: Path | None) -> Destination | None:
    """Checked before the export runs (registry.outfile); none for standard output."""
    from registry.outfile import OutputPathError, destination

    if output is None or str(output) == "-":
        return None
    try:
        return destination(output, "--output")
    except OutputPathError as exc:
        fail(str(exc))


def _write(result: Export, where: Destination | None, empty: str) -> None:
    import io

    from registry.export import write_csv
    from registry.outfile import OutputPathError, write
    from registry.output import for_terminal, is_terminal

    for note in result.notes:
        typer.echo(f"registry: {for_terminal(note)}", err=True)
    if where is None:
        write_csv(result, sys.stdout, terminal=is_terminal(sys.stdout))
        sys.stdout.flush()  # a write error surfaces here, in one line
    else:

        def fill(f: IO[bytes]) -> None:
            text = io.TextIOWrapper(f, encoding="utf-8", newline="", write_through=True)
            write_csv(result, text, terminal=is_terminal(text))
            text.detach()

        try:
            write(where, "--output", fill)
        except OutputPathError as exc:
            fail(str(exc))
    if not result.rows:
        typer.echo(empty, err=True)
        raise typer.Exit(1)
