"""The seats of the US missions the rdcr guide says moved ("Embassy Moved to Belmopan,
2006"): one mission (keyed by its first seat's city) with dated seats
(mission_seats.csv, docs/seats.md), not a mission closed here and another opened
there. Later events naming a moved mission by any city it sat in find the same one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from registry.importers.common import Bundle, Origin, Places
from registry.names import fold


class Notify(Protocol):
    def __call__(self, file: str, line: int, fieldname: str, value: str, message: str) -> None: ...


@dataclass
class Seat:
    city: str  # PARTY:key: the seat need not be in the host (the embassy to China at Taipei)
    name: str  # folded, as the guide names it
    since: str  # the day it moved there, as the guide gives it ("": since it opened)
    origin: Origin | None
    place: str = ""  # the name as the guide gives it: the city is found again at the end


@dataclass
class Moved:
    key: str  # the mission's bundle key: its first seat's city
    seats: list[Seat] = field(default_factory=list)

    def names(self) -> set[str]:
        return {s.name for s in self.seats}


def first_day(day: str) -> str:
    return (day + "-01-01")[:10] if len(day) == 4 else (day + "-01")[:10]


class Seats:
    def __init__(self, places: Places, bundle: Bundle, notice: Notify) -> None:
        self.places = places
        self.bundle = bundle
        self.notice = notice
        self.moved: dict[tuple[str, str], list[Moved]] = {}  # (host, kind) -> missions
        self.renamed: dict[str, str] = {}  # an inferred seat's key -> the stated one's

    def city(self, code: str, name: str) -> str:
        """``PARTY:key`` of the city so named: in the host if it knows one, else the one
        other party that does (Cairo for the embassy to Greece), else a new one in the
        host."""
        if self.places.known_city(code, name) is None:
            elsewhere = {p for (p, n) in self.places.cities if n == fold(name) and p != code}
            if len(elsewhere) == 1:
                party = elsewhere.pop()
                return f"{party}:{self.places.city(party, name)}"
        return f"{code}:{self.places.city(code, name)}"

    def find(self, code: str, kind: str, name: str, past: bool = True) -> Moved | None:
        """The moved mission of that kind now seated in the city so named; else, with
        ``past``, the latest one that sat there (a closure or re-opening naming the city
        it had)."""
        missions = self.moved.get((code, kind), [])
        now = [m for m in missions if m.seats[-1].name == fold(name)]
        if now or not past:
            return now[-1] if now else None
        then = [m for m in missions if fold(name) in m.names()]
        return then[-1] if then else None

    def key(self, key: str) -> str:
        return self.renamed.get(key, key)

    def rename(self, old: str, new: str) -> None:
        """The mission first keyed by an inferred seat (the capital) is at the seat the
        guide states when it moves (the embassy at Belize City, not Belmopan)."""
        self.renamed = {k: (new if v == old else v) for k, v in self.renamed.items()}
        self.renamed[old] = new

    def move(
        self, code: str, kind: str, key: str, old: str, new: str, day: str, moved: Moved | None
    ) -> Moved:
        """The mission ``key`` (at ``old``; ``moved``: one that moved already) moves to
        ``new`` on ``day``."""
        here = self.bundle.here
        mission = moved or self.find(code, kind, old, past=False)
        if mission is None:
            # a seat the guide does not name and no capital gives: none before the move
            first = self.city(code, old) if old else ""
            mission = Moved(key, [Seat(first, fold(old), "", here)])
            self.moved.setdefault((code, kind), []).append(mission)
        last = mission.seats[-1]
        if last.since and first_day(last.since) >= first_day(day):
            # two moves the guide dates to one day (or a year): the later seat only
            self.notice(
                here.file if here else "",
                (here.line if here else None) or 0,
                "head",
                new,
                f"moved to {new} on {day}, from a seat it moved to on {last.since}: "
                "that seat not kept",
            )
            mission.seats.pop()
        mission.seats.append(Seat(self.city(code, new), fold(new), day, here, new))
        return mission

    def write(self) -> None:
        """mission_seats.csv: each seat until the next move, the last open-ended."""
        for missions in self.moved.values():
            for mission in missions:
                key = self.key(mission.key)
                _us, code, city, _kind = key.split("|")
                for seat, after in zip(mission.seats, [*mission.seats[1:], None], strict=True):
                    self.bundle.here = after.origin if after else seat.origin
                    until = after.since if after else ""
                    # the first seat is the mission's own city, in the host (none known:
                    # no seat on record until it moved)
                    if not seat.since and not city:
                        continue
                    # found when every city of the import is known (a later event may
                    # add the host's own city of that name): the same file, the same seat
                    # on every import
                    at = self.city(code, seat.place) if seat.place else seat.city
                    at = at if seat.since else f"{code}:{city}"
                    self.bundle.add("mission_seats.csv", key, at, seat.since, until, "")
