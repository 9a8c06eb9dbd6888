"""Names as the user types them, resolved the way the read commands do
(registry.queries): missions, people (or a new person), ranks, authorities,
cities, parties, kinds of status change."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.dialects.postgresql import insert as pg_insert

from registry import queries
from registry.names import did_you_mean, fold, mixed_scripts, slug
from registry.record.errors import Conflict, RecordError, RecordWarning
from registry.record.facts import MissionRef, PersonRef
from registry.record.session import TABLES
from registry.record.sources import Sources
from registry.record.wording import label

T = TypeVar("T")


class Names(Sources):
    """Finding what the user names; a new person is recorded citing the source."""

    def find(self, option: str, finder: Callable[[Any, str], T], name: str) -> T:
        try:
            return finder(self.raw, name)
        except (queries.UnknownName, queries.AmbiguousName) as exc:
            raise RecordError(f"{option}: {exc}") from None

    def mission(self, ref: MissionRef) -> queries.Mission:
        if ref.city is None and ref.sending.strip().isdigit():
            found = queries.mission_by_id(self.raw, int(ref.sending))
            if found is None:
                raise RecordError(f"MISSION: no mission with id {ref.sending}")
            return found
        party = self.find("MISSION", queries.find_party, ref.sending)
        place, host = self.seat(ref.city)
        candidates = queries.missions_of(self.raw, party, place)
        candidates = [m for m in candidates if host is None or m.host_code == host.code]
        missions = [m for m in candidates if ref.kind in (None, m.mission_kind_code)]
        if len(missions) == 1:
            return missions[0]
        where = f" in {place.name}" if place else f" in {host.name}" if host else ""
        if not missions:
            others = candidates or queries.missions_of(self.raw, party)
            hint = "; on record: " + "; ".join(label(m) for m in others[:4]) if others else ""
            kind = f" {ref.kind}" if ref.kind else ""
            raise RecordError(f"MISSION: no{kind} mission of {party.name}{where} on record{hint}")
        listed = "; ".join(f"{label(m)} (id {m.mission_id})" for m in missions[:6])
        raise RecordError(
            f"MISSION: {party.name} has {len(missions)} missions{where}: {listed}; "
            "name the city, give --kind, or the mission id"
        )

    def new_mission(self, ref: MissionRef) -> queries.Mission:
        """Record a mission the news reports for the first time (it opened, or is
        planned), citing the source; refused when one with its key is on record."""
        if ref.city is None or ref.kind is None:
            raise RecordError("--new-mission: give the sending party, the seat city and --kind")
        kinds = [k for (k,) in self.rows("SELECT code FROM mission_kind")]
        if ref.kind not in kinds:
            raise RecordError(
                f"--kind: unknown mission kind {ref.kind!r}{did_you_mean(ref.kind, kinds)}"
            )
        sending = self.find("MISSION", queries.find_party, ref.sending)
        place, host = self.seat(ref.city)
        if place is not None:
            ((host_id,),) = self.rows("SELECT party_id FROM city WHERE id = %s", (place.id,))
        else:
            assert host is not None
            host_id = host.id
        self._existing_then(sending.id, host_id)
        same = [
            m
            for m in queries.missions_of(self.raw, sending, place)
            if m.mission_kind_code == ref.kind and (host is None or m.host_code == host.code)
        ]
        if same:
            raise RecordError(
                f"--new-mission: {label(same[0])} is on record already (id {same[0].mission_id}): "
                "leave out --new-mission"
            )
        mission = TABLES["mission"]
        key = {
            "sending_party_id": sending.id,
            "host_party_id": host_id,
            "city_id": place.id if place else None,
            "kind": ref.kind,
        }
        # Two clerks recording the same new mission at once: the second insert waits
        # for the first to commit, then finds the mission there (not a unique violation).
        mission_id: int | None = self.conn.execute(
            pg_insert(mission)
            .values(**key, source_id=self.source_id)
            .on_conflict_do_nothing(constraint="uq_mission_natural_key")
            .returning(mission.c.id)
        ).scalar_one_or_none()
        if mission_id is None:
            ((other_id,),) = self.rows(
                "SELECT id FROM mission WHERE sending_party_id = %(sending_party_id)s"
                " AND host_party_id = %(host_party_id)s AND kind = %(kind)s"
                " AND city_id IS NOT DISTINCT FROM %(city_id)s AND organisation_id IS NULL",
                key,
            )
            other = queries.mission_by_id(self.raw, other_id)
            assert other is not None
            raise Conflict(
                f"{label(other)}: someone else recorded a fact of this mission at the same "
                f"moment: see `registry history {other_id}` and record again"
            )
        self.conn.execute(
            insert(TABLES["mission_source"]).values(mission_id=mission_id, source_id=self.source_id)
        )
        found = queries.mission_by_id(self.raw, mission_id)
        assert found is not None
        self.say(f"mission {mission_id} recorded: {label(found)}")
        self._accredit(found, host_id, ref.accredited_to)
        return found

    def _existing_then(self, *party_ids: int) -> None:
        """A new mission's sender and host existed on the day it is recorded of (the
        German Democratic Republic opened no embassy, and hosted none, after 1990-10-02)."""
        if self.on is None:
            return
        for name, since, until in self.rows(
            "SELECT name, lower(existed), upper(existed) FROM party"
            " WHERE id = ANY(%s) AND NOT existed @> %s::date ORDER BY id",
            (list(party_ids), self.on),
        ):
            span = f"from {since or 'an unknown date'} until {until}" if until else f"from {since}"
            raise RecordError(
                f"--new-mission: {name} existed {span}, not on {self.on}: "
                "no mission of it or in it opens then"
            )

    def _accredit(self, mission: queries.Mission, host_id: int, names: tuple[str, ...]) -> None:
        """A new mission's accreditations (--accredited-to): resident to its host,
        non-resident to the others, as the seed files and bundles state them."""
        seen: set[int] = set()
        for name in names:
            party = self.find("--accredited-to", queries.find_party, name)
            if party.id in seen:
                raise RecordError(f"--accredited-to: {party.name} is given twice")
            seen.add(party.id)
            resident = party.id == host_id
            self.conn.execute(
                insert(TABLES["accreditation"]).values(
                    mission_id=mission.mission_id,
                    party_id=party.id,
                    resident=resident,
                    source_id=self.source_id,
                )
            )
            where = "resident" if resident else "non-resident"
            self.say(f"accreditation recorded: {label(mission)} to {party.name} ({where})")

    def seat(self, name: str | None) -> tuple[queries.City | None, queries.Party | None]:
        """A seat city, or failing that the host country (for a mission whose source
        names only the country: `AF belgium`)."""
        if name is None:
            return None, None
        try:
            return queries.find_city(self.raw, name, on=self.on), None
        except queries.UnknownName as exc:
            try:
                return None, queries.find_party(self.raw, name)
            except (queries.UnknownName, queries.AmbiguousName):
                raise RecordError(f"MISSION: {exc}") from None
        except queries.AmbiguousName as exc:
            raise RecordError(f"MISSION: {exc}") from None

    def person(self, ref: PersonRef, option: str = "--person") -> tuple[int | None, str | None]:
        if ref.name is None:
            return None, None
        if not ref.new:
            who = self.find(option, queries.find_person, ref.name)
            return who.id, who.name
        name = ref.name.strip()
        key = slug(name)
        if not key:
            raise RecordError(f"--new-person: {ref.name!r} is not a name")
        odd = mixed_scripts(name)
        if odd:
            warnings.warn(
                RecordWarning(f"--new-person: {name!r} {odd}: is each letter the one meant?"),
                stacklevel=2,
            )
        same = self._same_person(key, name)
        if same:
            raise RecordError(same)
        person = TABLES["person"]
        # Two clerks recording the same new person at once: the second insert waits for
        # the first to commit, then finds the key taken (not a unique violation).
        person_id: int | None = self.conn.execute(
            pg_insert(person)
            .values(
                key=key,
                name=name,
                search_key=fold(name),
                description=ref.description,
                source_id=self.source_id,
            )
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(person.c.id)
        ).scalar_one_or_none()
        if person_id is None:
            raise RecordError(self._same_person(key, name) or f"--new-person: key {key} is taken")
        self.say(f"person {person_id} recorded: {name} (key {key})")
        return person_id, name

    def _same_person(self, key: str, name: str) -> str | None:
        """Why a new person is one on record already (same key, name or alias), or None."""
        same = self.rows(
            "SELECT p.key, p.name FROM person p LEFT JOIN person_alias a ON a.person_id = p.id"
            " WHERE p.key = %(key)s OR p.search_key = %(fold)s OR a.search_key = %(fold)s",
            {"key": key, "fold": fold(name)},
        )
        if not same:
            return None
        return (
            f"--new-person: {same[0][1]!r} (key {same[0][0]}) is on record already: "
            "use --person to name them"
        )

    def rank(self, value: str, ad_interim: bool, option: str = "--rank") -> str:
        ranks = {code: title for code, title in self.rows("SELECT code, title FROM rank")}
        by_title = {fold(title): code for code, title in ranks.items()}
        code = value if value in ranks else by_title.get(fold(value), slug(value))
        if code not in ranks:
            raise RecordError(f"{option}: unknown rank {value!r}{did_you_mean(value, ranks)}")
        if ad_interim:
            if code not in ("charge-d-affaires", "charge-d-affaires-a-i"):
                raise RecordError(
                    f"--ad-interim: only a chargé d'affaires heads ad interim, not a {ranks[code]}"
                )
            code = "charge-d-affaires-a-i"
        return code

    def authority(self, option: str, value: str) -> tuple[int, str, Range[dt.date]]:
        rows = self.rows("SELECT id, key, name, valid FROM authority")
        match = [r for r in rows if value == r[1] or fold(value) in (fold(r[2]), fold(r[1]))]
        if len(match) != 1:
            keys = [r[1] for r in rows]
            raise RecordError(f"{option}: unknown authority {value!r}{did_you_mean(value, keys)}")
        return match[0][0], match[0][2], match[0][3]

    def city(self, option: str, value: str) -> int:
        return self.find(option, lambda raw, name: queries.find_city(raw, name, self.on), value).id

    def party(self, option: str, value: str) -> tuple[int, str]:
        found = self.find(option, queries.find_party, value)
        return found.id, found.name

    def change_kinds(self) -> dict[str, tuple[str, str, str | None]]:
        return {
            r[0]: (r[1], r[2], r[3])
            for r in self.rows(
                "SELECT code, label, applies_to, mission_status FROM status_change_kind"
            )
        }
