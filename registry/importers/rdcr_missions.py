"""The status changes and seats of the US missions the rdcr guide names: which mission
an event is of (its city as the heading or prose names it, else where the file last
put that kind of mission, else the capital on the day: inferred), and a mission that
moved as one mission with dated seats (registry/importers/rdcr_seats.py)."""

from __future__ import annotations

import datetime as dt
import re

from registry.bulk import Problem
from registry.importers.common import Bundle, Capital, Origin, Places, capital_on
from registry.importers.rdcr_seats import Moved, Seats
from registry.importers.rdcr_text import YEAR, Match, Node
from registry.names import fold

US = "US"
FROM_SEAT = re.compile(r"\bfrom\s+(?P<city>[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+)*)")
# The moves of a heading naming more than one ("moves to Florence and then Rome"), as
# the prose gives them: "from Turin to Florence in 1865 and from Florence to Rome in 1871".
MOVES = re.compile(
    r"\bfrom\s+(?P<old>[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+)*)\s+to\s+"
    r"(?P<new>[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+)*)\s+in\s+(?P<year>1[6-9]\d\d|20\d\d)\b"
)
# The kinds another source may record the same change of a mission as (pocom's
# mission notes say "re-opened" as resumed; its raised legations end "closed").
SAME = {"reopened": ("reopened", "resumed"), "raised": ("raised", "closed")}
SEAT = re.compile(r"\b(?:in|at)\s+(?-i:(?P<city>[A-Z][\w'’.-]+(?:\s[A-Z][\w'’.-]+)*))", re.I)


class MissionChanges:
    """The part of the rdcr importer that writes status changes and seats of missions."""

    bundle: Bundle
    places: Places
    capitals: dict[str, list[Capital]]
    held: set[tuple[str, ...]]
    facts: dict[tuple[str, ...], str]  # fact -> where it was first read
    missions: dict[str, tuple[bool, Origin | None]]  # key -> (inferred, where)
    seats: dict[str, tuple[str, bool]]  # mission kind -> its last seat city, in this file
    seating: Seats

    def problem(self, file: str, line: int, fieldname: str, value: str, message: str) -> None:
        self.bundle.problem(Problem(file, line, fieldname, value, message, "unmapped"))

    def notice(self, file: str, line: int, fieldname: str, value: str, message: str) -> None:
        self.bundle.problem(Problem(file, line, fieldname, value, message, "notice"))

    def of_heading(self, heading: str, message: str, severity: str = "notice") -> None:
        """A notice (or an unmapped value) about the heading of the event being read."""
        here = self.bundle.here
        file, line = (here.file, here.line or 0) if here else ("", 0)
        self.bundle.problem(Problem(file, line, "head", heading, message, severity))

    def once(self, fact: tuple[str, ...], heading: str) -> bool:
        """Whether this fact (same parties or mission, kind and day) came already from
        another event: then a notice names both, and the first one's note is kept (two
        notes of one fact would contradict each other in the bundle)."""
        here = self.bundle.here
        at = f"{here.file}:{here.line}" if here else "?"
        first = self.facts.setdefault(fact, at)
        if first == at:
            return False
        self.notice(
            here.file if here else "",
            (here.line if here else None) or 0,
            "head",
            heading,
            f"the same {fact[-2]} on {fact[-1]} as {first}: kept once",
        )
        return True

    @staticmethod
    def first_day(day: str) -> str:
        return (day + "-01-01")[:10] if len(day) == 4 else (day + "-01")[:10]

    def capital(self, code: str, day: str) -> tuple[str, bool]:
        first = dt.date.fromisoformat((day + "-01-01")[:10] if len(day) == 4 else day[:10])
        name = capital_on(self.capitals, code, first)
        return (name or "", True)

    def city(self, code: str, name: str, day: str) -> tuple[str, bool]:
        name = re.sub(r"\s*\(.*", "", name).strip(" .,")
        if not name:
            return self.capital(code, day)
        named = self.places.party_by_name.get(fold(name))
        if named:  # a country, not a city: its capital ("Moves to Egypt": Cairo)
            return self.capital(named, day)
        return (name, False)

    def seat(
        self,
        code: str,
        heading: str,
        div: Node,
        day: str,
        last: tuple[str, bool] | None = None,
    ) -> tuple[str, bool]:
        """The city a heading (else the prose) names the mission in; else where the same
        kind of mission last was; else the capital on the day (inferred). Never what
        the database holds: the same file gives the same seat on every import."""
        prose = " ".join(x.text() for x in div.kids("p"))
        for name in (*self.seats_in(heading), *self.seats_in(prose, div)):
            return name
        if last:
            return last
        return self.capital(code, day)

    def seats_in(self, text: str, div: Node | None = None) -> list[tuple[str, bool]]:
        """The cities ``text`` names a mission in or at; in the prose of ``div``, only
        those it marks as places (<placeName>)."""
        places = {fold(p.text()) for p in div.find("placeName")} if div else set()
        out = []
        for m in SEAT.finditer(YEAR.sub("", text)):
            name = re.sub(r"\s*\(.*", "", m.group("city")).strip(" .,’'")
            name = re.sub(r"^The\s+", "", name)
            # a title-case heading runs on into its verb ("in Cambodia Reopened")
            name = re.sub(r"\s+[A-Z][\w-]+ed\b.*", "", name)
            if fold(name) in self.places.party_by_name or fold(name) in (
                "the",
                "united states",
                "washington",
            ):
                continue
            if div and fold(name) not in places:
                continue
            out.append((name, False))
        return out

    def move(
        self,
        code: str,
        kind: str,
        old: tuple[str, bool],
        new: tuple[str, bool],
        last: tuple[str, bool] | None,
        day: str,
        heading: str,
        person: tuple[str, str] | None,
    ) -> None:
        """One mission moving from ``old`` to ``new``: a seat from the day, no status
        change (it neither closes nor opens)."""
        if not new[0]:  # a country whose capital the registry does not know
            self.of_heading(
                heading,
                "moved, to no city the guide names or a capital gives: not imported",
                "unmapped",
            )
            return
        if fold(old[0]) == fold(new[0]):
            self.of_heading(
                heading,
                f"moved to {new[0]}, from no other seat the guide names: read as opened there",
            )
            self.change(code, new, kind, "opened", day, heading, person)
            return
        key, moved = self.resolve(code, old, kind, "moved")
        self.register(key, old[1])
        if last and last[1] and fold(last[0]) != fold(old[0]):
            guessed, other = self.resolve(code, last, kind, "moved")
            if other is None and self.missions.get(guessed, (False, None))[0]:
                self.seating.rename(guessed, key)
        self.seating.move(code, kind, key, old[0], new[0], day, moved)

    def resolve(
        self, code: str, seat: tuple[str, bool], kind: str, change: str
    ) -> tuple[str, Moved | None]:
        """The mission of that kind at the seat: a moved one by the seats it had (one
        opened there is another mission), else by its city."""
        name, _inferred = seat
        moved = self.seating.find(code, kind, name, change != "opened") if name else None
        if moved:
            return self.seating.key(moved.key), moved
        city = self.places.city(code, name) if name else ""
        return self.seating.key(f"{US}|{code}|{city}|{kind}"), None

    def register(self, key: str, inferred: bool) -> None:
        if key in self.missions:  # stated once, the seat is stated
            self.missions[key] = (self.missions[key][0] and inferred, self.missions[key][1])
        else:
            self.missions[key] = (inferred, self.bundle.here)

    def change(
        self,
        code: str,
        seat: tuple[str, bool],
        kind: str,
        change: str,
        day: str,
        heading: str,
        person: tuple[str, str] | None,
    ) -> None:
        name, inferred = seat
        key, moved = self.resolve(code, seat, kind, change)
        city = key.split("|")[2]
        if any(
            (code, city, kind, same, self.first_day(day)) in self.held
            for same in SAME.get(change, (change,))
        ):
            self.of_heading(
                heading,
                f"{change} of the {kind} on {day}: another source records it already (kept)",
            )
            return
        self.register(key, inferred)
        if moved and change == "reopened" and moved.seats[-1].name != fold(name):
            # re-opened in a city it had left (Paris, after Vichy): it returns there
            self.seating.move(code, kind, key, moved.seats[-1].name, name, day, moved)
        note = heading
        if person:
            note += f" ({person[1]}, pocom person {person[0]})"
        if self.once(("change", key, change, day), heading):
            return
        self.bundle.add(
            "status_changes.csv",
            key,
            "",
            change,
            day,
            note,
            "",
            fields={"kind": "head", "note": "head"},
        )

    def moved(
        self,
        code: str,
        kind: str,
        div: Node,
        match: Match,
        day: str,
        heading: str,
        person: tuple[str, str] | None,
    ) -> None:
        prose = " ".join(x.text() for x in div.kids("p"))
        moves = list(MOVES.finditer(prose))
        if len(moves) > 1:  # each move the prose dates
            for m in moves:
                old, new = (
                    self.city(code, m["old"], m["year"]),
                    self.city(code, m["new"], m["year"]),
                )
                self.move(code, kind, old, new, self.seats.get(kind), m["year"], heading, person)
                self.seats[kind] = new
            return
        new = self.city(code, match.groups.get("to", ""), day)
        # the seat it left: the heading's ("from Bonn"), else where the file last put
        # it, unless that was only inferred and the prose marks another
        said = FROM_SEAT.search(heading)
        last = self.seats.get(kind)
        stated = self.city(code, said.group("city"), day) if said else None
        if stated is None and (last is None or last[1]):
            marked = [s for s in self.seats_in(prose, div) if fold(s[0]) != fold(new[0])]
            stated = marked[0] if marked else None
        old = stated or last or self.capital(code, day)
        self.move(code, kind, old, new, last, day, heading, person)
        self.seats[kind] = new
