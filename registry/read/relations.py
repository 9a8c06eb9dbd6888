"""One timeline per pair of parties: recognition, diplomatic relations, and the
missions between them (opened, raised, closed...), oldest first, each with its source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from registry.dates import show
from registry.queries import Party
from registry.read import names

Connection = Any  # a psycopg connection


@dataclass(frozen=True)
class RelationRow:
    date: str  # ISO 8601 at the precision known
    category: str  # recognition, relations or mission
    event: str  # what happened, as a label
    by: str  # who acted (the party, or the mission's sending party)
    to: str  # the counterpart (or its authority), or the mission's host
    mission: str | None  # the mission concerned: kind and seat
    person: str | None  # who carried it out, if named
    note: str | None
    source: str


@dataclass(frozen=True)
class Relations:
    first: Party
    second: Party
    events: tuple[RelationRow, ...]  # oldest first


EVENTS = """
SELECT occurred_on, occurred_precision, category, event, party, coalesce(
       counterpart_authority || ' (' || counterpart || ')', counterpart), NULL, person, note,
       source, 0, relation_event_id
  FROM reporting.relation_event
 WHERE (party_code, counterpart_code) IN ((%(a)s, %(b)s), (%(b)s, %(a)s))
"""
# Changes of a mission itself (not of a head's tenure) between the two, either way.
CHANGES = """
SELECT c.occurred_on, c.occurred_precision, 'mission', c.change, c.sending, c.host,
       m.mission_kind || coalesce(' in ' || c.city, ''), NULL, c.note, c.source,
       CASE WHEN c.mission_status IN ('closed', 'suspended') THEN 0 ELSE 1 END,
       c.status_change_id
  FROM reporting.mission_status_change c
  JOIN reporting.mission m USING (mission_id)
 WHERE c.tenure_id IS NULL
   AND (c.sending_code, c.host_code) IN ((%(a)s, %(b)s), (%(b)s, %(a)s))
   AND m.organisation IS NULL
"""


def relations(conn: Connection, first: str, second: str) -> Relations:
    """Every act between two parties and every change of a mission one sends to the
    other, oldest first (on one day: recognition, then relations, then missions, a
    mission ending before one opening: a legation raised, then the embassy)."""
    a = names.party(conn, first)
    b = names.party(conn, second)
    if a.code == b.code:
        raise names.InvalidName(f"{first!r} and {second!r} are the same party: name two")
    params = {"a": a.code, "b": b.code}
    rows = conn.execute(EVENTS, params).fetchall() + conn.execute(CHANGES, params).fetchall()
    order = {"recognition": 0, "relations": 1, "mission": 2}
    rows.sort(key=lambda r: (r[0], order[r[2]], r[10], r[11]))
    return Relations(
        a,
        b,
        tuple(
            RelationRow(
                date=show(r[0], r[1]) or "",
                category=r[2],
                event=r[3],
                by=r[4],
                to=r[5],
                mission=r[6],
                person=r[7],
                note=r[8],
                source=r[9],
            )
            for r in rows
        ),
    )


@dataclass(frozen=True)
class Counterpart:
    name: str
    code: str
    events: int  # acts and mission changes between the two on record


COUNTERPARTS = """
SELECT p.name, p.code, count(*)
  FROM (SELECT CASE WHEN party_code = %(code)s THEN counterpart_code ELSE party_code END
          FROM reporting.relation_event
         WHERE %(code)s IN (party_code, counterpart_code)
        UNION ALL
        SELECT CASE WHEN c.sending_code = %(code)s THEN c.host_code ELSE c.sending_code END
          FROM reporting.mission_status_change c
          JOIN reporting.mission m USING (mission_id)
         WHERE c.tenure_id IS NULL AND m.organisation IS NULL
           AND %(code)s IN (c.sending_code, c.host_code)) AS e(other)
  JOIN reporting.party p ON p.code = e.other
 WHERE e.other <> %(code)s
 GROUP BY p.name, p.code
 ORDER BY p.name, p.code
"""


def counterparts(conn: Connection, party: str) -> tuple[Party, tuple[Counterpart, ...]]:
    """The parties ``relations(party, other)`` has something on record for: the same
    events (acts either way, changes of a mission either sends the other), by name."""
    found = names.party(conn, party)
    rows = conn.execute(COUNTERPARTS, {"code": found.code}).fetchall()
    return found, tuple(Counterpart(name, code, n) for name, code, n in rows)
