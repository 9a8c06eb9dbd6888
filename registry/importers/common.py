"""What the importers share: the bundle writer, the reviewed data files, party and
city lookups against the database, and line-numbered XML records."""

from __future__ import annotations

import csv
import datetime as dt
import xml.sax
import xml.sax.handler
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from registry.bulk import Problem
from registry.names import fold, slug

DATA = Path(__file__).resolve().parents[1] / "data"

BUNDLE_HEADERS = {
    "sources.csv": ["key", "title", "publisher", "url", "published_on"],
    "parties.csv": ["code", "name", "kind"],
    "cities.csv": ["party_code", "key", "name", "aliases"],
    "people.csv": ["key", "name", "description"],
    "missions.csv": [
        "key",
        "sending_code",
        "host_code",
        "city_key",
        "kind",
        "seat_inferred",
        "source_key",
        "listed_as",
        "organisation_code",
    ],
    "accreditations.csv": ["mission_key", "party_code", "resident", "source_key"],
    "tenures.csv": [
        "key",
        "mission_key",
        "person_key",
        "rank_code",
        "started_on",
        "ended_on",
        "credentials_on",
        "note",
        "source_key",
        "resident_city_key",
    ],
    "status_changes.csv": [
        "mission_key",
        "tenure_key",
        "kind",
        "occurred_on",
        "note",
        "source_key",
    ],
    "external_ids.csv": ["scheme", "value", "subject_kind", "subject_key"],
    "unmapped.csv": ["file", "line", "field", "value", "message", "severity"],
}


def data_rows(name: str) -> Iterator[dict[str, str]]:
    """Rows of a reviewed data file in registry/data (lines starting with # are comments)."""
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            yield {k: (v or "").strip() for k, v in row.items()}


@dataclass(frozen=True)
class Capital:
    name: str
    valid_from: dt.date | None
    valid_until: dt.date | None


def capitals() -> dict[str, list[Capital]]:
    out: dict[str, list[Capital]] = {}
    for row in data_rows("capitals.csv"):
        out.setdefault(row["party_code"], []).append(
            Capital(
                row["capital"],
                dt.date.fromisoformat(row["valid_from"]) if row["valid_from"] else None,
                dt.date.fromisoformat(row["valid_until"]) if row["valid_until"] else None,
            )
        )
    return out


def capital_on(table: dict[str, list[Capital]], party: str, day: dt.date) -> str | None:
    for c in table.get(party, []):
        if (c.valid_from is None or c.valid_from <= day) and (
            c.valid_until is None or day < c.valid_until
        ):
            return c.name
    return None


class Places:
    """Parties and cities the database knows, by folded name; new ones the bundle adds."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.party_codes: set[str] = set()
        self.party_by_name: dict[str, str] = {}
        for code, name in conn.execute("SELECT code, name FROM party"):
            self.party_codes.add(code)
            self.party_by_name.setdefault(fold(name), code)
        for code, alias in conn.execute(
            "SELECT p.code, a.search_key FROM party_alias a JOIN party p ON p.id = a.party_id"
        ):
            self.party_by_name.setdefault(alias, code)
        self.cities: dict[tuple[str, str], str] = {}  # (party code, folded name) -> city key
        for code, key, name in conn.execute(
            "SELECT p.code, c.key, c.search_key FROM city c JOIN party p ON p.id = c.party_id "
            "UNION ALL SELECT p.code, c.key, a.search_key FROM city_alias a "
            "JOIN city c ON c.id = a.city_id JOIN party p ON p.id = c.party_id"
        ):
            self.cities.setdefault((code, name), key)
        self.new_parties: dict[str, tuple[str, str]] = {}  # code -> (name, kind)
        self.new_cities: dict[tuple[str, str], tuple[str, set[str]]] = {}  # -> (name, aliases)

    def party(self, code: str, name: str, kind: str) -> str:
        if code not in self.party_codes and code not in self.new_parties:
            self.new_parties[code] = (name, kind)
        return code

    def city(self, party: str, name: str, alias: str | None = None) -> str:
        """The key of the city so named in the party, adding it to the bundle if new."""
        key = self.cities.get((party, fold(name)))
        if key is None:
            key = slug(name)
            self.cities[(party, fold(name))] = key
            self.new_cities[(party, key)] = (name, set())
        if alias and fold(alias) != fold(name) and (party, fold(alias)) not in self.cities:
            self.cities[(party, fold(alias))] = key
            if (party, key) in self.new_cities:
                self.new_cities[(party, key)][1].add(alias)
            else:
                self.new_cities[(party, key)] = (name, {alias})
        return key

    def known_city(self, party: str, name: str) -> str | None:
        return self.cities.get((party, fold(name)))


@dataclass
class Bundle:
    """Rows for the bundle files, written at the end (importer data sets are small;
    the bulk loader is what streams)."""

    rows: dict[str, list[list[Any]]] = field(
        default_factory=lambda: {name: [] for name in BUNDLE_HEADERS}
    )

    def add(self, file: str, *values: Any) -> None:
        self.rows[file].append(["" if v is None else v for v in values])

    def problem(self, p: Problem) -> None:
        self.add("unmapped.csv", p.file, p.line or "", p.field, p.value, p.message, p.severity)

    def write(self, out: Path, places: Places) -> None:
        for code, (name, kind) in sorted(places.new_parties.items()):
            self.add("parties.csv", code, name, kind)
        for (party, key), (name, aliases) in sorted(places.new_cities.items()):
            if (party, key) in places.new_cities:
                self.add("cities.csv", party, key, name, "|".join(sorted(aliases)))
        for name, header in BUNDLE_HEADERS.items():
            with (out / name).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(self.rows[name])


@dataclass
class Record:
    """An XML element as a flat mapping of its descendants' text ('ended/note'), with
    the line it starts on and the tags of its ancestors."""

    tag: str
    line: int
    ancestors: tuple[str, ...]
    text: dict[str, str]

    def get(self, path: str) -> str:
        return " ".join(self.text.get(path, "").split())

    def all(self, path: str) -> list[str]:
        return [v for k, v in self.items if k == path]

    items: list[tuple[str, str]] = field(default_factory=list)


class _Collector(xml.sax.handler.ContentHandler):
    def __init__(self, tags: set[str]) -> None:
        super().__init__()
        self.tags = tags
        self.stack: list[str] = []
        self.current: Record | None = None
        self.depth = 0
        self.buffer: list[str] = []
        self.done: list[Record] = []
        self.locator: Any = None

    def setDocumentLocator(self, locator: Any) -> None:
        self.locator = locator

    def startElement(self, name: str, attrs: Any) -> None:
        if self.current is None and name in self.tags:
            self.current = Record(name, self.locator.getLineNumber(), tuple(self.stack), {})
            self.depth = len(self.stack) + 1
        self.stack.append(name)
        self.buffer = []

    def characters(self, content: str) -> None:
        self.buffer.append(content)

    def endElement(self, name: str) -> None:
        if self.current is not None:
            path = "/".join(self.stack[self.depth :])
            text = "".join(self.buffer).strip()
            if path and text:
                self.current.text.setdefault(path, text)
                self.current.items.append((path, text))
            if len(self.stack) == self.depth:
                self.done.append(self.current)
                self.current = None
        self.stack.pop()
        self.buffer = []


def records(path: Path, tags: set[str]) -> list[Record]:
    """Every element named in ``tags`` in an XML file, with its line (SAX: one pass)."""
    collector = _Collector(tags)
    xml.sax.parse(str(path), collector)
    return collector.done
