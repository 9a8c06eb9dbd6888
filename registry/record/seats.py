"""A mission that moved (`registry record moved`): its seat ends the day it moves and
a seat in the new city begins (revision 0019's mission_seat, append-only). A mission
with no seat row yet was at its own city: that seat is recorded first, since the
mission opened, as far as the registry knows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, insert
from sqlalchemy.dialects.postgresql import Range

from registry import history, queries
from registry.record.errors import RecordError
from registry.record.facts import SeatMove
from registry.record.lock import _refused
from registry.record.recorder import Recorder
from registry.record.session import TABLES
from registry.record.wording import label


@dataclass(frozen=True)
class _Seat:
    id: int
    city_id: int
    city: str
    valid: Range[dt.date]
    start_precision: str | None
    end_precision: str | None


def _seats(r: Recorder, mission_id: int) -> list[_Seat]:
    return [
        _Seat(*row)
        for row in r.rows(
            "SELECT s.id, s.city_id, c.name, s.valid, s.start_precision, s.end_precision"
            " FROM mission_seat s JOIN city c ON c.id = s.city_id"
            " WHERE s.mission_id = %s AND upper_inf(s.recorded)"
            " ORDER BY lower(s.valid) NULLS FIRST",
            (mission_id,),
        )
    ]


def _covers(valid: Range[dt.date], day: dt.date) -> bool:
    return (valid.lower is None or valid.lower <= day) and (
        valid.upper is None or day < valid.upper
    )


def record_move(conn: Connection, m: SeatMove) -> list[str]:
    """The mission named by its sending party and the city it left moved to ``m.to``
    on ``m.on``. Refused when it was not in that city the day before, is in ``m.to``
    already, or a move on that day is on record."""
    with _refused():
        r = Recorder(conn, on=m.on.first_day)
        mission = r.mission(m.mission)
        r.lock(mission)
        r.source(m.source)
        to = r.find("--to", lambda raw, name: queries.find_city(raw, name, r.on), m.to)
        day = m.on.first_day
        seats = _seats(r, mission.mission_id)
        before = next((s for s in seats if _covers(s.valid, day - dt.timedelta(days=1))), None)
        left = (before.city_id, before.city) if before else (_own_city(r, mission))
        named = m.mission.city
        place, _ = r.seat(named)
        if left[0] != (place.id if place else None):
            where = left[1] or "no city on record"
            given = place.name if place else named
            raise RecordError(
                f"MISSION: {label(mission)} was at {where} the day before {m.on}, not at {given}"
            )
        if to.id == left[0]:
            raise RecordError(f"--to: {label(mission)} is at {to.name} already on {m.on}")
        starting = next((s for s in seats if s.valid.lower == day), None)
        if starting is not None:
            raise RecordError(
                f"--on: a seat of {label(mission)} begins on {m.on} already (seat "
                f"{starting.id}, {starting.city}): correct it rather than move again"
            )
        seat = TABLES["mission_seat"]
        if before is not None:
            until, end_precision = before.valid.upper, before.end_precision
            new_id = history.supersede(
                conn,
                seat,
                before.id,
                {"valid": Range(before.valid.lower, day), "end_precision": m.on.precision},
            )
            r.say(
                f"seat {before.id} superseded by {new_id}: {label(mission)}, in {before.city} "
                f"until {m.on} {r.cite()}"
            )
        else:
            later = next((s for s in seats if s.valid.lower and s.valid.lower > day), None)
            until = later.valid.lower if later else None
            end_precision = later.start_precision if later else None
            if left[0] is not None:  # else a mission whose source named only its country
                old_id = _insert(
                    r, mission.mission_id, left[0], Range(None, day), None, m.on.precision
                )
                r.say(
                    f"seat {old_id} recorded: {label(mission)}, in {left[1]} until {m.on} "
                    f"{r.cite()}"
                )
        new_id = _insert(
            r, mission.mission_id, to.id, Range(day, until), m.on.precision, end_precision
        )
        r.say(f"seat {new_id} recorded: {label(mission)}, in {to.name} from {m.on} {r.cite()}")
        return r.lines


def _own_city(r: Recorder, mission: queries.Mission) -> tuple[int | None, str | None]:
    ((city_id,),) = r.rows("SELECT city_id FROM mission WHERE id = %s", (mission.mission_id,))
    return city_id, mission.city


def _insert(
    r: Recorder,
    mission_id: int,
    city_id: int,
    valid: Range[dt.date],
    start_precision: str | None,
    end_precision: str | None,
) -> int:
    new_id: int = r.conn.execute(
        insert(TABLES["mission_seat"])
        .values(
            mission_id=mission_id,
            city_id=city_id,
            valid=valid,
            start_precision=start_precision,
            end_precision=end_precision,
            source_id=r.source_id,
        )
        .returning(TABLES["mission_seat"].c.id)
    ).scalar_one()
    return new_id


def record_seat_retraction(conn: Connection, seat_id: int) -> list[str]:
    """Stop asserting a seat recorded in error (`record retraction seat N`, the Ref
    `history` shows for a move). The version stays, closed; where no other seat covers
    its dates, the mission is at its own city again."""
    with _refused():
        r = Recorder(conn)
        rows = r.rows(
            "SELECT mission_id, upper_inf(recorded) FROM mission_seat WHERE id = %s", (seat_id,)
        )
        if not rows:
            raise RecordError(f"SEAT: no seat {seat_id}")
        if not rows[0][1]:
            raise RecordError(
                f"SEAT: seat {seat_id} is a superseded or retracted version; "
                "see `registry history` for the current one"
            )
        mission = queries.mission_by_id(r.raw, rows[0][0])
        assert mission is not None
        r.lock(mission)
        seat = next((s for s in _seats(r, mission.mission_id) if s.id == seat_id), None)
        if seat is None:  # closed by another recording while this one waited
            raise RecordError(f"SEAT: seat {seat_id} was retracted or corrected meanwhile")
        history.retract(conn, TABLES["mission_seat"], seat_id)
        r.say(f"seat {seat_id} retracted: {label(mission)}, in {seat.city} {_period(seat)}")
        return r.lines


def _period(seat: _Seat) -> str:
    from registry.dates import show

    start = show(seat.valid.lower, seat.start_precision)
    end = show(seat.valid.upper, seat.end_precision)
    if start and end:
        return f"from {start} until {end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else "at every date"
