"""`registry record complete-list`: a source's list of every mission (of some kinds)
seated in a city on a date (docs/evidence.md). Like the loader's: the missions named
must be on record in that city on the list's date (a mission that moved: its dated seat
then, docs/seats.md), the date not in the future; recording the same list
again adds only missions it did not name yet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection

from registry import queries
from registry.dates import PartialDate
from registry.record.errors import RecordError
from registry.record.facts import MissionRef, SourceRef
from registry.record.lock import _refused
from registry.record.recorder import Recorder
from registry.record.wording import label


@dataclass(frozen=True)
class CompleteList:
    city: str
    on: PartialDate
    missions: tuple[tuple[str, str | None], ...]  # (sending, kind or None)
    source: SourceRef
    kinds: tuple[str, ...] | None = None
    note: str | None = None


def record_complete_list(conn: Connection, fact: CompleteList) -> list[str]:
    with _refused():
        r = Recorder(conn, on=fact.on.first_day)
        if fact.on.first_day > dt.date.today():
            raise RecordError(f"--on: {fact.on} is in the future: a list holds for a day past")
        if not fact.missions:
            raise RecordError("--mission: name every mission the list names (one at least)")
        city_id = r.city("CITY", fact.city)
        known = {row[0] for row in r.rows("SELECT code FROM mission_kind")}
        for kind in fact.kinds or ():
            if kind not in known:
                raise RecordError(f"--kinds: unknown mission kind {kind!r}")
        missions = []
        for sending, kind_of in fact.missions:
            try:
                missions.append(_seated(r, sending, kind_of, fact, city_id))
            except RecordError as exc:
                raise RecordError(f"--mission {sending}: {exc}") from None
        r.source(fact.source)
        rows = r.rows(
            "SELECT id FROM complete_list WHERE source_id = %s AND city_id = %s AND listed_on = %s",
            (r.source_id, city_id, fact.on.first_day),
        )
        if rows:
            list_id = rows[0][0]
            r.say(f"complete list {list_id} on record: {fact.city}, {fact.on} {r.cite()}")
        else:
            list_id = r.raw.execute(
                "INSERT INTO complete_list (source_id, city_id, listed_on, listed_precision,"
                " kinds, note) VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (
                    r.source_id,
                    city_id,
                    fact.on.first_day,
                    fact.on.precision,
                    list(fact.kinds) if fact.kinds else None,
                    fact.note,
                ),
            ).fetchone()[0]
            kinds = ", ".join(fact.kinds) if fact.kinds else "every kind"
            r.say(
                f"complete list {list_id} recorded: the missions in {fact.city} on {fact.on}"
                f" ({kinds}) {r.cite()}"
            )
        for mission in missions:
            added = r.raw.execute(
                "INSERT INTO complete_list_mission (complete_list_id, mission_id)"
                " VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (list_id, mission.mission_id),
            ).rowcount
            r.say(f"  {'named' if added else 'already named'}: {label(mission)}")
        return r.lines


# Where a mission sat on a date: its dated seat then, else its own city (revision 0019).
_SEAT_ON = (
    "SELECT COALESCE((SELECT s.city_id FROM mission_seat s WHERE s.mission_id = m.id"
    " AND s.valid @> %(day)s::date AND upper_inf(s.recorded)), m.city_id)"
    " FROM mission m WHERE m.id = %(id)s"
)


def _seated(
    r: Recorder, sending: str, kind: str | None, fact: CompleteList, city_id: int
) -> queries.Mission:
    """The sender's mission (of the kind) seated in the list's city on its date, of
    those ever seated there: a mission that moved is found in the city it moved to."""
    party = r.find("MISSION", queries.find_party, sending)
    place, _host = r.seat(fact.city)
    candidates = [
        m
        for m in (queries.missions_of(r.raw, party, place) if place else [])
        if kind in (None, m.mission_kind_code)
    ]
    day = {"day": fact.on.first_day}
    seated = [
        m for m in candidates if r.rows(_SEAT_ON, {**day, "id": m.mission_id}) == [(city_id,)]
    ]
    if len(seated) == 1:
        return seated[0]
    if not seated and candidates:
        elsewhere = "; ".join(label(m) for m in candidates[:4])
        where = place.name if place else fact.city
        raise RecordError(f"MISSION: {elsewhere}: not seated in {where} on {fact.on}")
    # None on record, or several: the ordinary lookup's message names them.
    return r.mission(MissionRef(sending, fact.city, kind))
