"""The Office of the Historian's "Principal Officers and Chiefs of Mission" (pocom), in
its published layout (HistoryAtState/pocom), as a registry bundle.

Every US chief of mission becomes a tenure of the US mission to the receiving
territory. pocom names no seat city: the seat is the receiving state's capital on the
day the chief took up post (registry/data/capitals.csv), marked ``seat_inferred``.
Roles map to ranks and mission kinds (registry/data/pocom_roles.csv, read by
registry/importers/pocom_terms.py); territories to parties through pycountry and
registry/data/pocom_territories.csv (historical territories become historical
states); organisations through registry/data/pocom_organisations.csv. A concurrent
appointment records where a non-resident head resided (tenure.resident_city_id) and
accredits the mission at the residence, non-resident, to the other territory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from registry.bulk import Locate, Problem
from registry.dates import PartialDate
from registry.importers import inputs
from registry.importers.common import (
    Bundle,
    DatasetError,
    Places,
    Record,
    capital_on,
    capitals,
    data_rows,
)
from registry.importers.pocom_terms import (
    CREDENTIAL_RANKS,
    END_CAUSES,
    FIELDS,
    MISSION_NOTE,
    NOTE_KINDS,
    ORG_RANK,
    PERSON_ID,
    ROLES,
    SENDING,
    SOURCE_KEY,
    START_RECOGNISED,
)
from registry.names import slug


@dataclass
class Chief:
    id: str
    file: str
    line: int
    person: str
    rank: str
    kind: str | None
    host: str
    territory: str
    start: PartialDate
    end: PartialDate | None
    appointed: PartialDate | None
    notes: list[str]
    end_note: str
    start_note: str
    organisation: str | None = None
    seat_code: str | None = None
    seat_city: str | None = None
    resident_city: str | None = None
    reported_end: PartialDate | None = None
    mission_key: str = ""
    changes: list[tuple[str, PartialDate, str]] = field(default_factory=list)


class PocomImporter:
    def __init__(self, conn: psycopg.Connection[Any], root: Path) -> None:
        self.root = root
        self.bundle = Bundle(fields=FIELDS)
        self.places = Places(conn, self.bundle)
        self.capitals = capitals()
        self.territories = {r["territory_id"]: r for r in data_rows("pocom_territories.csv")}
        self.orgs = {r["mission_id"]: r for r in data_rows("pocom_organisations.csv")}
        self.latest = dt.date(1900, 1, 1)
        self.skipped_nominees = 0
        self.mission_notes: list[tuple[str, Record]] = []
        self.chief_ids: set[str] = set()
        self.parties: dict[str, str | None] = {}  # territory id -> party code (or None)

    # --- mapping values -----------------------------------------------------------

    def read(self, path: Path, tags: set[str], rel: str | None = None) -> list[Record]:
        from registry.importers.common import records

        return records(path, tags, rel or path.relative_to(self.root).as_posix())

    def unmapped(self, file: str, line: int, fieldname: str, value: str, message: str) -> None:
        self.bundle.problem(Problem(file, line, fieldname, value, message, "unmapped"))

    def notice(self, file: str, line: int, fieldname: str, value: str, message: str) -> None:
        self.bundle.problem(Problem(file, line, fieldname, value, message, "notice"))

    def territory(self, tid: str) -> str | None:
        """The party of a pocom territory id (asked once a territory: the answer, and a
        new party's first origin, stay what the first call made them)."""
        if tid not in self.parties:
            self.parties[tid] = self._territory(tid)
        return self.parties[tid]

    def _territory(self, tid: str) -> str | None:
        row = self.territories.get(tid)
        if row:
            return self.places.party(row["party_code"], row["name"], row["kind"])
        import pycountry

        name = tid.replace("-", " ")
        try:
            country = pycountry.countries.lookup(name)
        except LookupError:
            code = self.places.party_by_name.get(name)
            return code
        return str(country.alpha_2)

    def date(self, rec: Record, path: str) -> PartialDate | None:
        raw = rec.get(path)
        if not raw:
            return None
        try:
            return PartialDate.parse(raw)
        except ValueError as exc:
            self.unmapped(self.rel(rec), rec.line, path, raw, str(exc))
            return None

    def rel(self, rec: Record) -> str:
        return rec.ancestors[0] if rec.ancestors else ""

    # --- reading -------------------------------------------------------------------

    def chiefs(self) -> list[Chief]:
        out: list[Chief] = []
        for folder in inputs.POCOM_MISSIONS:
            for path in sorted((self.root / folder).glob("*.xml")):
                rel = f"{folder}/{path.name}"
                recs = self.read(path, {"chief", "mission-note", "territory-id", "id"}, rel)
                org = self.orgs.get(path.stem) if folder == "missions-orgs" else None
                if folder == "missions-orgs" and org is None:
                    self.unmapped(
                        rel, 1, "id", path.stem, f"unknown organisation mission {path.stem!r}"
                    )
                for rec in recs:
                    rec.ancestors = (rel, *rec.ancestors)
                    self.bundle.at(rel, rec.line)
                    if rec.tag == "chief" and "other-nominees" in rec.ancestors:
                        self.skipped_nominees += 1
                    elif rec.tag == "chief" and (folder == "missions-countries" or org):
                        chief = self.chief(rec, rel, org)
                        if chief:
                            out.append(chief)
                    elif rec.tag == "mission-note":
                        self.mission_notes.append((rel, rec))
        return out

    def chief(self, rec: Record, rel: str, org: dict[str, str] | None) -> Chief | None:
        modified = rec.get("last-modified-date")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", modified):
            # Only the source's date: a day that does not exist is not the latest.
            with contextlib.suppress(ValueError):
                self.latest = max(self.latest, dt.date.fromisoformat(modified))
        role = rec.get("role-title-id")
        kind: str | None
        if org:
            rank, kind = ORG_RANK, "permanent-mission"
        elif role in ROLES:
            rank, kind = ROLES[role]
        else:
            self.unmapped(rel, rec.line, "role-title-id", role, f"unknown role {role!r}")
            return None
        tid = rec.get("contemporary-territory-id")
        host = org["seat_code"] if org else self.territory(tid)
        if host is None:
            self.unmapped(
                rel, rec.line, "contemporary-territory-id", tid, f"unknown territory {tid!r}"
            )
            return None
        start = self.date(rec, "started/date") or self.date(rec, "arrived/date")
        end = self.date(rec, "ended/date")
        if start is None:
            self.notice(
                rel,
                rec.line,
                "started/date",
                rec.get("note"),
                "no started or arrived date (never in post, or not recorded): no tenure",
            )
            return None
        if end and end.first_day <= start.first_day:
            self.unmapped(
                rel,
                rec.line,
                "ended/date",
                str(end),
                "ends before (or as) it starts: end dropped",
            )
            end = None
        notes = [
            f"{label}: {rec.get(path)}"
            for label, path in (
                ("appointed", "appointed/note"),
                ("arrived", "arrived/note"),
                ("started", "started/note"),
            )
            if rec.get(path)
        ]
        if rec.get("note"):
            notes.append(rec.get("note"))
        chief_id = rec.get("id")
        person = rec.get("person-id")
        if person and not PERSON_ID.fullmatch(person):
            self.unmapped(
                rel, rec.line, "person-id", person, f"not a pocom person id: {person[:60]!r}"
            )
            return None
        if chief_id in self.chief_ids:
            self.notice(
                rel,
                rec.line,
                "id",
                chief_id,
                f"chief id {chief_id!r} used twice: this one imported with a suffix",
            )
            chief_id = f"{chief_id}#{rec.line}"
        self.chief_ids.add(chief_id)
        chief = Chief(
            id=chief_id,
            file=rel,
            line=rec.line,
            person=person,
            rank=rank,
            kind=kind,
            host=host,
            territory=tid,
            start=start,
            end=end,
            appointed=self.date(rec, "appointed/date"),
            notes=notes,
            end_note=rec.get("ended/note"),
            start_note=rec.get("started/note"),
            reported_end=end,
        )
        if org:
            chief.organisation = self.places.party(org["party_code"], org["name"], "organisation")
            chief.seat_city = org["seat_city"]
            chief.territory = path_stem(rel)
        return chief

    # --- building the bundle --------------------------------------------------------

    def build(self, out: Path) -> Locate:
        chiefs = self.chiefs()
        if not chiefs and not self.bundle.rows["unmapped.csv"]:
            raise DatasetError(
                f"{self.root}: no chiefs of mission in missions-countries/ or missions-orgs/: "
                "nothing to import"
            )
        self.infer_kinds(chiefs)
        self.seat(chiefs)
        self.concurrent(chiefs)
        kept = self.one_head_at_a_time(chiefs)
        people = {c.person for c in kept if c.person}
        self.people(people)
        self.missions(kept)
        self.opened_notes(kept)
        # A legation raised to an embassy needs no fact of its own: the embassy's first
        # chief starts a new form of the same post, which ends the legation
        # (reporting.post_form, docs/forms.md), for every writer alike.
        self.bundle.add(
            "sources.csv",
            SOURCE_KEY,
            "Principal Officers and Chiefs of Mission (HistoryAtState/pocom)",
            "Office of the Historian, U.S. Department of State",
            "https://github.com/HistoryAtState/pocom",
            self.latest.isoformat(),
        )
        self.bundle.here = None  # the source row: made here, not read from pocom
        if self.skipped_nominees:
            self.notice(
                "missions-countries",
                0,
                "other-nominees",
                str(self.skipped_nominees),
                f"{self.skipped_nominees} other nominees (never chiefs of mission) not imported",
            )
        return self.bundle.write(out, self.places)

    def infer_kinds(self, chiefs: list[Chief]) -> None:
        """A chargé (en pied or a.i.) heads whatever mission is there: the kind of the
        chief before (else after) in the same territory; a chargé en pied alone, a
        legation."""
        by_territory: dict[str, list[Chief]] = {}
        for c in sorted(chiefs, key=lambda c: c.start.first_day):
            by_territory.setdefault(c.file + c.territory, []).append(c)
        for group in by_territory.values():
            for i, c in enumerate(group):
                if c.kind is None:
                    before = [o.kind for o in reversed(group[:i]) if o.kind]
                    after = [o.kind for o in group[i + 1 :] if o.kind]
                    alone = "legation" if c.rank == "charge-d-affaires-en-pied" else "unspecified"
                    c.kind = (before or after or [alone])[0]

    def seat(self, chiefs: list[Chief]) -> None:
        for c in chiefs:
            self.bundle.at(c.file, c.line)
            if c.seat_city is None:
                c.seat_city = capital_on(self.capitals, c.host, c.start.first_day)
                if c.seat_city is None:
                    self.unmapped(
                        c.file,
                        c.line,
                        "contemporary-territory-id",
                        c.host,
                        f"no capital known for {c.host} on {c.start}: seat left empty",
                    )
            city = self.places.city(c.host, c.seat_city) if c.seat_city else ""
            # A mission to an organisation is told apart from others in its city by the
            # organisation (USNATO and USEU in Brussels).
            c.mission_key = f"{c.host}|{city}|{c.kind}|{c.organisation or ''}"

    def concurrent(self, chiefs: list[Chief]) -> None:
        by_id = {c.id: c for c in chiefs}
        for path in sorted(self.root.glob(inputs.POCOM_CONCURRENT)):
            rel = f"concurrent-appointments/{path.name}"
            for rec in self.read(path, {"concurrent-appointments"}, rel):
                self.bundle.at(rel, rec.line)
                locale = rec.get("resident-at/locale-id")
                tid = rec.get("resident-at/contemporary-territory-id")
                party = self.territory(tid) if tid else None
                if not locale or party is None:
                    self.unmapped(
                        rel, rec.line, "resident-at", f"{locale} {tid}", "unknown residence"
                    )
                    continue
                name = self.places.known_city(party, locale.replace("-", " "))
                city = name or self.places.city(party, locale.replace("-", " ").title())
                members = [by_id[i] for i in rec.all("chief-id") if i in by_id]
                home = next((m for m in members if m.host == party), None)
                for m in members:
                    if m.host == party:
                        continue
                    m.resident_city = f"{party}:{city}"
                    if home is not None:
                        self.bundle.add(
                            "accreditations.csv",
                            home.mission_key,
                            m.host,
                            "false",
                            "",
                            fields={"mission_key": "resident-at", "party_code": "chief-id"},
                        )

    def one_head_at_a_time(self, chiefs: list[Chief]) -> list[Chief]:
        """pocom's periods overlap where a successor took up post before the predecessor's
        recorded end: the earlier tenure ends when the next begins (noted)."""
        kept: list[Chief] = []
        by_mission: dict[str, list[Chief]] = {}
        for c in chiefs:
            if not c.mission_key:
                continue
            by_mission.setdefault(c.mission_key, []).append(c)
        for group in by_mission.values():
            group.sort(key=lambda c: (c.start.first_day, c.id))
            previous: Chief | None = None
            for c in group:
                if previous is not None and (
                    previous.end is None or previous.end.first_day > c.start.first_day
                ):
                    if previous.start.first_day >= c.start.first_day:
                        self.notice(
                            c.file,
                            c.line,
                            "started/date",
                            str(c.start),
                            "starts the same day as another chief of the mission: not imported",
                        )
                        continue
                    was = f"{previous.end} per pocom" if previous.end else "no end in pocom"
                    previous.notes.append(f"ended when {c.id} took up post ({was})")
                    self.notice(
                        previous.file,
                        previous.line,
                        "ended/date",
                        str(previous.end or ""),
                        "overlaps the next chief's tenure: ends when that one starts",
                    )
                    previous.end = c.start
                kept.append(c)
                previous = c
        return kept

    def people(self, ids: set[str]) -> None:
        for pid in sorted(ids):
            rel = f"people/{pid[:1]}/{pid}.xml"
            path = self.root / rel
            self.bundle.at(rel, None)
            if not os.path.exists(path):
                self.unmapped("people", 0, "person-id", pid, f"no person file for {pid!r}")
                self.bundle.add("people.csv", pid, pid, "pocom person without a file")
                continue
            for rec in self.read(path, {"person"}, rel):
                self.bundle.at(rel, rec.line)
                name = " ".join(
                    p
                    for p in (
                        rec.get("persName/forename"),
                        rec.get("persName/surname"),
                        rec.get("persName/genName"),
                    )
                    if p
                )
                life = "–".join(p for p in (rec.get("birth"), rec.get("death")) if p)
                career = rec.get("career-type")
                description = "; ".join(p for p in (life, career) if p) or None
                self.bundle.add("people.csv", pid, name or pid, description)
                self.bundle.add("external_ids.csv", "pocom-person", pid, "person", pid)

    def missions(self, chiefs: list[Chief]) -> None:
        seen: set[str] = set()
        for c in chiefs:
            self.bundle.at(c.file, c.line)
            if c.mission_key not in seen:
                seen.add(c.mission_key)
                host, city, kind, organisation = c.mission_key.split("|")
                self.bundle.add(
                    "missions.csv",
                    c.mission_key,
                    SENDING,
                    host,
                    city,
                    kind,
                    "true",
                    "",
                    c.territory,
                    organisation,
                )
                accredited = c.organisation or host
                self.bundle.add("accreditations.csv", c.mission_key, accredited, "true", "")
            self.tenure(c)
        first_of: dict[str, Chief] = {}
        for c in chiefs:
            first_of.setdefault(c.territory, c)
        for tid in sorted({c.territory for c in chiefs if not c.organisation}):
            code = self.territory(tid)
            if code:
                self.bundle.at(first_of[tid].file, first_of[tid].line)
                self.bundle.add(
                    "external_ids.csv",
                    "pocom-territory",
                    tid,
                    "party",
                    code,
                    fields={"value": "contemporary-territory-id"},
                )

    def tenure(self, c: Chief) -> None:
        if c.end_note:
            c.notes.append(f"ended: {c.end_note}")
        credentials = (
            c.start if c.rank in CREDENTIAL_RANKS and not c.start_note and c.start else None
        )
        self.bundle.add(
            "tenures.csv",
            c.id,
            c.mission_key,
            c.person or "",
            c.rank,
            str(c.start),
            str(c.end) if c.end else "",
            str(credentials) if credentials else "",
            "; ".join(c.notes) or "",
            "",
            c.resident_city or "",
        )
        if c.appointed:
            self.bundle.add(
                "status_changes.csv",
                "",
                c.id,
                "appointed",
                str(c.appointed),
                "",
                "",
                fields={"occurred_on": "appointed/date"},
            )
        if START_RECOGNISED.match(c.start_note):
            self.bundle.add(
                "status_changes.csv",
                "",
                c.id,
                "officially-recognised",
                str(c.start),
                c.start_note,
                "",
                fields={"occurred_on": "started/date", "note": "started/note"},
            )
        if c.reported_end:
            kind = next((k for p, k in END_CAUSES if p.search(c.end_note)), "ended")
            self.bundle.add(
                "status_changes.csv",
                "",
                c.id,
                kind,
                str(c.reported_end),
                c.end_note,
                "",
                fields={"occurred_on": "ended/date", "note": "ended/note"},
            )

    def opened_notes(self, chiefs: list[Chief]) -> None:
        """Mission notes that plainly say a legation or embassy in a named city opened,
        closed or reopened on a date become status changes of that mission; others are
        history text, not facts the registry can hold."""
        missions = {(c.file, c.kind, c.mission_key.split("|")[1]): c.mission_key for c in chiefs}
        seen: set[tuple[str, str, str]] = set()
        for rel, rec in self.mission_notes:
            self.bundle.at(rel, rec.line)
            text = " ".join(rec.get("text").split())
            for kind_word, city, verb, month, day, year in MISSION_NOTE.findall(text):
                kind = "legation" if kind_word == "Legation" else "embassy"
                key = missions.get((rel, kind, slug(city)))
                if key is None:
                    continue
                try:
                    when = dt.datetime.strptime(f"{month} {day} {year}", "%B %d %Y").date()
                except ValueError:
                    self.unmapped(
                        rel,
                        rec.line,
                        "mission-note",
                        f"{month} {day}, {year}",
                        f"no such day: {month} {day}, {year} (the note not imported)",
                    )
                    continue
                change = NOTE_KINDS[verb.lower()]
                if (key, change, when.isoformat()) in seen:
                    continue
                seen.add((key, change, when.isoformat()))
                self.bundle.add(
                    "status_changes.csv",
                    key,
                    "",
                    change,
                    when.isoformat(),
                    f"{kind_word} {city} {verb} (pocom mission note)",
                    "",
                    fields={"occurred_on": "mission-note", "note": "mission-note"},
                )


def path_stem(rel: str) -> str:
    return Path(rel).stem


def write_bundle(conn: psycopg.Connection[Any], root: Path, out: Path) -> Locate:
    """Read a pocom checkout (or its sample) at ``root`` and write a bundle to ``out``;
    return what names a problem in the bundle by its pocom file and line."""
    if not (root / "missions-countries").is_dir():
        raise DatasetError(f"{root}: no missions-countries/ directory (not a pocom checkout)")
    return PocomImporter(conn, root).build(out)
