"""Consular districts read: a subdivision of a state (ISO 3166-2) found by the names
people write it by, and the consular missions whose district covers it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from registry import queries, world
from registry.names import fold
from registry.queries import MissionAsOf, Party

Connection = Any  # a psycopg connection


@dataclass(frozen=True)
class Subdivision:
    """A province, state, Land... of a state: its ISO 3166-2 code, its name (English
    where known), what ISO 3166-2 calls it and the state it is in."""

    code: str
    name: str
    type: str
    state: Party

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code}, {self.type.lower()} of {self.state.name})"


def find_subdivision(conn: Connection, name: str) -> Subdivision | None:
    """The one subdivision so named (or so coded: CN-GD) anywhere; None when none is
    or several states have one (then the name is not taken to mean a subdivision)."""
    by_code = {s.code: s for s in world.subdivisions()}
    code = name.strip().upper()
    if code not in by_code:
        countries = {
            c
            for loosen in range(3)
            for (c, k) in world.subdivision_index(loosen)
            if k == fold(name)
        }
        found = {world.find_subdivision(c, name) for c in countries} - {None}
        if len(found) != 1:
            return None
        code = str(found.pop())
    ref = by_code[code]
    rows = conn.execute(
        "SELECT party_id, code, name, kind FROM reporting.party WHERE code = %(code)s",
        {"code": ref.country},
    ).fetchall()
    if not rows:
        return None
    english = world.english_names().get(code)
    return Subdivision(code, english[0] if english else ref.name, ref.type, Party(*rows[0]))


def missions_covering(conn: Connection, code: str, as_of: dt.date) -> list[MissionAsOf]:
    """The consular missions whose district covers the subdivision, in order of precedence."""
    missions = queries._missions(
        conn,
        "EXISTS (SELECT 1 FROM reporting.consular_district d"
        " WHERE d.mission_id = h.mission_id AND d.subdivision_code = %(code)s)",
        {"as_of": as_of, "code": code},
    )
    return sorted(missions, key=queries.precedence_key)
