"""Read commands beyond `who-heads`: history, networks, precedence, recognition.

Each parses its arguments, asks the read library (registry.read) for the answer and
hands its rows to registry.output; the library's name errors become one line. Exit
codes: 0 answered, 1 nothing on record, 2 usage error (unknown or ambiguous name).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from registry.cli_common import (
    AsOf,
    AsRecordedOn,
    Chart,
    DatabaseUrl,
    Format,
    Wide,
    answering,
    app,
    as_of,
    chart_destination,
    check_format,
    connect,
    draw_chart,
    emit,
    fail,
    on_record,
)


@app.command("history")
def history(
    sending: Annotated[
        str, typer.Argument(help="Sending party (kazakhstan, KZ), or a mission id.")
    ],
    city: Annotated[str | None, typer.Argument(help="Seat city of the mission.")] = None,
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    chart: Chart = None,
    database_url: DatabaseUrl = None,
) -> None:
    """A mission's timeline, oldest first: heads with ranks and periods, credentials
    and to which authority, status changes, each with its source. Ref names the fact
    for `registry record correction` or `retraction` (tenure 57, status-change 12).

    Example:

    \b
        registry history kazakhstan kabul
        registry history "united states" kabul --chart kabul.svg
    """
    check_format(fmt)
    drawing = chart_destination(chart)
    from registry import read
    from registry.render import rows_of

    with connect(database_url, recorded_on) as conn, answering():
        if city is None and sending.isascii() and sending.isdigit():  # not "²" or "١٢"
            # Ids are database integers: 5,000 digits are no id (and too many for int()).
            try:
                found = read.mission_history(conn, int(sending)) if len(sending) <= 18 else None
            except read.UnknownMission:
                found = None
            if found is None:
                shown = sending if len(sending) <= 20 else f"{sending[:20]}..."
                fail(f"no mission with id {shown}")
            answer = found
        else:
            answer = read.history(conn, sending, city)
        if drawing is not None:
            interim = read.ad_interim(conn, answer.tenures)
    missions = answer.missions
    rows = rows_of(answer.events)
    seats = [
        read.mission_label(m) + (" (seat inferred)" if m.seat_inferred else "") for m in missions
    ]
    title = ("History of " + "; ".join(seats) if seats else f"History of {sending}") + on_record(
        recorded_on
    )
    columns = [
        ("date", "Date"),
        ("event", "Event"),
        ("detail", "Detail"),
        ("source", "Source"),
        ("ref", "Ref"),
    ]
    if len(missions) > 1:
        columns.insert(1, ("mission", "Mission"))
    if drawing is not None:
        from registry import charts

        draw_chart(
            charts.post_timeline(
                list(missions), list(answer.tenures), list(answer.changes), interim, dt.date.today()
            ),
            drawing,
        )
    emit(
        rows,
        fmt,
        columns,
        title,
        f"nothing on record for {sending} {city or ''}".strip(),
        wide=wide,
    )


@app.command("represents")
def represents(
    party: Annotated[str, typer.Argument(help="State or organisation (kazakhstan, KZ, KAZ).")],
    when: AsOf = None,
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Where a state or organisation is represented: its missions abroad, their heads
    and ranks, by host and city (the network view diplomacy indices count).

    Example:

        registry represents kazakhstan --as-of 2026-06-01
    """
    check_format(fmt)
    day = as_of(when)
    from registry import read
    from registry.render import COLUMNS, mission_row

    with connect(database_url, recorded_on) as conn, answering():
        answer = read.represents(conn, party, day)
    sender = answer.party
    emit(
        [mission_row(p) for p in answer.missions],
        fmt,
        COLUMNS["represents"],
        f"Where {sender.name} is represented, as of {day.isoformat()}" + on_record(recorded_on),
        f"no mission of {sender.name} on record as of {day.isoformat()}" + on_record(recorded_on),
        wide=wide,
    )


@app.command("accredited-to")
def accredited_to(
    party: Annotated[
        str,
        typer.Argument(
            help="State or organisation ('african union', ET), or a province, state or Land "
            "of a state (guangdong, CN-GD): the consular posts whose district covers it."
        ),
    ],
    when: AsOf = None,
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Who represents whom to a state or organisation, resident or not, in order of
    precedence.

    Example:

        registry accredited-to "african union"
    """
    check_format(fmt)
    day = as_of(when)
    from registry import read
    from registry.render import COLUMNS, mission_row

    with connect(database_url, recorded_on) as conn, answering():
        answer = read.accredited_to(conn, party, day)
    host = answer.district.label if answer.district else answer.party.name
    emit(
        [mission_row(p) for p in answer.missions],
        fmt,
        COLUMNS["accredited-to"],
        f"Missions accredited to {host}, as of {day.isoformat()}" + on_record(recorded_on),
        f"no mission accredited to {host} on record as of {day.isoformat()}"
        + on_record(recorded_on),
        wide=wide,
    )


@app.command("person")
def person(
    name: Annotated[str, typer.Argument(help="Name, alias or transliteration.")],
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    chart: Chart = None,
    database_url: DatabaseUrl = None,
) -> None:
    """A person's posts as head of mission over time.

    Example:

    \b
        registry person yesengeldiyev
        registry person "ely eliot palmer" --chart palmer.png
    """
    check_format(fmt)
    drawing = chart_destination(chart)
    from registry import read
    from registry.render import COLUMNS, tenure_row

    with connect(database_url, recorded_on) as conn, answering():
        answer = read.person(conn, name)
        if drawing is not None:
            interim = read.ad_interim(conn, answer.tenures)
    who, tenures = answer.person, answer.tenures
    if drawing is not None:
        from registry import charts

        draw_chart(
            charts.person_timeline(who.name, list(tenures), interim, dt.date.today()), drawing
        )
    rows = [tenure_row(who, t) for t in tenures]
    emit(
        rows,
        fmt,
        COLUMNS["person"],
        f"{who.name}"
        + (f": {who.description}" if who.description else "")
        + on_record(recorded_on),
        f"{who.name} heads no mission on record",
        wide=wide,
    )


@app.command("summary")
def summary(
    city: Annotated[str, typer.Argument(help="City name, alias or slug.")],
    when: AsOf = None,
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    database_url: DatabaseUrl = None,
) -> None:
    """The diplomatic corps of a city in numbers: missions by head's rank and by kind.

    Example:

        registry summary kabul
    """
    check_format(fmt)
    day = as_of(when)
    from registry import read
    from registry.render import rows_of

    with connect(database_url, recorded_on) as conn, answering():
        answer = read.summary(conn, city, day)
    place = answer.city
    emit(
        rows_of(answer.lines),
        fmt,
        [
            ("dimension", "By"),
            ("value", "Value"),
            ("rank_class", "Art. 14 class"),
            ("missions", "Missions"),
        ],
        f"Missions in {place.name}, {place.country}, as of {day.isoformat()}: {answer.missions}"
        + on_record(recorded_on),
        f"no mission on record in {place.name} as of {day.isoformat()}" + on_record(recorded_on),
        wide=wide,
    )


@app.command("precedence")
def precedence(
    city: Annotated[str, typer.Argument(help="City name, alias or slug.")],
    when: AsOf = None,
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    database_url: DatabaseUrl = None,
) -> None:
    """The order of precedence of the heads of mission in a city (Vienna Convention
    Arts. 14 and 16): class, then date of taking up functions; the doyen first.
    Where the date is unknown it says so instead of guessing.

    Example:

        registry precedence kabul
    """
    check_format(fmt)
    day = as_of(when)
    from registry import read
    from registry.render import COLUMNS, doyen_caption, rows_of

    with connect(database_url, recorded_on) as conn, answering():
        answer = read.precedence(conn, city, day)
    place = answer.city
    rows = rows_of(answer.entries)
    caption = doyen_caption(answer, rows)
    emit(
        rows,
        fmt,
        COLUMNS["precedence"],
        f"Order of precedence in {place.name}, as of {day.isoformat()}" + on_record(recorded_on),
        f"no head of mission on record in {place.name} as of {day.isoformat()}"
        + on_record(recorded_on),
        caption=caption,
        wide=wide,
    )


@app.command("recognition")
def recognition(
    party: Annotated[str, typer.Argument(help="Sending state (afghanistan, AF).")],
    when: AsOf = None,
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    database_url: DatabaseUrl = None,
) -> None:
    """A state's missions abroad and how hosts and the state's current authority
    treat them: ceased, recognised, documents declared illegitimate.

    Example:

        registry recognition afghanistan
    """
    check_format(fmt)
    day = as_of(when)
    from registry import read
    from registry.render import rows_of

    with connect(database_url, recorded_on) as conn, answering():
        answer = read.recognition(conn, party, day)
    sender = answer.party
    rows = rows_of(answer.missions)
    caption = "; ".join(f"{change}: {n}" for change, n in answer.tally)
    if fmt in ("table", "csv"):
        for row in rows:
            row["acts"] = "; ".join(
                f"{a['change']} ({a['date']}" + (f", by {a['by']}" if a["by"] else "") + ")"
                for a in row["acts"]
            )
    emit(
        rows,
        fmt,
        [
            ("host", "Host"),
            ("city", "City"),
            ("mission_kind", "Kind"),
            ("status", "Status"),
            ("acts", "Acts of hosts and authorities"),
        ],
        f"Missions of {sender.name} abroad and their recognition, as of {day.isoformat()}"
        + on_record(recorded_on),
        f"no act concerning missions of {sender.name} on record as of {day.isoformat()}"
        + on_record(recorded_on),
        caption=caption or None,
        wide=wide,
    )


@app.command("relations")
def relations(
    first: Annotated[str, typer.Argument(help="A state or organisation (united states, US).")],
    second: Annotated[str, typer.Argument(help="The other (russia, RU).")],
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    database_url: DatabaseUrl = None,
) -> None:
    """The timeline of two parties, oldest first: recognition, diplomatic relations
    established, severed, resumed, and the missions between them opened, raised and
    closed, each with its source.

    Example:

        registry relations "united states" afghanistan
    """
    check_format(fmt)
    from registry import read
    from registry.render import rows_of

    with connect(database_url, recorded_on) as conn, answering():
        answer = read.relations(conn, first, second)
    a, b = answer.first.name, answer.second.name
    emit(
        rows_of(answer.events),
        fmt,
        [
            ("date", "Date"),
            ("category", "Of"),
            ("event", "Event"),
            ("by", "By"),
            ("to", "To"),
            ("mission", "Mission"),
            ("person", "Person"),
            ("note", "Note"),
            ("source", "Source"),
        ],
        f"{a} and {b}: recognition, relations and missions" + on_record(recorded_on),
        f"nothing on record between {a} and {b}",
        wide=wide,
    )
