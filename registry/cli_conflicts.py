"""`registry conflicts [CITY|PARTY]`: where sources disagree, both sides shown."""

from __future__ import annotations

from typing import Annotated

import typer

from registry.cli_common import (
    AsRecordedOn,
    DatabaseUrl,
    Format,
    Wide,
    answering,
    app,
    check_format,
    connect,
    emit,
    on_record,
)


@app.command("conflicts")
def conflicts(
    name: Annotated[
        str | None,
        typer.Argument(
            help="A city (kabul: the missions seated there on a disagreement's date), or a "
            "party whose missions, sent or hosted, to look at; none: everywhere.",
            show_default=False,
        ),
    ] = None,
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Where sources disagree about a mission: operating or not on one date (a
    complete list leaving it out, a closure), or one change dated differently; each
    with both sides, their dates and sources (docs/evidence.md). who-heads marks a
    row whose latest evidence is disputed "(sources disagree)".

    Example:

        registry conflicts kabul
    """
    check_format(fmt)
    from registry.read.conflicts import conflicts as read_conflicts
    from registry.render import COLUMNS, rows_of

    with connect(database_url, recorded_on) as conn, answering():
        answer = read_conflicts(conn, name)
    rows = rows_of(answer.conflicts)
    if fmt in ("table", "tsv"):
        rows = [
            {
                **row,
                "first": (f"{row['first_on']}: {row['first_says']}", row["first_source"]),
                "second": (f"{row['second_on']}: {row['second_says']}", row["second_source"]),
            }
            for row in rows
        ]
    emit(
        rows,
        fmt,
        COLUMNS["conflicts"],
        f"Where sources disagree: {answer.where}" + on_record(recorded_on),
        f"no disagreement between sources on record: {answer.where}" + on_record(recorded_on),
        wide=wide,
    )
