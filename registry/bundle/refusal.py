"""Which row the database refused, for rows held in memory (``load_rows``).

A set-based statement that breaks a constraint names the table, not the row. For rows
held in memory the writer finds the row again: it loads the files the refused one
depends on (those before it in the specification) with ever shorter prefixes of the
refused file's rows, each attempt rolled back, until the shortest prefix still refused
ends on the culprit. A few attempts (log2 of the rows), and only when a load fails.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import psycopg

from registry.bundle.report import BulkError, Locate, Problem, Refused
from registry.bundle.spec import FILES

# The bundle file whose rows each table is written from.
WRITTEN_FROM = {
    "source": "sources.csv",
    "party": "parties.csv",
    "party_alias": "parties.csv",
    "authority": "authorities.csv",
    "party_succession": "successions.csv",
    "subdivision": "subdivisions.csv",
    "city": "cities.csv",
    "city_alias": "cities.csv",
    "person": "people.csv",
    "person_alias": "people.csv",
    "mission": "missions.csv",
    "mission_source": "missions.csv",
    "accreditation": "accreditations.csv",
    "mission_jurisdiction": "districts.csv",
    "tenure": "tenures.csv",
    "status_change": "status_changes.csv",
    "relation_event": "relations.csv",
    "complete_list": "complete_lists.csv",
    "complete_list_mission": "complete_lists.csv",
    "external_id": "external_ids.csv",
}


Load = Callable[[Mapping[str, Sequence[Mapping[str, str]]]], object]


def refused_row(
    conn: psycopg.Connection[Any],
    rows: Mapping[str, Sequence[Mapping[str, str]]],
    refused: Refused,
    locate: Locate | None,
    load: Load,
) -> BulkError:
    """The refusal at the row that caused it (``refused`` itself when none is found);
    ``load`` loads rows as the refused load did, without looking for a row."""
    file = WRITTEN_FROM.get(refused.table or "")
    if file is None or not rows.get(file):
        return refused
    order = [f.file for f in FILES]
    before = {name: given for name, given in rows.items() if order.index(name) < order.index(file)}

    def still_refused(count: int) -> bool:
        with conn.transaction(force_rollback=True):
            try:
                load({**before, file: rows[file][:count]})
            except Refused as again:
                return again.table == refused.table
            except BulkError:
                return False
        return False

    low, high = 1, len(rows[file])
    if not still_refused(high):
        return refused  # it takes a later file's rows too
    while low < high:
        middle = (low + high) // 2
        if still_refused(middle):
            high = middle
        else:
            low = middle + 1
    first = refused.errors[0]
    problem = Problem(file, high, "", "", first.message, "error")
    return BulkError([locate(problem) if locate else problem])
