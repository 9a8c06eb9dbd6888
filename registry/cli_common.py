"""What every command shares: options, the checked connection, name resolution,
and turning rows into output. Commands live in cli.py, cli_read.py and cli_db.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer

from registry.dates import show

if TYPE_CHECKING:
    import psycopg

    from registry.db import Target

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
Format = Annotated[str, typer.Option("--format", "-f", help="table, json, jsonl or csv.")]


def fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"registry: {message}", err=True)
    raise typer.Exit(code)


def target(database_url: str | None) -> Target:
    from registry.db import DatabaseError, resolve

    try:
        return resolve(database_url)
    except DatabaseError as exc:
        fail(str(exc))


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
    revision = schema.current_revision(conn)
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
    instant."""
    if value is None:
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            next_day = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC)
            return next_day - dt.timedelta(microseconds=1)
        instant = dt.datetime.fromisoformat(text)
    except ValueError:
        fail(
            f"--as-recorded-on: {value!r} is not a date or time: use YYYY-MM-DD "
            "or YYYY-MM-DDTHH:MM[:SS][+HH:MM]"
        )
    return instant if instant.tzinfo else instant.replace(tzinfo=dt.UTC)


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


def resolve(find: Callable[[Any, str], T], conn: Any, name: str) -> T:
    from registry.queries import AmbiguousName, UnknownName

    try:
        return find(conn, name)
    except (UnknownName, AmbiguousName) as exc:
        fail(str(exc))


def emit(
    rows: list[dict[str, Any]],
    fmt: str,
    columns: Sequence[tuple[str, str]],
    title: str,
    empty: str,
    caption: str | None = None,
) -> None:
    from registry.output import render

    if fmt == "table":
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
    render(rows, fmt, columns, title=title, caption=caption)
    if not rows:
        typer.echo(empty, err=True)
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
