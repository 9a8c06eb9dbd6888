"""Where sources disagree about a mission (reporting.evidence_conflict,
docs/evidence.md): both sides, their dates and sources, in a city, for a party
(sending or host), or everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from registry import queries
from registry.dates import show
from registry.read import names

Connection = Any


@dataclass(frozen=True)
class Conflict:
    mission_id: int
    sending: str
    sending_code: str
    mission_kind: str
    host: str
    city: str | None
    disagreement: str
    first_on: str
    first_says: str
    first_source: str
    second_on: str
    second_says: str
    second_source: str


@dataclass(frozen=True)
class Conflicts:
    where: str  # "Kabul, Afghanistan", "Germany" or "the registry"
    conflicts: tuple[Conflict, ...]


_SQL = """
SELECT c.mission_id, m.sending, m.sending_code, m.mission_kind, m.host, c.city,
       c.disagreement, c.first_on, c.first_precision, c.first_says, c.first_source,
       c.second_on, c.second_precision, c.second_says, c.second_source
  FROM reporting.evidence_conflict c
  JOIN reporting.mission m ON m.mission_id = c.mission_id
 WHERE {where}
 ORDER BY m.host, c.city NULLS FIRST, m.sending, c.first_on, c.second_on, c.disagreement
"""


def conflicts(conn: Connection, name: str | None = None) -> Conflicts:
    """Every disagreement in a city (about the missions seated there on its date), or
    about a party's missions (sent or hosted): a name that is a city is taken as the city."""
    if name is None:
        where, sql, params = "the registry", "true", dict[str, object]()
    else:
        try:
            place = names.city(conn, name)
            where = f"{place.name}, {place.country}"
            # Where the mission sat on the disagreement's date (revision 0021).
            sql, params = "c.city_id = %(id)s", {"id": place.id}
        except queries.UnknownName:
            party = names.party(conn, name)
            where = party.name
            sql = "(m.sending_code = %(code)s OR m.host_code = %(code)s)"
            params = {"code": party.code}
    rows = conn.execute(_SQL.format(where=sql), params).fetchall()
    return Conflicts(
        where,
        tuple(
            Conflict(
                mission_id=r[0],
                sending=r[1],
                sending_code=r[2],
                mission_kind=r[3],
                host=r[4],
                city=r[5],
                disagreement=r[6],
                first_on=show(r[7], r[8]) or "",
                first_says=r[9],
                first_source=r[10],
                second_on=show(r[11], r[12]) or "",
                second_says=r[13],
                second_source=r[14],
            )
            for r in rows
        ),
    )
