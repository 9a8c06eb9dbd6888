"""`registry import ...`: public datasets and bundles, all through the bulk path.

Each importer reads its dataset's own layout and writes a bundle (registry/bulk.py)
into a temporary directory; ``load_bundle`` then loads it in one transaction.
Every value an importer could not map is reported, grouped, never dropped silently;
``--strict`` turns them into errors (exit 2, nothing written).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from registry.cli_common import CommandGroup, DatabaseUrl, connect, fail, progress, target

if TYPE_CHECKING:
    import psycopg

    from registry.bulk import BulkReport, Locate, Problem
    from registry.bundle.runs import Recalled

import_app = typer.Typer(
    cls=CommandGroup,
    help="Import public datasets (pocom, rdcr, Wikidata embassies) or a bundle, in bulk.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

Strict = Annotated[
    bool, typer.Option("--strict", help="Refuse the import if any value cannot be mapped.")
]
UnmappedReport = Annotated[
    Path | None,
    typer.Option(
        "--unmapped-report",
        help="Write every unmapped value and notice to this CSV file.",
        dir_okay=False,
        show_default=False,
    ),
]
Force = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Read and load the files even if they are unchanged since the last import "
        "and nothing was written since.",
    ),
]
# Producer: reads a dataset (with the connection for lookups) and writes a bundle;
# returns what names a problem in the bundle by the dataset's own file and line.
Producer = Callable[["psycopg.Connection[Any]", Path, Path], "Locate"]
SHOWN_GROUPS = 15


@import_app.command("bundle")
def bundle(
    directory: Annotated[
        Path, typer.Argument(help="Bundle directory (sources.csv, missions.csv, ...).")
    ],
    strict: Strict = False,
    unmapped_report: UnmappedReport = None,
    force: Force = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Load a bundle: the registry's own bulk format (CSV files with natural keys).

    See docs/importing.md for the files and their columns. One transaction; any
    error names file, line and field and writes nothing. Loading it again changes
    nothing.

    Example:

        registry import bundle exports/kabul-bundle/
    """
    from registry.importers import inputs

    _directory(directory)
    run(
        database_url,
        strict,
        unmapped_report,
        directory,
        None,
        Import("bundle", inputs.BUNDLE, force),
    )


@import_app.command("pocom")
def pocom(
    directory: Annotated[
        Path, typer.Argument(help="A HistoryAtState/pocom checkout (or sample) directory.")
    ],
    strict: Strict = False,
    unmapped_report: UnmappedReport = None,
    force: Force = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Import the Office of the Historian's chiefs of mission (pocom, published layout).

    People, US missions to countries and organisations, ranks, appointed/started/ended
    with the end cause, concurrent (non-resident) accreditations, historical states.
    Seats are the receiving state's capital, marked as inferred.

    Example:

        registry import pocom ../shared/data/pocom-sample
    """
    from registry.importers import inputs

    _directory(directory)
    if not (directory / "missions-countries").is_dir():
        fail(f"{directory}: no missions-countries/ directory (not a pocom checkout)")
    run(
        database_url,
        strict,
        unmapped_report,
        directory,
        _produced_by("pocom"),
        Import("pocom", inputs.POCOM, force),
    )


@import_app.command("rdcr")
def rdcr(
    directory: Annotated[
        Path, typer.Argument(help="A HistoryAtState/rdcr checkout (or sample) directory.")
    ],
    strict: Strict = False,
    unmapped_report: UnmappedReport = None,
    force: Force = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Import the Office of the Historian's guide to US recognition and relations.

    Each timeline event of articles/*.xml becomes a recognition act, a relations event
    (established, severed, suspended, resumed) or a status change of a US mission
    (opened, closed, suspended, re-opened, raised to an embassy, moved), on the day
    the prose gives; headings registry/data/rdcr_headings.csv cannot classify and
    countries it cannot place are reported with file and line.

    Example:

        registry import rdcr ../shared/data/rdcr-sample
    """
    from registry.importers import inputs

    _directory(directory)
    if not (directory / "articles").is_dir():
        fail(f"{directory}: no articles/ directory (not an rdcr checkout)")
    run(
        database_url,
        strict,
        unmapped_report,
        directory,
        _produced_by("rdcr"),
        Import("rdcr", inputs.RDCR, force),
    )


@import_app.command("wikidata-embassies")
def wikidata_embassies(
    path: Annotated[
        Path, typer.Argument(help="The database-of-embassies CSV (semicolon-separated).")
    ],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The extract's date (YYYY-MM-DD), the source date. Default: from the file name.",
            show_default=False,
        ),
    ] = None,
    strict: Strict = False,
    unmapped_report: UnmappedReport = None,
    force: Force = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Import diplomatic missions extracted from Wikidata (database-of-embassies).

    Operator, jurisdictions, country and city, type and creation date become the
    mission, its accreditations, its seat (districts resolved to their city), its kind
    and its opening; each mission is reported operating on the extract's date, so
    newer facts (closures since) win. QIDs are kept as external identifiers.

    Example:

        registry import wikidata-embassies database_of_embassies-2022-11-16.csv
    """
    import datetime as dt
    from functools import partial

    from registry.importers import wikidata as importer

    if not path.exists():
        fail(f"{path}: no such file")
    if not path.is_file():
        fail(f"{path}: not a file")
    day: dt.date | None = None
    if as_of is not None:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            fail(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)")
    elif importer.extract_date(path) is None:
        fail(f"{path.name}: no date in the file name; give --as-of YYYY-MM-DD")
    run(
        database_url,
        strict,
        unmapped_report,
        path,
        partial(importer.write_bundle, as_of=day),
        Import("wikidata-embassies", (), force, {"as_of": day} if day else {}),
    )


def _produced_by(importer: str) -> Producer:
    """The importer's write_bundle, imported when it is called: a re-import that
    recalls the last one never imports it (100 ms for pocom)."""

    def produce(conn: psycopg.Connection[Any], directory: Path, out: Path) -> Locate:
        import importlib

        module = importlib.import_module(f"registry.importers.{importer}")
        return module.write_bundle(conn, directory, out)  # type: ignore[no-any-return]

    return produce


def _directory(directory: Path) -> None:
    if not directory.exists():
        fail(f"{directory}: no such directory")
    if not directory.is_dir():
        fail(f"{directory}: not a directory")


@dataclass(frozen=True)
class Import:
    """Which importer reads the files, whether --force was given, and its other
    options that change what is written (registry/bundle/runs.py)."""

    dataset: str
    inputs: tuple[str, ...]  # the files the importer reads: glob patterns, () for a file
    force: bool
    options: dict[str, object] = field(default_factory=dict)


def run(
    database_url: str | None,
    strict: bool,
    unmapped_report: Path | None,
    directory: Path,
    produce: Producer | None,
    asked: Import,
) -> None:
    """Produce a bundle (unless given one), load it, and report; or, when the files
    and the registry are as an earlier import left them, report that import.

    Every way it can fail is one line on stderr and exit 2, with nothing written: bad
    input (file, line and field), a login that may not write, a server that goes away.
    """
    import psycopg

    from registry.access import CannotWrite, check_can_write
    from registry.bulk import BulkError, ConnectionLost, EmptyBundle, load_bundle
    from registry.bundle import runs
    from registry.importers.common import DatasetError

    if unmapped_report is not None:
        _writable(unmapped_report)  # before the import, not after its commit
    where = target(database_url)
    options = {"strict": strict, **asked.options}
    read = runs.Reading.of(asked.dataset, directory, asked.inputs, options)
    conn = connect(database_url)
    try:
        check_can_write(conn)  # before reading a dataset for minutes (load_bundle asks too)
        recalled = None if asked.force else runs.recall(conn, read)
        conn.rollback()
        if recalled is not None:
            _print_recalled(recalled, where.where, unmapped_report)
            return
        read = runs.watch(conn, read)
        conn.rollback()
        with _workdir(directory, produce is not None) as work:
            locate = None
            if produce is not None:
                with progress() as step:
                    step("reading", 0)
                    locate = produce(conn, directory, work)
            conn.rollback()  # end the checks' and lookups' reads: the load commits on its own
            with progress() as step:
                report = load_bundle(
                    conn, work, strict=strict, progress=step, locate=locate, reading=read
                )
    except CannotWrite as exc:
        fail(str(exc))
    except DatasetError as exc:
        fail(f"{exc}; nothing was written")
    except EmptyBundle as exc:
        fail(str(exc.errors[0]))
    except BulkError as exc:
        for error in exc.errors:
            typer.echo(_located(error, directory, produce is not None), err=True)
        more = f" (and {exc.more} more)" if exc.more else ""
        fail(f"{len(exc.errors) + exc.more} error(s){more}; nothing was written")
    except ConnectionLost as exc:
        fail(exc.describe(where.where))
    except psycopg.OperationalError as exc:  # while reading for an importer, before the load
        if conn.broken or conn.closed:
            fail(f"lost the connection to {where.where} during the import; nothing was written")
        from registry.refusals import refusal

        said = refusal(exc).first_line  # any password masked
        fail(f"the database stopped the import ({said}); nothing was written")
    finally:
        conn.close()
    _print_report(report, where.where, unmapped_report)


def _located(error: Problem, directory: Path, produced: bool) -> str:
    """A user's bundle: its files named by path. A produced bundle's problems name the
    dataset's file and line; one the importer cannot place names the bundle it made."""
    import dataclasses

    from registry.bulk import BUNDLE_FILES

    in_bundle = error.file in BUNDLE_FILES or error.file == "(database)"
    if not produced:
        if Path(error.file).name == error.file and error.file not in ("(database)", str(directory)):
            error = dataclasses.replace(error, file=str(directory / error.file))
        return str(error)
    return f"{error} (in the bundle made from {directory})" if in_bundle else str(error)


def _writable(path: Path) -> None:
    """Fail before importing if the report could not be written after the commit."""
    parent = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        fail(f"--unmapped-report {path}: a directory, not a file")
    if not parent.is_dir():
        fail(f"--unmapped-report {path}: no directory {parent}")
    if not os.access(path if path.exists() else parent, os.W_OK):
        fail(f"--unmapped-report {path}: cannot write it (permission denied)")


@contextmanager
def _workdir(directory: Path, temporary: bool) -> Iterator[Path]:
    if not temporary:
        yield directory
        return
    import tempfile  # here, not at the top: `registry --help` imports this module

    with tempfile.TemporaryDirectory(prefix="registry-bundle-") as tmp:
        yield Path(tmp)


def _print_recalled(recalled: Recalled, where: str, unmapped_report: Path | None) -> None:
    when = recalled.imported_at.astimezone(dt.UTC)
    typer.echo(
        f"nothing changed in {where}: the same files and options as the import of "
        f"{when:%Y-%m-%d %H:%M:%S} UTC, and nothing written since; not read again "
        "(--force reads them)"
    )
    _print_problems(recalled.problems, unmapped_report)


def _print_report(report: BulkReport, where: str, unmapped_report: Path | None) -> None:
    """The counts, then every unmapped value and notice, grouped."""
    for table, counts in report.counts.items():
        if counts.inserted or counts.superseded:
            typer.echo(
                f"  {table}: {counts.inserted} inserted, {counts.superseded} superseded, "
                f"{counts.unchanged} unchanged"
            )
    summary = (
        f"{report.total_of('inserted')} inserted, {report.total_of('superseded')} superseded, "
        f"{report.total_of('unchanged')} unchanged"
    )
    if report.changed:
        typer.echo(f"imported into {where}: {summary}")
    else:
        typer.echo(f"nothing changed in {where}: {summary}")
    _print_problems(report.unmapped, unmapped_report)


def _print_problems(unmapped: list[Problem], unmapped_report: Path | None) -> None:
    from registry.urls import mask_text

    if not unmapped:
        return
    for severity, heading in (("unmapped", "could not be mapped"), ("notice", "notices")):
        problems = [p for p in unmapped if p.severity == severity]
        if not problems:
            continue
        groups = Counter((p.field, _gist(p)) for p in problems)
        example: dict[tuple[str, str], Problem] = {}
        for p in problems:
            example.setdefault((p.field, _gist(p)), p)
        typer.echo(f"{len(problems)} {heading} ({len(groups)} kinds):")
        for (fieldname, gist), n in groups.most_common(SHOWN_GROUPS):
            first = example[(fieldname, gist)]
            at = f"{first.file}:{first.line}" if first.line else first.file
            typer.echo(mask_text(f"  {n:>6} × {fieldname}: {gist}  (e.g. {at})"))
        if len(groups) > SHOWN_GROUPS and unmapped_report is None:
            import tempfile

            handle, name = tempfile.mkstemp(prefix="registry-unmapped-", suffix=".csv")
            os.close(handle)
            unmapped_report = Path(name)
        if len(groups) > SHOWN_GROUPS:
            typer.echo(f"  ... {len(groups) - SHOWN_GROUPS} more kinds in {unmapped_report}")
    if unmapped_report is not None:
        _write_problems(unmapped, unmapped_report)
        typer.echo(f"every unmapped value and notice: {unmapped_report}")


def _gist(problem: Problem) -> str:
    """What a problem says, without where: the message names the value."""
    return problem.message


def _write_problems(problems: list[Problem], path: Path) -> None:
    import csv

    from registry.urls import mask_text

    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["file", "line", "field", "value", "message", "severity"])
        for p in problems:
            value, message = mask_text(p.value), mask_text(p.message)
            out.writerow([p.file, p.line or "", p.field, value, message, p.severity])
