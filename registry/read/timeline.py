"""Timelines: a mission's heads, credentials and status changes in order, and a
person's posts over time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from registry import queries
from registry.dates import show
from registry.queries import Mission, Person, StatusChange, Tenure
from registry.read import names, seats
from registry.read.seats import Move, Seat

Connection = Any  # a psycopg connection


class UnknownMission(LookupError):
    """No mission has this id."""

    def __init__(self, mission_id: int) -> None:
        self.mission_id = mission_id
        super().__init__(f"no mission with id {mission_id}")


_NO_CITY = "(no city on record)"


def non_resident(city: str) -> str:
    """A head accredited from elsewhere: 'non-resident, at Tehran'."""
    return f"non-resident, at {city}"


@dataclass(frozen=True)
class Event:
    """One line of a mission's history, as ``registry history`` shows it.
    ``ref`` names the fact for a correction or retraction (tenure 57, status-change 12)."""

    date: str | None  # ISO 8601 at the precision known; None for an undated fact
    event: str
    detail: str | None
    head: str | None
    rank: str | None
    source: str | None
    mission: str  # "Kazakhstan embassy, Kabul"
    mission_id: int
    seat_inferred: bool
    resident_city: str | None
    ref: str


@dataclass(frozen=True)
class History:
    missions: tuple[Mission, ...]
    tenures: tuple[Tenure, ...]
    changes: tuple[StatusChange, ...]
    events: tuple[Event, ...]  # oldest first
    seats: tuple[Seat, ...] = ()  # a mission that moved: its dated seats


def history(conn: Connection, sending: str, city: str | None = None) -> History:
    """The timeline of a sending party's missions, in one city or everywhere."""
    party = names.party(conn, sending)
    # history kazakhstan '': an empty city is an error, not "every city".
    place = names.city(conn, city) if city is not None else None
    return _history(conn, queries.missions_of(conn, party, place))


def mission_history(conn: Connection, mission_id: int) -> History:
    """The timeline of one mission by its id; UnknownMission if there is none."""
    found = queries.mission_by_id(conn, mission_id)
    if found is None:
        raise UnknownMission(mission_id)
    return _history(conn, [found])


def mission_label(mission: Mission) -> str:
    return f"{mission.sending} {mission.mission_kind}, {mission.city or mission.host}"


def _history(conn: Connection, missions: list[Mission]) -> History:
    tenures, changes = queries.timeline_of_missions(conn, missions)
    held = seats.seats_of(conn, [m.mission_id for m in missions])
    moved = seats.moves(missions, held)
    return History(
        tuple(missions),
        tuple(tenures),
        tuple(changes),
        events(missions, tenures, changes, moved),
        tuple(held),
    )


def events(
    missions: list[Mission],
    tenures: list[Tenure],
    changes: list[StatusChange],
    moved: list[Move] | None = None,
) -> tuple[Event, ...]:
    """The missions' facts in order: by date; on one date a tenure before its
    credentials before a status change before a move; then for a head the mission's
    place and the tenure's start; then the fact's id (as the statements ordered them
    before one read them all: status changes by date and id)."""
    label = {m.mission_id: mission_label(m) for m in missions}
    inferred = {m.mission_id: m.seat_inferred for m in missions}
    position = {m.mission_id: i for i, m in enumerate(missions)}
    keyed: list[tuple[dt.date, int, int, dt.date, int, Event]] = []

    def event(
        mission_id: int,
        ref: str,
        date: str | None,
        what: str,
        detail: str | None,
        head: str | None,
        rank: str | None,
        source: str | None,
        resident_city: str | None = None,
    ) -> Event:
        return Event(
            date=date,
            event=what,
            detail=detail,
            head=head,
            rank=rank,
            source=source,
            mission=label[mission_id],
            mission_id=mission_id,
            seat_inferred=inferred[mission_id],
            resident_city=resident_city,
            ref=ref,
        )

    for t in tenures:
        residence = f", {non_resident(t.resident_city)}" if t.resident_city else ""
        when = t.started_on or t.first_attested_on or dt.date.min
        start = show(t.started_on, t.start_precision) or (
            f"start unknown (attested {show(t.first_attested_on, t.attested_precision)})"
        )
        end = show(t.ended_on, t.end_precision) or "no end on record"
        ref = f"tenure {t.tenure_id}"
        keyed.append(
            (
                when,
                0,
                position[t.mission_id],
                when,
                t.tenure_id,
                event(
                    t.mission_id,
                    ref,
                    show(t.started_on, t.start_precision)
                    or show(t.first_attested_on, t.attested_precision),
                    "head of mission" if t.started_on else "head of mission attested",
                    f"{t.head or '(name not reported)'}, {t.rank}{residence}: {start} to {end}",
                    t.head,
                    t.rank,
                    t.source,
                    t.resident_city,
                ),
            )
        )
        if t.credentials_authority:
            cred_date = show(t.credentials_on, t.credentials_precision)
            keyed.append(
                (
                    t.credentials_on or when,
                    1,
                    position[t.mission_id],
                    when,
                    t.tenure_id,
                    event(
                        t.mission_id,
                        ref,
                        cred_date,
                        "credentials presented",
                        f"to {t.credentials_authority}" + ("" if cred_date else " (date unknown)"),
                        t.head,
                        t.rank,
                        t.source,
                        t.resident_city,
                    ),
                )
            )
    for c in changes:
        actor = c.actor_authority or c.actor
        detail = "; ".join(x for x in (f"by {actor}" if actor else None, c.note) if x)
        keyed.append(
            (
                c.occurred_on,
                2,
                0,
                c.occurred_on,
                c.status_change_id,
                event(
                    c.mission_id,
                    f"status-change {c.status_change_id}",
                    show(c.occurred_on, c.occurred_precision),
                    c.change,
                    detail or None,
                    None,
                    None,
                    c.source,
                ),
            )
        )
    for m in moved or []:
        keyed.append(
            (
                m.on,
                3,
                position[m.mission_id],
                m.on,
                m.seat_id,
                event(
                    m.mission_id,
                    f"seat {m.seat_id}",
                    show(m.on, m.precision),
                    "moved",
                    f"from {m.left or _NO_CITY} to {m.reached or _NO_CITY}",
                    None,
                    None,
                    m.source,
                ),
            )
        )
    return tuple(e[-1] for e in sorted(keyed, key=lambda e: e[:5]))


def ad_interim(conn: Connection, tenures: tuple[Tenure, ...] | list[Tenure]) -> dict[int, bool]:
    """Which of these tenures are held ad interim (for the timeline charts)."""
    return queries.ad_interim_tenures(conn, [t.tenure_id for t in tenures])


@dataclass(frozen=True)
class PersonTenures:
    person: Person
    tenures: tuple[Tenure, ...]  # by start


def person(conn: Connection, name: str) -> PersonTenures:
    """A person's posts as head of mission over time."""
    who = names.person(conn, name)
    return PersonTenures(who, tuple(queries.tenures_of_person(conn, who)))
