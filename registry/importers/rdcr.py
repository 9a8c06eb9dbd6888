"""The Office of the Historian's guide to US recognition and relations since 1776
(HistoryAtState/rdcr, TEI XML, one article per country) as a registry bundle.

Each ``<div type="timeline">`` is one dated event. Its ``<head>`` is classified by
the patterns of registry/data/rdcr_headings.csv (data, not code: the other half of
the files words its headings differently) into a relation event (relations.csv:
recognition, relations established, severed, suspended, resumed), a status change of
a US mission in the country (opened, closed, suspended, re-opened, raised to an
embassy, moved), or history the registry holds no fact for (a treaty: a notice). The
day is the first full date of the prose in the heading's year, as the text writes it;
where a ``<date when>`` attribute says another day, that is reported and the text's
kept. The country is placed from the file's name as pocom's territory ids are
(registry/data/pocom_territories.csv, then pycountry, then the registry's names).
People are pocom's, by person id. What cannot be classified or placed is reported
with file and line (unmapped: ``--strict`` refuses it), never dropped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import psycopg

from registry.bulk import Locate
from registry.importers import inputs
from registry.importers.common import (
    Bundle,
    DatasetError,
    Origin,
    Places,
    capitals,
    data_rows,
)
from registry.importers.rdcr_missions import US, MissionChanges
from registry.importers.rdcr_seats import Seats
from registry.importers.rdcr_text import (
    FULL_DATE,
    MISSION_WORD,
    YEAR,
    Match,
    Node,
    Pattern,
    classify,
    day_after,
    first_sentence,
    mission_kind,
    parse,
    patterns,
    text_day,
)
from registry.names import fold, slug

SOURCE_KEY = "rdcr"
PEOPLE = "/departmenthistory/people/"
# "unspecified": a diplomatic mission the guide names no kind of
DIPLOMATIC = {"embassy", "legation", "liaison-office", "interests-section", "unspecified"}

# Changes of US missions other sources hold (pocom's mission notes): one fact, one
# version, so two sources' notes of it do not supersede each other on every import.
HELD = """
SELECT hp.code, coalesce(c.key, ''), m.kind, sc.kind, sc.occurred_on::text
  FROM status_change sc
  JOIN mission m ON m.id = sc.mission_id AND m.organisation_id IS NULL
  JOIN party sp ON sp.id = m.sending_party_id AND sp.code = 'US'
  JOIN party hp ON hp.id = m.host_party_id
  LEFT JOIN city c ON c.id = m.city_id
  JOIN source s ON s.id = sc.source_id AND s.key <> 'rdcr'
 WHERE upper_inf(sc.recorded)
"""
# An item of a list of posts: "Leghorn (1794-1941)", "Florence (1823-current)".
ITEM = re.compile(r"\s*(?P<city>[^()\d]+?)\s*\((?P<since>\d{4})\s*[-–]\s*(?P<until>\d{4})?[^)]*\)")


class RdcrImporter(MissionChanges):
    def __init__(self, conn: psycopg.Connection[Any], root: Path) -> None:
        self.root = root
        self.bundle = Bundle()
        self.places = Places(conn, self.bundle)
        self.capitals = capitals()
        self.territories = {r["territory_id"]: r for r in data_rows("pocom_territories.csv")}
        self.table = patterns()
        self.people = {key for (key,) in conn.execute("SELECT key FROM person")}
        self.held = {tuple(str(v) for v in row) for row in conn.execute(HELD)}
        self.people_added: set[str] = set()
        self.published = 1900
        self.counts: dict[str, int] = {}
        self.events = 0
        self.facts: dict[tuple[str, ...], str] = {}  # fact -> where it was first read
        self.missions: dict[str, tuple[bool, Origin | None]] = {}  # key -> (inferred, where)
        self.seating = Seats(self.places, self.bundle, self.notice)

    def place(self, stem: str, title: str) -> str | None:
        # by pocom's territory id, else by the name pocom's territories give it
        # ("Grand Duchy of Tuscany" is pocom's tuscany)
        row = self.territories.get(stem) or next(
            (r for r in self.territories.values() if fold(r["name"]) == fold(title)), None
        )
        if row:
            return self.places.party(row["party_code"], row["name"], row["kind"])
        import pycountry

        for name in (title, stem.replace("-", " ")):
            try:
                return str(pycountry.countries.lookup(name).alpha_2)
            except LookupError:
                pass
            code = self.places.party_by_name.get(fold(name))
            if code:
                return code
        return None

    @staticmethod
    def title_of(raw: str) -> str:
        """The short title without its footnote mark or article ("The Congo Free State*")."""
        return re.sub(r"^the\s+", "", raw.strip(" *"), flags=re.IGNORECASE)

    def build(self, out: Path) -> Locate:
        files = sorted(self.root.glob(inputs.RDCR[0]))
        if not files:
            raise DatasetError(f"{self.root}/articles: no articles (*.xml): nothing to import")
        for path in files:
            self.article(path)
        # a mission first keyed by an inferred seat is keyed by the one a move states
        for row in self.bundle.rows["status_changes.csv"]:
            row[0] = self.seating.key(row[0])
        missions: dict[str, tuple[bool, Origin | None]] = {}
        for key, (inferred, here) in self.missions.items():
            key = self.seating.key(key)
            was = missions.get(key)
            missions[key] = (was[0] and inferred, was[1]) if was else (inferred, here)
        for key, (inferred, here) in missions.items():
            self.bundle.here = here
            _us, code, city, kind = key.split("|")
            self.bundle.add(
                "missions.csv",
                key,
                US,
                code,
                city,
                kind,
                "true" if inferred else "false",
                "",
                "",
                "",
                fields={"kind": "head", "city_key": "head"},
            )
            if kind in DIPLOMATIC:
                self.bundle.add("accreditations.csv", key, code, "true", "")
        self.seating.write()
        # An event whose heading joins two ("Embassy Closed and Relations Interrupted")
        # is counted under each.
        tally = ", ".join(f"{kind} {n}" for kind, n in sorted(self.counts.items()))
        self.notice("articles", 0, "events", str(self.events), f"{self.events} events: {tally}")
        self.bundle.here = None  # the source row: made here, not read from the guide
        self.bundle.add(
            "sources.csv",
            SOURCE_KEY,
            "A Guide to the United States' History of Recognition, Diplomatic, and Consular "
            "Relations, by Country, since 1776 (HistoryAtState/rdcr)",
            "Office of the Historian, U.S. Department of State",
            "https://history.state.gov/countries",
            str(self.published),
        )
        # The source first: it is the default of every row.
        self.bundle.rows["sources.csv"].insert(0, self.bundle.rows["sources.csv"].pop())
        self.bundle.origins["sources.csv"].insert(0, self.bundle.origins["sources.csv"].pop())
        return self.bundle.write(out, self.places)

    def article(self, path: Path) -> None:
        rel = f"articles/{path.name}"
        tei = parse(path, rel)
        for p in tei.find("publicationStmt"):
            for year in YEAR.findall(p.text()):
                self.published = max(self.published, int(year))
        titles = [t for t in tei.find("title") if t.attrs.get("type") == "short"]
        title = self.title_of(titles[0].text()) if titles else path.stem.replace("-", " ")
        code = self.place(path.stem, title)
        if code is None and titles and titles[0].text().strip().endswith("*"):
            # The guide marks a state that no longer exists with an asterisk ("Baden*",
            # "Hanseatic Republics*"): one the registry does not know is a historical
            # state of its own, keyed by the article's name as pocom keys its territories.
            code = self.places.party(path.stem, title, "historical_state")
            self.notice(
                rel,
                titles[0].line,
                "title",
                title,
                f"a state that no longer exists (the guide's *), not known to the registry: "
                f"added as the historical state {path.stem!r}",
            )
        events = [
            (section, div)
            for section in tei.find("div")
            if section.attrs.get("type") == "section"
            for div in section.kids("div")
            if div.attrs.get("type") == "timeline"
        ]
        if code is None:
            self.problem(
                rel,
                titles[0].line if titles else 1,
                "title",
                title,
                f"cannot place the country {title!r} (no party of that name or code): "
                f"its {len(events)} events not imported",
            )
            self.counts["unplaced"] = self.counts.get("unplaced", 0) + len(events)
            self.events += len(events)
            return
        self.seats = {}
        for section, div in events:
            sid = next((v for k, v in section.attrs.items() if k.endswith("id")), "")
            self.event(rel, code, div, sid)

    def check_dates(self, rel: str, div: Node) -> None:
        """Every <date> of the event whose when attribute says another day than its
        text: reported (the text's day is the one kept)."""
        for d in div.find("date"):
            m = FULL_DATE.search(d.text())
            when = d.attrs.get("when", "")
            said = text_day(m) if m else None
            if said and when and not said.startswith(when):
                self.notice(
                    rel,
                    d.line,
                    "date/@when",
                    when,
                    f"the attribute says {when}, the text {d.text()!r}: kept the text's day {said}",
                )

    def day(self, rel: str, div: Node, heading: str) -> tuple[str, int] | None:
        """The event's day as the prose gives it, and the line it was read on."""
        years = YEAR.findall(heading)
        for p in div.kids("p"):
            for m in FULL_DATE.finditer(p.text()):
                iso = text_day(m)
                if iso and (not years or iso[:4] in years):
                    return iso, p.line
        if years:
            return years[0], div.line
        for p in div.kids("p"):
            year = YEAR.search(p.text())
            if year:
                return year.group(1), p.line
        return None

    def person(self, div: Node) -> tuple[str, str] | None:
        for ref in div.find("ref"):
            target = ref.attrs.get("target", "")
            if target.startswith(PEOPLE):
                return target[len(PEOPLE) :].strip("/"), ref.text()
        return None

    def heading(self, rel: str, div: Node) -> tuple[str, int] | None:
        """The event's heading and its line; without one (or an empty one), the first
        sentence of its prose, which then says what happened (a notice says so)."""
        heads = div.kids("head")
        if heads and heads[0].text().strip(" .,"):
            return heads[0].text(), heads[0].line
        paragraphs = [p for p in div.kids("p") if p.text()]
        if not paragraphs:
            return None
        sentence = first_sentence(paragraphs[0].text())
        self.notice(
            rel,
            paragraphs[0].line,
            "head",
            "",
            "an event without a heading: classified by its prose's first sentence",
        )
        return sentence, paragraphs[0].line

    def event(self, rel: str, code: str, div: Node, section: str = "") -> None:
        self.events += 1
        self.check_dates(rel, div)
        found = self.heading(rel, div)
        if found is None:
            self.problem(rel, div.line, "head", "", "a timeline event without a heading or prose")
            self.counts["unclassified"] = self.counts.get("unclassified", 0) + 1
            return
        heading, line = found
        matches = classify(heading, self.table, section)
        if matches is None:
            self.problem(rel, line, "head", heading, "cannot classify this heading")
            self.counts["unclassified"] = self.counts.get("unclassified", 0) + 1
            return
        # A part that is history ("Invasion of Iraq and Establishment of ...") is a
        # notice; the other parts are read.
        for match in matches:
            if match.pattern.fact == "none":
                self.notice(rel, line, "head", heading, match.pattern.why or "not an event")
        matches = [m for m in matches if m.pattern.fact != "none"]
        if not matches:
            self.counts["not an event"] = self.counts.get("not an event", 0) + 1
            return
        # a span's days are its own (a list's items carry their years)
        spans = all(m.pattern.kind == "span" for m in matches)
        when = self.day(rel, div, heading) or (("", div.line) if spans else None)
        if when is None:
            self.problem(rel, line, "head", heading, "no date in the heading or the prose")
            self.counts["undated"] = self.counts.get("undated", 0) + 1
            return
        day, line = when
        self.bundle.at(rel, line)
        person = self.person(div)
        for match in matches:
            p = match.pattern
            if p.fact == "relation":
                self.relation(rel, code, p, day, heading, person)
            else:
                self.mission(rel, code, div, match, day, heading, person)

    def relation(
        self,
        rel: str,
        code: str,
        p: Pattern,
        day: str,
        heading: str,
        person: tuple[str, str] | None,
    ) -> None:
        pairs = {"us": [(US, code)], "them": [(code, US)], "both": [(US, code), (code, US)]}
        key = self.person_key(person) if p.direction != "them" else None
        for party, counterpart in pairs[p.direction]:
            if self.once(("relation", party, counterpart, p.kind, day), heading):
                continue
            self.bundle.add(
                "relations.csv",
                party,
                counterpart,
                p.kind,
                day,
                key,
                heading,
                "",
                fields={"note": "head", "kind": "head"},
            )
        label = f"relation: {p.kind}"
        self.counts[label] = self.counts.get(label, 0) + 1

    def person_key(self, person: tuple[str, str] | None) -> str | None:
        if person is None:
            return None
        key, name = person
        key = slug(key)
        if key not in self.people and key not in self.people_added:
            self.people_added.add(key)
            self.bundle.add("people.csv", key, name or key, "named in the rdcr guide")
            self.bundle.add("external_ids.csv", "pocom-person", key, "person", key)
        return key

    def mission(
        self,
        rel: str,
        code: str,
        div: Node,
        match: Match,
        day: str,
        heading: str,
        person: tuple[str, str] | None,
    ) -> None:
        p = match.pattern
        prose = " ".join(x.text() for x in div.kids("p"))
        words = match.groups.get("mission")
        kind = mission_kind(words)
        if kind is None:
            # the words of a kind before a bare "mission" (unspecified)
            named = [mission_kind(w) for w in MISSION_WORD.findall(f"{heading} {prose}")]
            kind = next((k for k in named if k and k != "unspecified"), None)
            kind = kind or next((k for k in named if k), None) or (p.mission or None)
        if kind is None:
            self.problem(
                rel,
                div.line,
                "head",
                heading,
                f"{p.kind}: which mission (no embassy, legation, "
                "consulate ... in the heading or prose)",
            )
            self.counts["unclassified"] = self.counts.get("unclassified", 0) + 1
            return
        if p.kind == "moved":
            self.moved(code, kind, div, match, day, heading, person)
        elif p.kind == "span":
            self.span(rel, code, div, match, kind, heading, person)
        elif p.kind == "raised":
            into = mission_kind(match.groups.get("into")) or "embassy"
            seat = self.seats.get(kind) or self.seat(code, heading, div, day)
            self.change(code, seat, kind, "raised", day, heading, person)
            self.change(code, seat, into, "opened", day, heading, person)
            self.seats[into] = seat
        else:
            seat = self.seat(code, heading, div, day, self.seats.get(kind))
            self.change(code, seat, kind, p.kind, day, heading, person)
            self.seats[kind] = seat
        label = f"mission: {p.kind}"
        self.counts[label] = self.counts.get(label, 0) + 1

    def span(
        self,
        rel: str,
        code: str,
        div: Node,
        match: Match,
        kind: str,
        heading: str,
        person: tuple[str, str] | None,
    ) -> None:
        """A mission the heading names with its years ("U.S. Consulate at Algiers,
        1796-1962"), or a place of consular presence with the prose's earliest and
        latest dates: opened on the first day, closed on the last, where given."""
        prose = " ".join(x.text() for x in div.kids("p"))
        years = YEAR.findall(heading)
        # the heading's years; the prose's earliest and latest dates only where it has
        # none (a list of other posts with their own dates may follow the first)
        if years:
            first, last = self.day_in(prose, years[:1]), self.day_in(prose, years[1:2])
        else:
            first, last = day_after("earliest date", prose), day_after("latest date", prose)
        listed = [
            s.strip(" .,")
            for s in re.split(r",\s*(?:and\s+)?|\s+and\s+", match.groups.get("seats", ""))
            if re.match(r"(?-i:[A-Z])", s.strip(" .,"))
        ]
        if listed or match.groups.get("mission", "").lower().endswith("s"):
            # each post of a list by the heading's years only: the prose's days are of one
            if listed and years:
                spans = [(s, years[0], years[1] if len(years) > 1 else None) for s in listed]
            else:
                spans = self.items(div)
        elif first:
            said = match.groups.get("seat")
            spans = [(said or "", first, last)]
        else:
            spans = []
        if not spans:
            self.problem(rel, div.line, "head", heading, "no date in the heading or the prose")
            return
        for said, since, until in spans:
            seat = (said, False) if said else self.seat(code, heading, div, since)
            self.change(code, seat, kind, "opened", since, heading, person)
            if until and until > since:
                self.change(code, seat, kind, "closed", until, heading, person)
            self.seats[kind] = seat

    @staticmethod
    def items(div: Node) -> list[tuple[str, str, str | None]]:
        """The posts an event's list gives with their years ("Leghorn (1794-1941)",
        "Florence (1823-current)": open)."""
        out = []
        for item in div.find("item"):
            m = ITEM.match(item.text())
            if m:
                out.append((m.group("city"), m.group("since"), m.group("until")))
        return out

    @staticmethod
    def day_in(prose: str, years: list[str]) -> str | None:
        """The first full date of the prose in the year given, else the year."""
        if not years:
            return None
        for m in FULL_DATE.finditer(prose):
            iso = text_day(m)
            if iso and iso[:4] == years[0]:
                return iso
        return years[0]


def write_bundle(conn: psycopg.Connection[Any], root: Path, out: Path) -> Locate:
    """Read an rdcr checkout (or its sample) at ``root`` and write a bundle to ``out``;
    return what names a problem in the bundle by its rdcr file and line."""
    if not (root / "articles").is_dir():
        raise DatasetError(f"{root}: no articles/ directory (not an rdcr checkout)")
    return RdcrImporter(conn, root).build(out)
