"""Read commands beyond `who-heads`: history, networks, precedence, recognition.

Each resolves names the same way (registry.queries.find_*), asks one typed query
over the reporting views, and hands plain rows to registry.output. Exit codes:
0 answered, 1 nothing on record, 2 usage error (unknown or ambiguous name).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer

from registry.cli import app
from registry.cli_common import (
    AsOf,
    AsRecordedOn,
    DatabaseUrl,
    Format,
    Wide,
    as_of,
    chart_destination,
    check_format,
    connect,
    draw_chart,
    emit,
    fail,
    non_resident,
    on_record,
    post_row,
    resolve,
)
from registry.dates import show


@app.command("history")
def history(
    sending: Annotated[
        str, typer.Argument(help="Sending party (kazakhstan, KZ), or a mission id.")
    ],
    city: Annotated[str | None, typer.Argument(help="Seat city of the mission.")] = None,
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            help="Also draw the timeline to FILE: .svg or .png (matplotlib).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """A mission's timeline, oldest first: heads with ranks and periods, credentials
    and to which authority, status changes, each with its source. Ref names the fact
    for `registry record correction` or `retraction` (tenure 57, status-change 12).

    Example:

        registry history kazakhstan kabul
        registry history "united states" kabul --chart kabul.svg
    """
    check_format(fmt)
    drawing = chart_destination(chart)
    from registry import queries

    with connect(database_url, recorded_on) as conn:
        if city is None and sending.isascii() and sending.isdigit():  # not "²" or "١٢"
            # Ids are database integers: 5,000 digits are no id (and too many for int()).
            found = queries.mission_by_id(conn, int(sending)) if len(sending) <= 18 else None
            if found is None:
                shown = sending if len(sending) <= 20 else f"{sending[:20]}..."
                fail(f"no mission with id {shown}")
            missions = [found]
        else:
            party = resolve(queries.find_party, conn, sending)
            # history kazakhstan '': an empty city is an error, not "every city".
            place = resolve(queries.find_city, conn, city) if city is not None else None
            missions = queries.missions_of(conn, party, place)
        tenures, changes = queries.timeline_of_missions(conn, missions)
        if drawing is not None:
            interim = queries.ad_interim_tenures(conn, [t.tenure_id for t in tenures])
    label = {m.mission_id: f"{m.sending} {m.mission_kind}, {m.city or m.host}" for m in missions}
    inferred = {m.mission_id: m.seat_inferred for m in missions}
    # (date, tenure before credentials before status change, then for a head: the
    # mission's place and the tenure's start; the fact's id, row): as the statements
    # ordered them before one read them all (status changes by date and id).
    position = {m.mission_id: i for i, m in enumerate(missions)}
    events: list[tuple[dt.date, int, int, dt.date, int, dict[str, Any]]] = []

    def about(mission_id: int, ref: str, resident_city: str | None = None) -> dict[str, Any]:
        return {
            "mission": label[mission_id],
            "mission_id": mission_id,
            "seat_inferred": inferred[mission_id],
            "resident_city": resident_city,
            "ref": ref,
        }

    for t in tenures:
        residence = f", {non_resident(t.resident_city)}" if t.resident_city else ""
        when = t.started_on or t.first_attested_on or dt.date.min
        start = show(t.started_on, t.start_precision) or (
            f"start unknown (attested {show(t.first_attested_on, t.attested_precision)})"
        )
        end = show(t.ended_on, t.end_precision) or "no end on record"
        events.append(
            (
                when,
                0,
                position[t.mission_id],
                when,
                t.tenure_id,
                {
                    "date": show(t.started_on, t.start_precision)
                    or show(t.first_attested_on, t.attested_precision),
                    "event": "head of mission" if t.started_on else "head of mission attested",
                    "detail": f"{t.head or '(name not reported)'}, {t.rank}{residence}: "
                    f"{start} to {end}",
                    "head": t.head,
                    "rank": t.rank,
                    "source": t.source,
                }
                | about(t.mission_id, f"tenure {t.tenure_id}", t.resident_city),
            )
        )
        if t.credentials_authority:
            cred_date = show(t.credentials_on, t.credentials_precision)
            events.append(
                (
                    t.credentials_on or when,
                    1,
                    position[t.mission_id],
                    when,
                    t.tenure_id,
                    {
                        "date": cred_date,
                        "event": "credentials presented",
                        "detail": f"to {t.credentials_authority}"
                        + ("" if cred_date else " (date unknown)"),
                        "head": t.head,
                        "rank": t.rank,
                        "source": t.source,
                    }
                    | about(t.mission_id, f"tenure {t.tenure_id}", t.resident_city),
                )
            )
    for c in changes:
        actor = c.actor_authority or c.actor
        detail = "; ".join(x for x in (f"by {actor}" if actor else None, c.note) if x)
        events.append(
            (
                c.occurred_on,
                2,
                0,
                c.occurred_on,
                c.status_change_id,
                {
                    "date": show(c.occurred_on, c.occurred_precision),
                    "event": c.change,
                    "detail": detail or None,
                    "head": None,
                    "rank": None,
                    "source": c.source,
                }
                | about(c.mission_id, f"status-change {c.status_change_id}"),
            )
        )
    rows = [event[-1] for event in sorted(events, key=lambda e: e[:5])]
    seats = [label[i] + (" (seat inferred)" if inferred[i] else "") for i in label]
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
            charts.post_timeline(missions, tenures, changes, interim, dt.date.today()), drawing
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
    from registry import queries

    with connect(database_url, recorded_on) as conn:
        sender = resolve(queries.find_party, conn, party)
        posts = queries.represented_by(conn, sender, day)
    emit(
        [post_row(p) for p in posts],
        fmt,
        [
            ("host", "Host"),
            ("city", "City"),
            ("mission_kind", "Kind"),
            ("head", "Head"),
            ("rank", "Rank"),
            ("since", "Since"),
            ("accredited_to", "Accredited to"),
        ],
        f"Where {sender.name} is represented, as of {day.isoformat()}" + on_record(recorded_on),
        f"no mission of {sender.name} on record as of {day.isoformat()}" + on_record(recorded_on),
        wide=wide,
    )


@app.command("accredited-to")
def accredited_to(
    party: Annotated[str, typer.Argument(help="State or organisation ('african union', ET).")],
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
    from registry import queries

    with connect(database_url, recorded_on) as conn:
        host = resolve(queries.find_party, conn, party)
        posts = queries.accredited_to(conn, host, day)
    emit(
        [post_row(p) for p in posts],
        fmt,
        [
            ("sending", "Sending"),
            ("mission_kind", "Kind"),
            ("city", "Seat"),
            ("head", "Head"),
            ("rank", "Rank"),
            ("since", "Since"),
            ("accredited_to", "Accredited to"),
        ],
        f"Missions accredited to {host.name}, as of {day.isoformat()}" + on_record(recorded_on),
        f"no mission accredited to {host.name} on record as of {day.isoformat()}"
        + on_record(recorded_on),
        wide=wide,
    )


@app.command("person")
def person(
    name: Annotated[str, typer.Argument(help="Name, alias or transliteration.")],
    recorded_on: AsRecordedOn = None,
    fmt: Format = "table",
    wide: Wide = False,
    chart: Annotated[
        Path | None,
        typer.Option(
            "--chart",
            help="Also draw the timeline to FILE: .svg or .png (matplotlib).",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """A person's posts as head of mission over time.

    Example:

        registry person yesengeldiyev
        registry person "ely eliot palmer" --chart palmer.png
    """
    check_format(fmt)
    drawing = chart_destination(chart)
    from registry import queries

    with connect(database_url, recorded_on) as conn:
        who = resolve(queries.find_person, conn, name)
        tenures = queries.tenures_of_person(conn, who)
        if drawing is not None:
            interim = queries.ad_interim_tenures(conn, [t.tenure_id for t in tenures])
    if drawing is not None:
        from registry import charts

        draw_chart(charts.person_timeline(who.name, tenures, interim, dt.date.today()), drawing)
    rows = [
        {
            "person": who.name,
            "sending": t.sending,
            "sending_code": t.sending_code,
            "mission_kind": t.mission_kind,
            "city": t.city,
            "host": t.host,
            "rank": t.rank,
            "rank_class": t.rank_class,
            "since": show(t.started_on, t.start_precision),
            "first_attested": show(t.first_attested_on, t.attested_precision),
            "until": show(t.ended_on, t.end_precision),
            "credentials": show(t.credentials_on, t.credentials_precision),
            "credentials_to": t.credentials_authority,
            "accredited_to": t.accredited_to,
            "source": t.source,
            "seat_inferred": t.seat_inferred,
            "resident_city": t.resident_city,
        }
        for t in tenures
    ]
    emit(
        rows,
        fmt,
        [
            ("sending", "Sending"),
            ("mission_kind", "Kind"),
            ("city", "City"),
            ("rank", "Rank"),
            ("since", "Since"),
            ("until", "Until"),
            ("accredited_to", "Accredited to"),
            ("source", "Source"),
        ],
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
    from registry import queries

    with connect(database_url, recorded_on) as conn:
        place = resolve(queries.find_city, conn, city)
        posts = queries.posts_in_city(conn, place.id, day)
    by_rank = Counter(
        (p.precedence_group, p.rank or "without a named head", p.rank_class) for p in posts
    )
    by_kind = Counter(p.mission_kind for p in posts)
    rows: list[dict[str, Any]] = [
        {"dimension": "rank", "value": rank, "rank_class": rank_class, "missions": n}
        for (_, rank, rank_class), n in sorted(by_rank.items(), key=lambda kv: kv[0][:2])
    ]
    rows += [
        {"dimension": "kind", "value": kind, "rank_class": None, "missions": n}
        for kind, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    emit(
        rows if posts else [],
        fmt,
        [
            ("dimension", "By"),
            ("value", "Value"),
            ("rank_class", "Art. 14 class"),
            ("missions", "Missions"),
        ],
        f"Missions in {place.name}, {place.country}, as of {day.isoformat()}: {len(posts)}"
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
    from registry import queries

    with connect(database_url, recorded_on) as conn:
        place = resolve(queries.find_city, conn, city)
        posts = [p for p in queries.posts_in_city(conn, place.id, day) if p.rank]
    rows: list[dict[str, Any]] = []
    for index, post in enumerate(posts, start=1):
        if post.functions_since:
            functions = show(post.functions_since, "day")
            exact = True
        elif post.functions_before:
            functions = f"before {post.functions_before.isoformat()} (date unknown)"
            exact = False
        else:
            functions, exact = "unknown", False
        tied = [
            q for q in posts if queries.precedence_key(q)[:2] == queries.precedence_key(post)[:2]
        ]
        first = posts.index(tied[0]) + 1
        position = str(index) if exact or len(tied) == 1 else f"{first}–{first + len(tied) - 1}"
        rows.append(
            {
                "position": position,
                "sending": post.sending,
                "sending_code": post.sending_code,
                "head": post.head,
                "head_status": post.head_status,
                "rank": post.rank,
                "rank_class": post.rank_class,
                "took_up_functions": functions,
                "took_up_functions_exact": exact,
            }
        )
    doyen = rows[0] if rows and rows[0]["position"] == "1" else None
    caption = (
        f"Doyen: {doyen['head'] or 'the head of mission'} of {doyen['sending']}"
        if doyen
        else "Doyen: cannot be determined, the order of the first heads is unknown"
        if rows
        else None
    )
    emit(
        rows,
        fmt,
        [
            ("position", "#"),
            ("sending", "Sending"),
            ("head", "Head"),
            ("rank", "Rank"),
            ("rank_class", "Class"),
            ("took_up_functions", "Took up functions"),
        ],
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
    from registry import queries

    with connect(database_url, recorded_on) as conn:
        sender = resolve(queries.find_party, conn, party)
        missions = queries.missions_of(conn, sender)
        changes = queries.status_changes(conn, [m.mission_id for m in missions], as_of=day)
    acts: dict[int, list[Any]] = {}
    for c in changes:
        if c.tenure_id is None:
            acts.setdefault(c.mission_id, []).append(c)
    rows: list[dict[str, Any]] = []
    for m in missions:
        mine = acts.get(m.mission_id, [])
        if not mine:
            continue
        statuses = [c.mission_status for c in mine if c.mission_status]
        rows.append(
            {
                "host": m.host,
                "city": m.city,
                "mission_kind": m.mission_kind,
                "status": statuses[-1] if statuses else "not stated",
                "acts": [
                    {
                        "change": c.change,
                        "date": show(c.occurred_on, c.occurred_precision),
                        "by": c.actor_authority or c.actor,
                        "note": c.note,
                    }
                    for c in mine
                ],
            }
        )
    tally = Counter(act["change"] for row in rows for act in row["acts"])
    caption = "; ".join(f"{change}: {n}" for change, n in sorted(tally.items()))
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
