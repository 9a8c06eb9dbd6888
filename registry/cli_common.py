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


def connect(database_url: str | None) -> psycopg.Connection[Any]:
    """A checked connection: reachable, and at the schema revision this code needs."""
    import psycopg

    from registry import schema
    from registry.db import describe_connect_error

    where = target(database_url)
    dsn = where.dsn
    try:
        conn = psycopg.connect(dsn, connect_timeout=10)
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
            return psycopg.connect(dsn)
        state = f"is at revision {revision}" if revision else "has no registry schema"
        fail(
            f"the database at {where.where} {state}; this registry needs {schema.HEAD}: "
            "run `alembic upgrade head` (registry never migrates a configured server itself)"
        )
    return conn


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
        rows = [{k: table_value(k, v, row) for k, v in row.items()} for row in rows]
    render(rows, fmt, columns, title=title, caption=caption)
    if not rows:
        typer.echo(empty, err=True)
        raise typer.Exit(1)


def table_value(key: str, value: Any, row: dict[str, Any]) -> Any:
    if key == "head" and "head_status" in row:
        return head_cell(row)
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
    }


def head_cell(row: dict[str, Any]) -> str:
    status = row["head_status"]
    if status == "named":
        return str(row["head"])
    if status == "unnamed":
        return "(name not reported)"
    if status == "vacant":
        return "no head on record"
    return "unknown"
