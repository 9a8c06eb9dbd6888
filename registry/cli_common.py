"""What every command shares: the app, options, the checked connection, the read
library's errors as one line, and turning rows into output. Commands live in cli.py,
cli_read.py, cli_db.py, cli_export.py, cli_import.py and cli_record_*.py, which import
from here (never from cli.py, which imports them)."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import click
import typer
from typer.core import TyperArgument, TyperGroup

from registry.cli_help import HelpContext

if TYPE_CHECKING:
    import psycopg

    from registry.charts import Timeline
    from registry.db import Target
    from registry.outfile import Destination
    from registry.read import AmbiguousName

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
Chart = Annotated[
    Path | None,
    typer.Option(
        "--chart",
        help="Also draw the timeline to FILE: .svg or .png (matplotlib).",
        metavar="FILE",
        show_default=False,
    ),
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


def _keep_argument_help() -> None:
    """Typer 0.20 (held below 0.21, see pyproject.toml) sets an argument's help and
    then calls click's Argument.__init__, which since click 8.5 sets it again from its
    own, empty, ``help``: every argument's help vanished from --help. Set it after."""
    original = TyperArgument.__init__
    if getattr(original, "_keeps_help", False):
        return

    def __init__(self: TyperArgument, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.help = kwargs.get("help")

    __init__._keeps_help = True  # type: ignore[attr-defined]
    TyperArgument.__init__ = __init__  # type: ignore[method-assign]


_keep_argument_help()


def _no_rich_in_help() -> None:
    """With rich installed, Typer imports it (tens of milliseconds) to escape each
    option's "[default: ...]" and "[required]" for rich, even with rich_markup_mode
    None, and registry.cli_help's formatter unescapes them again. Told rich is not
    there, Typer writes them plain: the same help, without rich (issue 19)."""
    import typer.core

    typer.core.HAS_RICH = False


_no_rich_in_help()


class CommandGroup(TyperGroup):
    """A group of commands (`registry`, `registry record`, ...): a mistyped command
    named with its close matches once. Click 8.4 names them itself, and Typer 0.20
    adds them again ("Did you mean 'status'? Did you mean 'status'?")."""

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if hasattr(click.exceptions, "NoSuchCommand"):  # click 8.4+: its own suggestion
            return click.Group.resolve_command(self, ctx, args)
        return super().resolve_command(ctx, args)  # an older click: Typer's


class RegistryGroup(CommandGroup):
    """The `registry` command: plain help on every page, and the failures no command
    can foresee (the server stopping mid-read, a statement timeout, a full disk or a
    closed standard output) as one line instead of a traceback."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        def plain_help(command: click.Command) -> None:
            command.context_class = HelpContext
            for sub in getattr(command, "commands", {}).values():
                plain_help(sub)

        plain_help(self)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.exceptions.NoArgsIsHelpError:
            raise  # bare `registry`: the help, as click prints it
        except click.UsageError as exc:  # `registry --bogus`: one line, as a command's
            fail(f"{exc.format_message()} (see 'registry --help')", exc.exit_code)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.exceptions.NoArgsIsHelpError:
            raise  # bare `registry import`: the group's help, as click prints it
        except click.UsageError as exc:  # a command's options: one line, not click's four
            path = exc.ctx.command_path if exc.ctx else "registry"
            fail(f"{exc.format_message()} (see '{path} --help')", exc.exit_code)
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


def connect(database_url: str | None, recorded_on: str | None = None) -> psycopg.Connection[Any]:
    """A checked connection (registry.db.connect): reachable, and at the schema
    revision this code needs; with ``recorded_on`` (--as-recorded-on), the session
    sees the registry as it was recorded then."""
    instant = as_recorded(recorded_on)  # a bad value fails before any connection
    from registry.db import CannotRead
    from registry.db import connect as checked

    where = target(database_url)
    try:
        return checked(where, instant)
    except CannotRead as exc:
        fail(str(exc))


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
    from registry.output import for_terminal

    count = len(timeline.bars)
    typer.echo(
        f"registry: drew {count} tenure{'' if count == 1 else 's'} to "
        f"{for_terminal(str(where.given))}",
        err=True,
    )
    if timeline.left_out:
        typer.echo(
            f"registry: not drawn, posts of their own: {', '.join(timeline.left_out)} "
            "(registry history MISSION_ID --chart FILE draws one)",
            err=True,
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


@contextlib.contextmanager
def answering() -> Iterator[None]:
    """The read library's name errors (registry.read) as one line each, exit 2: an
    invalid name, an unknown one with its did-you-mean, an ambiguous one."""
    from registry.read import AmbiguousName, InvalidName, UnknownName

    try:
        yield
    except InvalidName as exc:
        fail(str(exc))
    except UnknownName as exc:
        if len(exc.suggestions) <= MOST_NAMES:
            fail(str(exc))
        fail(
            f"no {exc.what} {exc.name!r}; did you mean {' or '.join(exc.suggestions[:MOST_NAMES])}?"
        )
    except AmbiguousName as exc:
        fail(_at_most_a_few(exc))


def _at_most_a_few(exc: AmbiguousName) -> str:
    """An ambiguity naming its first candidates and how many more there are. The
    candidates are counted in the message, split at ", " as they always were: a
    candidate holding ", " (Korea, Republic of) counts twice (issue 16: kept as is)."""
    message = str(exc)
    head = f"{exc.what} {exc.name!r} is ambiguous: "
    if not message.startswith(head):
        return message
    listed = message[len(head) :].removesuffix(f": {exc.hint}" if exc.hint else "")
    candidates = listed.split(", ")
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
        from registry.render import table_rows

        rows, caption = table_rows(rows, columns, caption)
    # No answer: machine formats still print their empty document (a header, []),
    # a table would be an empty frame; the message says it, on stderr, exit 1.
    if rows or fmt != "table":
        render(rows, fmt, columns, title=title, caption=caption, wide=wide)
    if not rows:
        from registry.output import for_terminal

        typer.echo(for_terminal(empty), err=True)
        raise typer.Exit(1)


# The `registry` command. Created here, not in cli.py, so that the modules adding
# commands to it import it without importing cli.py, which imports them.
app = typer.Typer(
    help="Who represents whom, where, at what rank, since when, and on what evidence.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    # Plain help on every page; a database or output failure mid-command in one line.
    cls=RegistryGroup,
    # Never a rich traceback with local variables: they could hold a database password.
    pretty_exceptions_enable=False,
)
