"""The `registry` command: parse, call loader/queries, hand rows to output.

Exit codes: 0 answered, 1 nothing matched, 2 usage error (an unknown name, bad
input, an unreachable or un-migrated database).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    import psycopg

    from registry.db import Target

app = typer.Typer(
    help="Who represents whom, where, at what rank, since when, and on what evidence.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    # Never a rich traceback with local variables: they could hold a database password.
    pretty_exceptions_enable=False,
)

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


def _target(database_url: str | None) -> Target:
    from registry.db import DatabaseError, resolve

    try:
        return resolve(database_url)
    except DatabaseError as exc:
        fail(str(exc))


def _connect(database_url: str | None) -> psycopg.Connection[Any]:
    """A checked connection: reachable, and at the schema revision this code needs."""
    import psycopg

    from registry import schema
    from registry.db import describe_connect_error

    target = _target(database_url)
    dsn = target.dsn
    try:
        conn = psycopg.connect(dsn, connect_timeout=10)
    except psycopg.Error as exc:
        fail(describe_connect_error(exc, target.where))
    row = conn.execute("SELECT to_regclass('public.alembic_version') IS NOT NULL").fetchone()
    revision = None
    if row and row[0]:
        found = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = found[0] if found else None
    if revision != schema.HEAD:
        if target.embedded:
            conn.close()
            schema.upgrade(target.url)
            return psycopg.connect(dsn)
        state = f"is at revision {revision}" if revision else "has no registry schema"
        fail(
            f"the database at {target.where} {state}; this registry needs {schema.HEAD}: "
            "run `alembic upgrade head` (registry never migrates a configured server itself)"
        )
    return conn


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    from registry.dates import PartialDate

    try:
        return PartialDate.parse(value).first_day
    except ValueError as exc:
        fail(f"--as-of: {exc}")


def _check_format(fmt: str) -> None:
    from registry.output import FORMATS

    if fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")


@app.command("who-heads")
def who_heads(
    city: Annotated[str, typer.Argument(help="City name, alias or slug (kabul, 'Addis Abeba').")],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date (YYYY-MM-DD). Default: today.")
    ] = None,
    fmt: Format = "table",
    database_url: DatabaseUrl = None,
) -> None:
    """Every mission seated in CITY and who heads it, in order of precedence.

    Example:

        registry who-heads kabul --as-of 2024-01-01
    """
    _check_format(fmt)
    day = _as_of(as_of)
    from registry import queries
    from registry.dates import show

    with _connect(database_url) as conn:
        try:
            place = queries.find_city(conn, city)
        except (queries.UnknownName, queries.AmbiguousName) as exc:
            fail(str(exc))
        heads = queries.heads_of_mission(conn, place.id, day)
    rows = [
        {
            "sending": h.sending,
            "sending_code": h.sending_code,
            "mission_kind": h.mission_kind,
            "head": h.head,
            "head_status": h.head_status,
            "rank": h.rank,
            "rank_class": h.rank_class,
            "since": show(h.since, h.since_precision),
            "first_attested": show(h.first_attested_on, h.attested_precision),
            "credentials": show(h.credentials_on, h.credentials_precision),
            "credentials_to": h.credentials_authority,
            "accredited_to": h.accredited_to,
            "source": h.source,
        }
        for h in heads
    ]
    if fmt == "table":
        for row in rows:
            row["head"] = _head_cell(row)
            row["since"] = row["since"] or (
                f"unknown (attested {row['first_attested']})"
                if row["first_attested"]
                else "unknown"
            )
            cred = row["credentials"] or ("date unknown" if row["credentials_to"] else "")
            row["credentials"] = (
                f"{cred} to {row['credentials_to']}" if row["credentials_to"] else ""
            )
    from registry.output import render

    render(
        rows,
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
        title=f"Missions in {place.name}, {place.country}, as of {day.isoformat()}",
    )
    if not rows:
        typer.echo(f"no mission on record in {place.name} as of {day.isoformat()}", err=True)
        raise typer.Exit(1)


def _head_cell(row: dict[str, Any]) -> str:
    status = row["head_status"]
    if status == "named":
        return str(row["head"])
    if status == "unnamed":
        return "(name not reported)"
    if status == "vacant":
        return "no head on record"
    return "unknown"


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
    from registry.db import describe_connect_error
    from registry.loader import LoadError, load_paths
    from registry.paths import seeds_dir

    target = _target(database_url)
    conn = _connect(database_url)  # checks reachability and revision
    conn.close()
    try:
        report = load_paths(target.url, paths or [seeds_dir()])
    except LoadError as exc:
        for error in exc.errors:
            typer.echo(str(error), err=True)
        fail(f"{len(exc.errors)} error(s); nothing was written", 2)
    except Exception as exc:  # a connection lost mid-load: one line, not a traceback
        from sqlalchemy.exc import OperationalError

        if isinstance(exc, OperationalError):
            fail(describe_connect_error(exc, target.where))
        raise
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
        typer.echo(f"loaded into {target.where}: {summary}")
    else:
        typer.echo(f"nothing changed in {target.where}: {summary}")


import registry.cli_read  # noqa: E402, F401  (registers the read commands on app)
from registry.cli_db import db_app  # noqa: E402  (after app, which it extends)

app.add_typer(db_app, name="db")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
