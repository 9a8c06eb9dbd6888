"""`registry who-heads`, in a module of its own: the command people run most is
started (registry.launch) without importing, or building, any other command."""

from __future__ import annotations

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
    as_recorded,
    check_format,
    connect,
    emit,
    fail,
    on_record,
    target,
)


@app.command("who-heads")
def who_heads(
    city: Annotated[
        str,
        typer.Argument(
            help="City name, alias or slug (kabul, 'Addis Abeba'); with its country where "
            "cities of several share the name on --as-of ('Berlin (Germany)', 'Berlin, DE')."
        ),
    ],
    when: AsOf = None,
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    every: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Also the missions a later complete list left out (presumed not operating), "
            "with the list that left them out.",
        ),
    ] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Every mission seated in CITY and who heads it, in order of precedence.

    A head accredited from elsewhere shows where they reside (non-resident, at
    Tehran); a mission whose seat city is inferred, not stated, is marked. Each row
    shows its latest evidence (what it attests, when, which source); a mission that
    a later complete list of the city left out, with no newer evidence of its own,
    is presumed not operating and shown only with --all (docs/evidence.md).

    Example:

        registry who-heads kabul --as-of 2024-01-01
    """
    check_format(fmt)
    day = as_of(when)
    from registry.db import CannotRead, open_connection
    from registry.read import one_trip
    from registry.render import COLUMNS, mission_row
    from registry.schema import HEAD

    instant = as_recorded(recorded_on)  # checked before any connection, as connect does
    where = target(database_url)
    try:
        # One statement, its own transaction: no BEGIN and COMMIT round trips.
        conn = open_connection(where, instant, autocommit=True)
    except CannotRead as exc:
        fail(str(exc))
    with conn:
        answer = one_trip.who_heads(conn, city, day, HEAD, every)
    if answer is None:  # step by step, on a checked connection: it says why
        from registry import read

        with connect(database_url, recorded_on) as conn, answering():
            answer = read.who_heads(conn, city, day, every=every)
    place = answer.city
    emit(
        [mission_row(p) for p in answer.missions],
        fmt,
        COLUMNS["who-heads"],
        f"Missions in {place.name}, {place.country}, as of {day.isoformat()}"
        + on_record(recorded_on),
        f"no mission on record in {place.name} as of {day.isoformat()}" + on_record(recorded_on),
        wide=wide,
    )
