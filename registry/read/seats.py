"""A mission's dated seats (reporting.mission_seat, revision 0019) and the moves they
make: on each date a seat begins or ends, the mission moved when its seat before the
date differs from its seat on it. Where no seat row covers a date the mission is at
its own city (reporting.mission)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from registry.queries import Mission

Connection = Any  # a psycopg connection


@dataclass(frozen=True)
class Seat:
    seat_id: int
    mission_id: int
    city: str
    from_on: dt.date | None  # None: since the mission opened
    from_precision: str | None
    until_on: dt.date | None  # None: no later move on record
    until_precision: str | None
    source: str

    def covers(self, day: dt.date) -> bool:
        return (self.from_on is None or self.from_on <= day) and (
            self.until_on is None or day < self.until_on
        )


@dataclass(frozen=True)
class Move:
    """The mission left ``left`` for ``reached`` on ``on`` (at ``precision``), as the
    seat ``seat_id`` says (the seat begun that day, else the one ended)."""

    mission_id: int
    on: dt.date
    precision: str
    left: str | None  # None: no seat known (a mission that names only its country)
    reached: str | None
    seat_id: int
    source: str


def seats_of(conn: Connection, mission_ids: list[int]) -> list[Seat]:
    rows = conn.execute(
        "SELECT seat_id, mission_id, city, from_on, from_precision, until_on, "
        "until_precision, source FROM reporting.mission_seat WHERE mission_id = ANY(%s) "
        "ORDER BY mission_id, from_on NULLS FIRST",
        (mission_ids,),
    ).fetchall()
    return [Seat(*row) for row in rows]


def moves(missions: list[Mission], seats: list[Seat]) -> list[Move]:
    """Every move of these missions, oldest first within each mission."""
    out: list[Move] = []
    for mission in missions:
        own = [s for s in seats if s.mission_id == mission.mission_id]

        def seat_on(
            day: dt.date, own: list[Seat] = own, home: str | None = mission.city
        ) -> str | None:
            return next((s.city for s in own if s.covers(day)), home)

        dates: dict[dt.date, tuple[str, Seat]] = {}
        for s in own:  # a seat begun on the date names it before one that ended then
            if s.until_on is not None and s.until_precision:
                dates.setdefault(s.until_on, (s.until_precision, s))
        for s in own:
            if s.from_on is not None and s.from_precision:
                dates[s.from_on] = (s.from_precision, s)
        for day in sorted(dates):
            precision, seat = dates[day]
            left, reached = seat_on(day - dt.timedelta(days=1)), seat_on(day)
            if left != reached:
                out.append(
                    Move(
                        mission.mission_id, day, precision, left, reached, seat.seat_id, seat.source
                    )
                )
    return out
