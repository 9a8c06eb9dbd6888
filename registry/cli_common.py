"""What every command shares: options, the checked connection, name resolution,
and turning rows into output. Commands live in cli.py, cli_read.py and cli_db.py."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import click
import typer
from typer.core import TyperGroup

from registry.dates import show

if TYPE_CHECKING:
    from pathlib import Path

    import psycopg

    from registry.charts import Timeline
    from registry.db import Target
    from registry.outfile import Destination

T = TypeVar("T")

DatabaseUrl = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="PostgreSQL URL (postgresql://user@host/db). Default: $REGISTRY_DATABASE_URL, "
        "else an embedded PostgreSQL in your data directory.",
        show_default=False,
    ),
]
Format = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        help="table (fitted to the terminal, or to $COLUMNS or 80 columns when piped), "
        "tsv (one line a row, for grep, cut and awk), json, jsonl or csv.",
    ),
]
Wide = Annotated[
    bool,
    typer.Option("--wide", help="Tables: show every column, however wide the lines get."),
]


def fail(message: str, code: int = 2) -> NoReturn:
    """One line on stderr and the exit code. The message may quote the data (a name
    in a did-you-mean): its control characters are shown escaped, never obeyed, and
    any password in it masked."""
    from registry.db import mask_text
    from registry.output import for_terminal

    # Masked too: a URL may turn up where a name was expected (who-heads postgres://...).
    typer.echo(f"registry: {for_terminal(mask_text(message))}", err=True)
    raise typer.Exit(code)


WHERE = "registry.where"  # click context meta: the database the command talks to


def target(database_url: str | None) -> Target:
    from registry.db import DatabaseError, resolve

    try:
        found = resolve(database_url)
    except DatabaseError as exc:
        fail(str(exc))
    ctx = click.get_current_context(silent=True)
    if ctx is not None:  # for a failure later in the command, to say which database
        ctx.meta[WHERE] = found.where
    return found


class _HelpFormatter(click.HelpFormatter):
    """Help as Typer means it: with rich installed but rich_markup_mode=None, Typer
    still escapes the brackets of "[required]" and "[default: table]" for rich."""

    def write_dl(self, rows: Iterable[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().write_dl([(term, text.replace("\\[", "[")) for term, text in rows], *args, **kwargs)


class _Context(click.Context):
    formatter_class = _HelpFormatter


class RegistryGroup(TyperGroup):
    """The `registry` command: plain help on every page, and the failures no command
    can foresee (the server stopping mid-read, a statement timeout, a full disk or a
    closed standard output) as one line instead of a traceback."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        def plain_help(command: click.Command) -> None:
            command.context_class = _Context
            for sub in getattr(command, "commands", {}).values():
                plain_help(sub)

        plain_help(self)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise  # the reader went away (| head -1): Typer ends quietly, exit 1
        except OSError as exc:
            if exc.errno not in _WRITE_ERRORS:
                raise
            _discard_stdout()
            where = f"{exc.filename}: " if exc.filename else "cannot write the output: "
            fail(where + (exc.strerror or str(exc)))
        except Exception as exc:
            from registry.output import OutputError

            if isinstance(exc, OutputError):
                _discard_stdout()
                fail(f"cannot write the output: {exc}")
            alembic_util = sys.modules.get("alembic.util")
            if alembic_util is not None and isinstance(exc, alembic_util.CommandError):
                fail(str(exc))  # migrating the embedded server: env.py's one line
            message = database_failure(exc, ctx.meta.get(WHERE))
            if message is None:
                raise
            fail(message)


_WRITE_ERRORS = (errno.EBADF, errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG)


def _discard_stdout() -> None:
    """Output that could not be written is dropped, not retried at exit (which would
    print "Exception ignored ..." after our one line)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def database_failure(exc: BaseException, where: str | None) -> str | None:
    """One line for an error the database raised mid-command, or None if it is not one.
    Neither psycopg nor SQLAlchemy is imported for it: if neither is loaded, it is not."""
    psycopg = sys.modules.get("psycopg")
    sa_exc = sys.modules.get("sqlalchemy.exc")
    orig: BaseException = exc
    if sa_exc is not None and isinstance(exc, sa_exc.DBAPIError) and exc.orig is not None:
        orig = exc.orig
    if psycopg is None or not isinstance(orig, psycopg.Error):
        return None
    from registry.db import mask_text

    lines = str(orig).strip().splitlines()
    first = mask_text(lines[0] if lines else type(orig).__name__)
    where = where or "the database"
    if isinstance(orig, psycopg.errors.QueryCanceled):
        return f"{where} cancelled the query: {first}"
    if isinstance(orig, psycopg.OperationalError):
        return f"lost the connection to {where}: {first}"
    return f"{where} refused the query: {first}"


# JIT compilation costs a read command ~100 ms at world scale and buys nothing for
# queries that read a few hundred rows by index (benchmarks/README.md).
READ_OPTIONS = "-c jit=off"


def connect(database_url: str | None, recorded_on: str | None = None) -> psycopg.Connection[Any]:
    """A checked connection: reachable, and at the schema revision this code needs.

    With ``recorded_on`` (--as-recorded-on), the session sees the registry as it
    was recorded then: the reporting views honour ``registry.as_recorded``.
    """
    instant = as_recorded(recorded_on)  # a bad value fails before any connection
    import psycopg

    from registry import schema
    from registry.db import describe_connect_error

    where = target(database_url)
    dsn = where.dsn
    try:
        conn = psycopg.connect(dsn, connect_timeout=10, options=READ_OPTIONS)
    except psycopg.Error as exc:
        fail(describe_connect_error(exc, where.where))
    try:
        revision = schema.current_revision(conn)
    except schema.RevisionUnreadable as exc:
        conn.close()
        fail(f"{where.where}: {exc}")
    if revision is not None and revision != schema.HEAD and not schema.is_known(revision):
        fail(
            f"the database at {where.where} is at revision {revision}, newer than this "
            f"registry (which needs {schema.HEAD}): install the registry version that migrated it"
        )
    if revision != schema.HEAD:
        if where.embedded:
            conn.close()
            schema.upgrade(where.url)
            return _recorded(psycopg.connect(dsn, options=READ_OPTIONS), instant)
        state = f"is at revision {revision}" if revision else "has no registry schema"
        fail(
            f"the database at {where.where} {state}; this registry needs {schema.HEAD}: "
            "run `alembic upgrade head` (registry never migrates a configured server itself)"
        )
    return _recorded(conn, instant)


def _recorded(
    conn: psycopg.Connection[Any], instant: dt.datetime | None
) -> psycopg.Connection[Any]:
    if instant is not None:  # session-wide: the views and heads_as_of read it
        conn.execute("SELECT set_config('registry.as_recorded', %s, false)", (instant.isoformat(),))
    return conn


def as_recorded(value: str | None) -> dt.datetime | None:
    """--as-recorded-on: a date means the end of that day in UTC (its last
    microsecond, so everything recorded that day counts); an ISO 8601 time
    (2025-03-01T14:30, 2025-03-01T14:30+01:00; UTC unless an offset is given) that
    instant. Given to the server in UTC: PostgreSQL takes offsets up to 15:59 only."""
    if value is None:
        return None
    text = value.strip()
    usage = "use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]"
    try:
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            instant = dt.datetime.fromisoformat(text)
            if instant.tzinfo is None:
                instant = instant.replace(tzinfo=dt.UTC)
        else:
            instant = dt.datetime.combine(day, dt.time.max, dt.UTC)
        return instant.astimezone(dt.UTC)
    except ValueError:
        fail(f"--as-recorded-on: {value!r} is not a date or time: {usage}")
    except OverflowError:  # 0001-01-01T00:00+01:00 is in year 0, before datetime's range
        fail(
            f"--as-recorded-on: {value!r} is out of range: "
            "give a time from 0001-01-01 to 9999-12-31 (UTC)"
        )


def on_record(recorded_on: str | None) -> str:
    """The title's note of recorded time: ', as recorded on 2025-03-01'."""
    return f", as recorded on {recorded_on.strip()}" if recorded_on else ""


def as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    from registry.dates import PartialDate

    try:
        return PartialDate.parse(value).first_day
    except ValueError as exc:
        fail(f"--as-of: {exc}")


def chart_destination(chart: Path | None) -> Destination | None:
    """--chart FILE, checked before any query: the format by its suffix, the path as
    `export --output` checks it (registry.outfile)."""
    if chart is None:
        return None
    from registry.charts import FORMATS
    from registry.outfile import OutputPathError, destination

    if chart.suffix.lower() not in FORMATS:
        fail(f"--chart: {str(chart)!r}: give a file ending in .svg or .png")
    try:
        return destination(chart, "--chart")
    except OutputPathError as exc:
        fail(str(exc))


def draw_chart(timeline: Timeline, where: Destination) -> None:
    """Draw it to the file checked by chart_destination; one line on stderr says so."""
    from registry.charts import draw
    from registry.outfile import OutputPathError, write

    if not timeline.bars:
        fail(f"--chart: nothing to draw: no head of mission on record ({where.given} not written)")
    try:
        write(where, "--chart", lambda f: draw(timeline, f, where.given.suffix.lower()))
    except OutputPathError as exc:
        fail(str(exc))
    count = len(timeline.bars)
    typer.echo(
        f"registry: drew {count} tenure{'' if count == 1 else 's'} to {where.given}", err=True
    )


@contextlib.contextmanager
def progress() -> Iterator[Callable[[str, int], None]]:
    """A live line on a terminal (stderr) for long work: ``step(stage, rows)`` says
    where it is. Nothing when stderr is piped or redirected, or in tests."""
    if not sys.stderr.isatty():
        yield lambda _stage, _rows: None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.fields[rows]}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("starting", total=None, rows="")

        def step(stage: str, rows: int) -> None:
            bar.update(task, description=stage, rows=f"{rows:,} rows" if rows else "")

        yield step


def check_format(fmt: str) -> None:
    from registry.output import FORMATS

    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")


AsOf = Annotated[str | None, typer.Option("--as-of", help="Date (YYYY-MM-DD). Default: today.")]
AsRecordedOn = Annotated[
    str | None,
    typer.Option(
        "--as-recorded-on",
        help="Answer from what the registry held then (recorded time, not --as-of's valid "
        "time): YYYY-MM-DD means the end of that day, UTC; or an ISO time. Default: now.",
        show_default=False,
    ),
]


# A did-you-mean or an ambiguity names at most this many; more would be a listing.
MOST_NAMES = 5


def resolve(find: Callable[[Any, str], T], conn: Any, name: str) -> T:
    """A city, party or person by the name typed. An empty name, or one that no
    name could be (a control character, too long), is a usage error before any
    query: an empty name would otherwise match, and list, everyone."""
    from registry.limits import NAME, text_problem
    from registry.queries import AmbiguousName, UnknownName

    what = find.__name__.removeprefix("find_")
    if not name.strip():
        fail(f"an empty {what} name matches nothing: give a name, alias or code")
    problem = text_problem(name, NAME)
    if problem:
        fail(f"the {what} name {problem}")
    try:
        return find(conn, name)
    except UnknownName as exc:
        if len(exc.suggestions) <= MOST_NAMES:
            fail(str(exc))
        fail(
            f"no {exc.what} {exc.name!r}; did you mean {' or '.join(exc.suggestions[:MOST_NAMES])}?"
        )
    except AmbiguousName as exc:
        fail(_at_most_a_few(exc, what, name))


def _at_most_a_few(exc: LookupError, what: str, name: str) -> str:
    """An ambiguity naming its first candidates and how many more there are."""
    message = str(exc)
    head = f"{what} {name!r} is ambiguous: "
    candidates = getattr(exc, "candidates", None)
    if candidates is None:  # queries.AmbiguousName keeps them only in its message
        if not message.startswith(head):
            return message
        candidates = message[len(head) :].split(", ")
    if len(candidates) <= MOST_NAMES:
        return message
    more = len(candidates) - MOST_NAMES
    return f"{head}{', '.join(candidates[:MOST_NAMES])} and {more} more: give more of the name"


def emit(
    rows: list[dict[str, Any]],
    fmt: str,
    columns: Sequence[tuple[str, str]],
    title: str,
    empty: str,
    caption: str | None = None,
    wide: bool = False,
) -> None:
    from registry.output import render

    if fmt in ("table", "tsv"):
        keys = {k for k, _ in columns}
        marked = "city" not in keys and "mission_kind" in keys
        if marked and any(row.get("seat_inferred") for row in rows):
            # The title names the city: mark the missions whose seat is only inferred.
            rows = [
                {**row, "mission_kind": f"{row['mission_kind']} {INFERRED_MARK}"}
                if row.get("seat_inferred")
                else row
                for row in rows
            ]
            caption = "\n".join(x for x in (caption, INFERRED_NOTE) if x)
        rows = [{k: table_value(k, v, row) for k, v in row.items()} for row in rows]
    render(rows, fmt, columns, title=title, caption=caption, wide=wide)
    if not rows:
        from registry.output import for_terminal

        typer.echo(for_terminal(empty), err=True)
        raise typer.Exit(1)


INFERRED_MARK = "†"
INFERRED_NOTE = f"{INFERRED_MARK} seat city inferred (the host's capital), not stated by the source"


def table_value(key: str, value: Any, row: dict[str, Any]) -> Any:
    if key == "head" and "head_status" in row:
        cell = head_cell(row)
        return (
            f"{cell} ({non_resident(row['resident_city'])})" if row.get("resident_city") else cell
        )
    if key == "city" and value and row.get("seat_inferred"):
        return f"{value} (inferred)"
    if key == "since" and value is None and "first_attested" in row:
        return f"unknown (attested {row['first_attested']})" if row["first_attested"] else "unknown"
    if key == "credentials" and row.get("credentials_to"):
        return f"{value or 'date unknown'} to {row['credentials_to']}"
    return value


def post_row(post: Any) -> dict[str, Any]:
    """A mission and its head on a date (queries.Post) as output keys."""
    return {
        "sending": post.sending,
        "sending_code": post.sending_code,
        "mission_kind": post.mission_kind,
        "head": post.head,
        "head_status": post.head_status,
        "rank": post.rank,
        "rank_class": post.rank_class,
        "since": show(post.since, post.since_precision),
        "first_attested": show(post.first_attested_on, post.attested_precision),
        "credentials": show(post.credentials_on, post.credentials_precision),
        "credentials_to": post.credentials_authority,
        "accredited_to": post.accredited_to,
        "source": post.source,
        "host": post.host,
        "city": post.city,
        "seat_inferred": post.seat_inferred,
        "resident_city": post.resident_city,
    }


def non_resident(city: str) -> str:
    """A head accredited from elsewhere: 'non-resident, at Tehran'."""
    return f"non-resident, at {city}"


def head_cell(row: dict[str, Any]) -> str:
    status = row["head_status"]
    if status == "named":
        return str(row["head"])
    if status == "unnamed":
        return "(name not reported)"
    if status == "vacant":
        return "no head on record"
    return "unknown"
