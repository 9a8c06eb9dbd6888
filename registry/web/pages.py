"""The web view's questions: each asks the read library what the CLI command asks,
and keeps the rows the command's ``--format json`` prints (the page's JSON twin) next
to the cells a person reads (the terminal table's values, with links and footnotes).

No Starlette here: a page is data; registry.web.app turns it into HTML or JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from registry import read
from registry.names import slug
from registry.render import COLUMNS, doyen_caption, mission_row, rows_of, table_rows, tenure_row

Row = dict[str, Any]
Link = Callable[[Row], str | None]


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    note: int | None = None  # the footnote a source cell points to
    # Text and footnotes in turn (render.evidence_cell's "2024-09, head in post" and
    # its source): the footnote numbers shared with the source column's.
    parts: tuple[tuple[str, int | None], ...] = ()


@dataclass
class Page:
    """One answer: the CLI's rows, and what the HTML page shows of them."""

    title: str
    rows: list[Row]  # exactly what `registry ... --format json` prints
    columns: Sequence[tuple[str, str]]
    empty: str
    caption: str | None = None
    table: list[list[Cell]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    chart: str | None = None  # the URL of the timeline chart (SVG)
    tabs: list[tuple[str, str, bool]] = field(default_factory=list)  # label, URL, current
    related: list[tuple[str, str]] = field(default_factory=list)  # label, URL
    dated: bool = False  # the question takes an as-of date: the page shows the picker
    intro: str | None = None
    links: dict[str, Link] = field(default_factory=dict)  # column -> the URL of its page
    table_source: list[Row] | None = None  # rows as the table shows them, if not the JSON's
    # Per row: "conflict" (sources disagree about it), "left-out" (a complete list left
    # it out: presumed not operating, shown with all=1), or "".
    marks: list[str] = field(default_factory=list)
    toggle: tuple[str, str] | None = None  # label, query string: who-heads --all or not
    hidden: dict[str, str] = field(default_factory=dict)  # the as-of form carries these on
    see: tuple[str, list[tuple[str, str]]] | None = None  # heading, links (name, URL)


def city_url(name: str) -> str:
    return f"/cities/{quote(slug(name) or name, safe='')}"


def party_url(code: str) -> str:
    return f"/parties/{quote(code.lower(), safe='')}"


def person_url(name: str) -> str:
    return f"/people/{quote(slug(name) or name, safe='')}"


def post_url(city: str, code: str) -> str:
    return f"{city_url(city)}/{quote(code.lower(), safe='')}"


def relations_url(first: str, second: str) -> str:
    return f"/relations/{quote(first.lower(), safe='')}/{quote(second.lower(), safe='')}"


def _conflicts_link(city: str) -> Link:
    """The evidence cell of a row sources disagree about: to the city's conflicts."""
    url = f"{city_url(city)}/conflicts"
    return lambda r: url if r.get("evidence_conflicts") else None


def fill(page: Page) -> Page:
    """The page's cells, for HTML only (its JSON twin needs only the rows): the
    terminal table's values (render.table_rows: the same marks), each source as a
    footnote, the names that have pages of their own as links."""
    rows, page.rows = page.rows, page.table_source or page.rows
    try:
        _cells(page, page.links)
    finally:
        page.rows = rows
    return page


def _cells(page: Page, links: dict[str, Link]) -> None:
    shown, page.caption = table_rows(page.rows, page.columns, page.caption)
    notes: dict[str, int] = {}
    for raw, row in zip(page.rows, shown, strict=True):
        cells = []
        for key, _ in page.columns:
            value = row.get(key)
            text = "" if value is None else str(value)
            if isinstance(value, list):  # accredited to several: as the table joins them
                text = ", ".join(str(v) for v in value)
            if key == "source" and value:
                number = notes.setdefault(text, len(notes) + 1)
                cells.append(Cell(f"[{number}]", f"#source-{number}", number))
                continue
            link = links.get(key)
            if isinstance(value, tuple):  # (text, source, text, source...)
                parts = tuple(
                    (part, None if i % 2 == 0 else notes.setdefault(part, len(notes) + 1))
                    for i, part in enumerate(value)
                    if part
                )
                cells.append(Cell("", link(raw) if link else None, parts=parts))
                continue
            cells.append(Cell(text, link(raw) if link and value else None))
        page.table.append(cells)
        page.marks.append(
            "conflict"
            if raw.get("evidence_conflicts")
            else "left-out"
            if raw.get("evidence_not_in_list_of")
            else ""
        )
    page.sources = list(notes)


def _to_person(row: Row) -> str | None:
    return person_url(row["head"]) if row.get("head_status") == "named" else None


def _on(day: dt.date, recorded: str | None) -> str:
    return f", as of {day.isoformat()}" + (f", as recorded on {recorded}" if recorded else "")


def _city_tabs(name: str, current: str) -> list[tuple[str, str, bool]]:
    base = city_url(name)
    return [
        (label, url, label == current)
        for label, url in (
            ("Missions", base),
            ("Order of precedence", f"{base}/precedence"),
            ("Where sources disagree", f"{base}/conflicts"),
        )
    ]


def _party_tabs(code: str, current: str) -> list[tuple[str, str, bool]]:
    base = party_url(code)
    tabs = (
        ("Missions abroad", base),
        ("Missions received", f"{base}/received"),
        ("Recognition", f"{base}/recognition"),
    )
    return [(label, url, label == current) for label, url in tabs]


def who_heads(
    conn: Any, city: str, day: dt.date, recorded: str | None, every: bool = False
) -> Page:
    """`registry who-heads CITY` (``every``: with --all)."""
    answer = read.who_heads(conn, city, day, every=every)
    place = answer.city
    page = Page(
        title=f"Missions in {place.name}, {place.country}" + _on(day, recorded),
        rows=[mission_row(p) for p in answer.missions],
        columns=COLUMNS["who-heads"],
        empty=f"no mission on record in {place.name}" + _on(day, recorded),
        tabs=_city_tabs(place.name, "Missions"),
        dated=True,
        intro="In order of precedence: class, then date of taking up functions."
        + (
            " With the missions a later complete list left out (presumed not operating)."
            if every
            else ""
        ),
        toggle=("Only the missions presumed operating", "")
        if every
        else ("Show all: also the missions a complete list left out", "all=1"),
        hidden={"all": "1"} if every else {},
    )
    page.links = {
        "sending": lambda r: post_url(r["city"] or place.name, r["sending_code"]),
        "head": _to_person,
        "evidence": _conflicts_link(place.name),
    }
    return page


def conflicts(conn: Any, city: str, recorded: str | None) -> Page:
    """`registry conflicts CITY`: where sources disagree, both sides."""
    from registry.read.conflicts import conflicts as read_conflicts
    from registry.read.names import city as find_city

    place = find_city(conn, city)  # a city's page: never a party's of the same name
    answer = read_conflicts(conn, city)
    rows = rows_of(answer.conflicts)
    page = Page(
        title=f"Where sources disagree: {answer.where}"
        + (f", as recorded on {recorded}" if recorded else ""),
        rows=rows,
        columns=COLUMNS["conflicts"],
        empty=f"no disagreement between sources on record: {answer.where}",
        tabs=_city_tabs(place.name, "Where sources disagree"),
    )
    page.table_source = [
        {
            **row,
            "first": (f"{row['first_on']}: {row['first_says']}", row["first_source"]),
            "second": (f"{row['second_on']}: {row['second_says']}", row["second_source"]),
        }
        for row in rows
    ]
    page.links = {"sending": lambda r: post_url(r["city"] or place.name, r["sending_code"])}
    return page


def relations(conn: Any, first: str, second: str, recorded: str | None) -> Page:
    """`registry relations A B`."""
    answer = read.relations(conn, first, second)
    a, b = answer.first, answer.second
    page = Page(
        title=f"{a.name} and {b.name}: recognition, relations and missions"
        + (f", as recorded on {recorded}" if recorded else ""),
        rows=rows_of(answer.events),
        columns=[
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
        empty=f"nothing on record between {a.name} and {b.name}",
    )
    page.links = {"person": lambda r: person_url(r["person"]) if r.get("person") else None}
    page.related = [
        (f"{a.name}'s missions abroad", party_url(a.code)),
        (f"{b.name}'s missions abroad", party_url(b.code)),
    ]
    return page


def precedence(conn: Any, city: str, day: dt.date, recorded: str | None) -> Page:
    """`registry precedence CITY`."""
    answer = read.precedence(conn, city, day)
    place = answer.city
    rows = rows_of(answer.entries)
    caption = doyen_caption(answer, rows)
    page = Page(
        title=f"Order of precedence in {place.name}" + _on(day, recorded),
        rows=rows,
        columns=COLUMNS["precedence"],
        empty=f"no head of mission on record in {place.name}" + _on(day, recorded),
        caption=caption,
        tabs=_city_tabs(place.name, "Order of precedence"),
        dated=True,
    )
    return page


def history(conn: Any, city: str, party: str, recorded: str | None) -> Page:
    """`registry history PARTY CITY` (a post: a party's missions in a city)."""
    answer = read.history(conn, party, city)
    seats = [
        read.mission_label(m) + (" (seat inferred)" if m.seat_inferred else "")
        for m in answer.missions
    ]
    columns = [
        ("date", "Date"),
        ("event", "Event"),
        ("detail", "Detail"),
        ("source", "Source"),
        ("ref", "Ref"),
    ]
    if len(answer.missions) > 1:
        columns.insert(1, ("mission", "Mission"))
    page = Page(
        title=("History of " + "; ".join(seats) if seats else f"History of {party}")
        + (f", as recorded on {recorded}" if recorded else ""),
        rows=rows_of(answer.events),
        columns=columns,
        empty=f"nothing on record for {party} {city}",
        chart="chart" if answer.tenures else None,
    )
    page.links = {"detail": lambda r: person_url(r["head"]) if r.get("head") else None}
    if answer.missions:
        first = answer.missions[0]
        page.related = [(f"{first.sending}'s missions abroad", party_url(first.sending_code))]
        if first.city:
            page.related.insert(0, (f"Every mission in {first.city}", city_url(first.city)))
    return page


def history_chart(conn: Any, city: str, party: str) -> Any:
    """The post's timeline, as `registry history PARTY CITY --chart` draws it."""
    from registry import charts

    answer = read.history(conn, party, city)
    interim = read.ad_interim(conn, answer.tenures)
    return charts.post_timeline(
        list(answer.missions), list(answer.tenures), list(answer.changes), interim, dt.date.today()
    )


def person(conn: Any, name: str, recorded: str | None) -> Page:
    """`registry person NAME`."""
    answer = read.person(conn, name)
    who = answer.person
    page = Page(
        title=who.name
        + (f": {who.description}" if who.description else "")
        + (f", as recorded on {recorded}" if recorded else ""),
        rows=[tenure_row(who, t) for t in answer.tenures],
        columns=COLUMNS["person"],
        empty=f"{who.name} heads no mission on record",
        chart="chart" if answer.tenures else None,
    )
    page.links = {
        "sending": lambda r: post_url(r["city"], r["sending_code"]) if r["city"] else None,
        "city": lambda r: city_url(r["city"]),
    }
    return page


def person_chart(conn: Any, name: str) -> Any:
    from registry import charts

    answer = read.person(conn, name)
    interim = read.ad_interim(conn, answer.tenures)
    return charts.person_timeline(
        answer.person.name, list(answer.tenures), interim, dt.date.today()
    )


def represents(conn: Any, party: str, day: dt.date, recorded: str | None) -> Page:
    """`registry represents PARTY`."""
    answer = read.represents(conn, party, day)
    sender = answer.party
    page = Page(
        title=f"Where {sender.name} is represented" + _on(day, recorded),
        rows=[mission_row(p) for p in answer.missions],
        columns=COLUMNS["represents"],
        empty=f"no mission of {sender.name} on record" + _on(day, recorded),
        tabs=_party_tabs(sender.code, "Missions abroad"),
        dated=True,
    )
    page.links = {
        "city": lambda r: city_url(r["city"]),
        "mission_kind": lambda r: post_url(r["city"], r["sending_code"]) if r["city"] else None,
        "head": _to_person,
    }
    from registry.read.relations import counterparts

    _, others = counterparts(conn, sender.code)
    if others:
        page.see = (
            f"Relations of {sender.name} on record with",
            [(o.name, relations_url(sender.code, o.code)) for o in others],
        )
    return page


def accredited_to(conn: Any, party: str, day: dt.date, recorded: str | None) -> Page:
    """`registry accredited-to PARTY`: the missions it receives (a subdivision,
    Guangdong: the consular posts whose district covers it)."""
    answer = read.accredited_to(conn, party, day)
    host = answer.party
    label = answer.district.label if answer.district else host.name
    page = Page(
        title=f"Missions accredited to {label}" + _on(day, recorded),
        rows=[mission_row(p) for p in answer.missions],
        columns=COLUMNS["accredited-to"],
        empty=f"no mission accredited to {label} on record" + _on(day, recorded),
        tabs=[] if answer.district else _party_tabs(host.code, "Missions received"),
        dated=True,
    )
    if answer.district:
        page.related = [(f"Missions accredited to {host.name}", f"{party_url(host.code)}/received")]
    page.links = {
        "sending": lambda r: party_url(r["sending_code"]),
        "city": lambda r: city_url(r["city"]),
        "head": _to_person,
    }
    return page


def recognition(conn: Any, party: str, day: dt.date, recorded: str | None) -> Page:
    """`registry recognition PARTY`."""
    answer = read.recognition(conn, party, day)
    sender = answer.party
    rows = rows_of(answer.missions)
    page = Page(
        title=f"Missions of {sender.name} abroad and their recognition" + _on(day, recorded),
        rows=rows,
        columns=[
            ("host", "Host"),
            ("city", "City"),
            ("mission_kind", "Kind"),
            ("status", "Status"),
            ("acts", "Acts of hosts and authorities"),
        ],
        empty=f"no act concerning missions of {sender.name} on record" + _on(day, recorded),
        caption="; ".join(f"{change}: {n}" for change, n in answer.tally) or None,
        tabs=_party_tabs(sender.code, "Recognition"),
        dated=True,
    )
    # The acts in words, as the table shows them; the JSON keeps them as a list.
    shown = [
        {
            **row,
            "acts": "; ".join(
                f"{a['change']} ({a['date']}" + (f", by {a['by']}" if a["by"] else "") + ")"
                for a in row["acts"]
            ),
        }
        for row in rows
    ]
    page.table_source = shown
    page.links = {"city": lambda r: city_url(r["city"]) if r.get("city") else None}
    return page
