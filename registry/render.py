"""The read library's answers as output rows, and the marks tables add to them.

JSON, JSONL and CSV carry the rows as they are (their keys are the stable output
contract); tables and TSV, read by people, show a head's status in words, a
non-resident head's residence, an inferred seat and an unknown start.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from registry.dates import show

if TYPE_CHECKING:
    from registry.queries import MissionAsOf, Person, Tenure
    from registry.read.missions import Precedence

INFERRED_MARK = "†"
INFERRED_NOTE = f"{INFERRED_MARK} seat city inferred (the host's capital), not stated by the source"
CONFLICT_MARK = "(sources disagree)"


# Each table's columns (key, heading), for the terminal and the web view alike.
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "who-heads": [
        ("sending", "Sending"),
        ("mission_kind", "Kind"),
        ("head", "Head"),
        ("rank", "Rank"),
        ("since", "Since"),
        ("credentials", "Credentials"),
        ("accredited_to", "Accredited to"),
        ("source", "Source"),
        ("evidence", "Last reported"),
    ],
    "represents": [
        ("host", "Host"),
        ("city", "City"),
        ("mission_kind", "Kind"),
        ("head", "Head"),
        ("rank", "Rank"),
        ("since", "Since"),
        ("accredited_to", "Accredited to"),
        ("evidence", "Last reported"),
    ],
    "accredited-to": [
        ("sending", "Sending"),
        ("mission_kind", "Kind"),
        ("city", "Seat"),
        ("head", "Head"),
        ("rank", "Rank"),
        ("since", "Since"),
        ("accredited_to", "Accredited to"),
        ("evidence", "Last reported"),
    ],
    "person": [
        ("sending", "Sending"),
        ("mission_kind", "Kind"),
        ("city", "City"),
        ("rank", "Rank"),
        ("since", "Since"),
        ("until", "Until"),
        ("accredited_to", "Accredited to"),
        ("source", "Source"),
    ],
    "precedence": [
        ("position", "#"),
        ("sending", "Sending"),
        ("head", "Head"),
        ("rank", "Rank"),
        ("rank_class", "Class"),
        ("took_up_functions", "Took up functions"),
        ("last_reported", "Last reported"),
    ],
    "conflicts": [
        ("sending", "Sending"),
        ("mission_kind", "Kind"),
        ("city", "City"),
        ("disagreement", "About"),
        ("first", "One source says"),
        ("second", "Another says"),
    ],
}


def mission_row(post: MissionAsOf) -> dict[str, Any]:
    """A mission and its head on a date as output keys."""
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
        **evidence_keys(post),
    }


def evidence_keys(post: MissionAsOf) -> dict[str, Any]:
    """A row's latest evidence, and the complete list that presumes it not operating
    (docs/evidence.md): the output keys beginning with evidence."""
    return {
        "evidence_on": show(post.evidence_on, post.evidence_precision),
        "evidence_attests": post.evidence_attests,
        "evidence_source": post.evidence_source,
        "evidence_not_in_list_of": show(post.omitted_on, post.omitted_precision),
        "evidence_not_in_list_source": post.omitted_source,
        "evidence_conflicts": post.open_conflicts,
    }


def tenure_row(person: Person, t: Tenure) -> dict[str, Any]:
    """One of a person's posts as output keys."""
    return {
        "person": person.name,
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


def rows_of(answers: Sequence[Any]) -> list[dict[str, Any]]:
    """Answers that are already one row each (history's events, precedence entries,
    summary lines, recognised missions): their fields, in order, as output keys."""
    return [
        {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(answer).items()}
        for answer in answers
    ]


def table_rows(
    rows: list[dict[str, Any]], columns: Sequence[tuple[str, str]], caption: str | None
) -> tuple[list[dict[str, Any]], str | None]:
    """Rows and caption as a table or TSV shows them: the marks added."""
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
    cells = [{k: table_value(k, v, row) for k, v in row.items()} for row in rows]
    for key in keys & {"evidence", "last_reported"}:  # the same cell, two priorities
        cells = [{**c, key: evidence_cell(row)} for c, row in zip(cells, rows, strict=True)]
    return cells, caption


def table_value(key: str, value: Any, row: dict[str, Any]) -> Any:
    if key == "head" and "head_status" in row:
        from registry.read.timeline import non_resident

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


def head_cell(row: dict[str, Any]) -> str:
    status = row["head_status"]
    if status == "named":
        return str(row["head"])
    if status == "unnamed":
        return "(name not reported)"
    if status == "vacant":
        return "no head on record"
    return "unknown"


def evidence_cell(row: dict[str, Any]) -> tuple[str, ...] | str:
    """'2024-09, head in post' and its source, which the table numbers as a footnote
    with the sources (tables.NOTE); a mission a complete list left out says so, and
    when and where it was last reported."""
    if row.get("evidence_not_in_list_of"):
        listed = (
            f"not in the list of {row['evidence_not_in_list_of']}",
            row["evidence_not_in_list_source"],
        )
        if not row.get("evidence_on"):
            return listed
        return (*listed, f"; last reported {row['evidence_on']}", row["evidence_source"])
    if not row.get("evidence_on"):
        return "no dated evidence"
    # A disagreement no later evidence settled: `registry conflicts` shows both sides.
    conflict = f" {CONFLICT_MARK}" if row.get("evidence_conflicts") else ""
    return f"{row['evidence_on']}, {row['evidence_attests']}{conflict}", row["evidence_source"]


def doyen_caption(answer: Precedence, rows: Sequence[Any]) -> str | None:
    """The line under an order of precedence: the doyen, or why there is none."""
    doyen = answer.doyen
    if doyen:
        return f"Doyen: {doyen.head or 'the head of mission'} of {doyen.sending}"
    if rows:
        return "Doyen: cannot be determined, the order of the first heads is unknown"
    return None
