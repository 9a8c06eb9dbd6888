"""What the importers share: the bundle writer (which remembers where each row came
from, so a problem the bulk loader finds names the dataset's own file and line), the
reviewed data files, party and city lookups against the database, and line-numbered
XML records read safely."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

import psycopg

from registry import world
from registry.bulk import Locate, Problem
from registry.bundle.spec import BY_FILE, every_file
from registry.names import fold, slug

DATA = Path(__file__).resolve().parents[1] / "data"

# The optional columns the importers fill; every other column of the specification
# is in each file's header (registry/bundle/spec.py).
FILLED = {
    "cities.csv": ("aliases",),
    "missions.csv": ("seat_inferred", "listed_as", "organisation_code"),
    "accreditations.csv": ("resident",),
    "unmapped.csv": ("severity",),
}
BUNDLE_HEADERS = {f.file: f.header(*FILLED.get(f.file, ())) for f in every_file()}


class DatasetError(Exception):
    """A dataset that cannot be read at all (a file that is not UTF-8, not XML, empty):
    one line naming the file and line, exit 2, nothing written."""


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


@dataclass(frozen=True)
class Origin:
    """Where a row of the bundle came from: the dataset's file and line, and which of
    its fields each bundle column was made from (a column not named keeps its name)."""

    file: str
    line: int | None
    fields: Mapping[str, str] = field(default_factory=dict)


class Places:
    """Parties and cities the database knows, by folded name; new ones the bundle adds
    (each remembering where it was first met)."""

    def __init__(self, conn: psycopg.Connection[Any], bundle: Bundle | None = None) -> None:
        self.bundle = bundle
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
        self.origins: dict[tuple[str, str], Origin | None] = {}  # (file, key) -> first met

    def _met(self, file: str, key: str) -> None:
        if (file, key) not in self.origins:
            self.origins[(file, key)] = self.bundle.here if self.bundle else None

    def party(self, code: str, name: str, kind: str) -> str:
        if code not in self.party_codes and code not in self.new_parties:
            self.new_parties[code] = (name, kind)
            self._met("parties.csv", code)
        return code

    def city(self, party: str, name: str, alias: str | None = None) -> str:
        """The key of the city so named in the party, adding it to the bundle if new:
        under its name today when the name is a former one (Rangoon: Yangon, with
        Rangoon its other name; registry/data/city_names.csv)."""
        former = None
        if (party, fold(name)) not in self.cities:
            today = world.city_today(party, name)
            if today is not None:
                former, name = name, today
        key = self.cities.get((party, fold(name)))
        if key is None:
            key = slug(name)
            self.cities[(party, fold(name))] = key
            self.new_cities[(party, key)] = (name, set())
            self._met("cities.csv", f"{party}:{key}")
        for other in (former, alias):
            if other and fold(other) != fold(name) and (party, fold(other)) not in self.cities:
                self.cities[(party, fold(other))] = key
                if (party, key) in self.new_cities:
                    self.new_cities[(party, key)][1].add(other)
                else:
                    self.new_cities[(party, key)] = (name, {other})
                    self._met("cities.csv", f"{party}:{key}")
        return key

    def known_city(self, party: str, name: str) -> str | None:
        return self.cities.get((party, fold(name)))


@dataclass
class Bundle:
    """Rows for the bundle files, written at the end (importer data sets are small;
    the bulk loader is what streams), each with its origin in the dataset.

    ``fields`` names, per bundle file and column, the dataset's field a column is
    made from (``{"missions.csv": {"host_code": "country"}}``); ``at`` says which
    record of the dataset the rows added next come from."""

    fields: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    rows: dict[str, list[list[Any]]] = field(
        default_factory=lambda: {name: [] for name in BUNDLE_HEADERS}
    )
    origins: dict[str, list[Origin | None]] = field(
        default_factory=lambda: {name: [] for name in BUNDLE_HEADERS}
    )
    here: Origin | None = None
    lines: dict[str, dict[int, Origin | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for file, columns in self.fields.items():
            for column in columns:
                BY_FILE[file].column(column)  # a KeyError names a column not specified

    def at(self, file: str, line: int | None) -> None:
        self.here = Origin(file, line)

    def add(self, file: str, *values: Any, fields: Mapping[str, str] | None = None) -> None:
        """A row of ``file``: its values in the order of BUNDLE_HEADERS[file]."""
        if len(values) != len(BUNDLE_HEADERS[file]):
            raise ValueError(f"{file}: {len(values)} values for {BUNDLE_HEADERS[file]}")
        self.rows[file].append(["" if v is None else v for v in values])
        self.origins[file].append(self._origin(file, self.here, fields))

    def _origin(
        self, file: str, here: Origin | None, fields: Mapping[str, str] | None = None
    ) -> Origin | None:
        if here is None:
            return None
        return Origin(here.file, here.line, {**self.fields.get(file, {}), **(fields or {})})

    def problem(self, p: Problem) -> None:
        self.rows["unmapped.csv"].append(
            [p.file, p.line or "", p.field, p.value, p.message, p.severity]
        )
        self.origins["unmapped.csv"].append(Origin(p.file, p.line))

    def write(self, out: Path, places: Places) -> Locate:
        """Write the files; return what maps a problem in them back to the dataset."""
        for code, (name, kind) in sorted(places.new_parties.items()):
            here = places.origins.get(("parties.csv", code))
            self.rows["parties.csv"].append([code, name, kind])
            self.origins["parties.csv"].append(self._origin("parties.csv", here))
        for (party, key), (name, aliases) in sorted(places.new_cities.items()):
            here = places.origins.get(("cities.csv", f"{party}:{key}"))
            self.rows["cities.csv"].append([party, key, name, "|".join(sorted(aliases))])
            self.origins["cities.csv"].append(self._origin("cities.csv", here))
        for name, header in BUNDLE_HEADERS.items():
            lines = self.lines.setdefault(name, {})
            written: set[tuple[str, ...]] = set()
            kept: list[list[Any]] = []
            line = 1
            for row, origin in zip(self.rows[name], self.origins[name], strict=True):
                # The same row twice is one fact (a mission listed on two lines,
                # accredited twice): written once. Problems are all kept.
                same = tuple(map(str, row))
                if name != "unmapped.csv":
                    if same in written:
                        continue
                    written.add(same)
                kept.append(row)
                # The line the loader's reader ends this record on: the record's own
                # line break, and any a value holds (a note may hold line breaks).
                line += 1 + _breaks(same)
                lines[line] = origin
            with (out / name).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows(kept)
        return self.locate

    def locate(self, p: Problem) -> Problem:
        """The problem at a line of the bundle, named at its origin in the dataset."""
        origin = self.lines.get(p.file, {}).get(p.line) if p.line else None
        if origin is None:
            return p
        message = p.message
        other = self.lines.get(p.file, {}).get(p.other_line) if p.other_line else None
        if other is not None:
            there = (
                f"line {other.line}"
                if other.file == origin.file and f"line {p.other_line}" in message
                else f"{other.file}:{other.line}"
            )
            for said in (f"{p.file}:{p.other_line}", f"line {p.other_line}"):
                if said in message:
                    message = message.replace(said, there, 1)
                    break
        fieldname = origin.fields.get(p.field, p.field) if p.field else ""
        return Problem(origin.file, origin.line, fieldname, p.value, message, p.severity)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # as a file read with newline="" counts them


def _breaks(values: tuple[str, ...]) -> int:
    """The line breaks inside a row's values (csv quotes them and writes them as they
    are; the record itself ends with one more)."""
    joined = "".join(values)
    if "\n" not in joined and "\r" not in joined:
        return 0
    return sum(len(_LINE_BREAK.findall(v)) for v in values)


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


def _collect(tags: set[str], parser: Any) -> list[Record]:
    """Set expat's handlers to collect the records named in ``tags`` into the list
    returned. Outside a record only the open elements' tags are kept (no text handler at
    all); inside one, each element's path relative to the record and the text since the
    last tag (an element's own text: for mixed content, what follows its last child).
    The handlers are swapped as a record starts and ends, and bound to locals: the
    handlers run once an element, the most of the importer's reading."""
    stack: list[str] = []  # the tags of the open elements outside a record
    paths: list[str] = []  # the paths of the open elements inside the current record
    buffer: list[str] = []
    done: list[Record] = []
    current: list[Record] = []  # the record being read, if any

    def outside_start(name: str, attrs: Any) -> None:
        if name in tags:
            current.append(Record(name, parser.CurrentLineNumber, tuple(stack), {}))
            paths.append("")
            buffer.clear()
            parser.CharacterDataHandler = buffer.append
            parser.StartElementHandler = inside_start
            parser.EndElementHandler = inside_end
        stack.append(name)

    def outside_end(name: str) -> None:
        stack.pop()

    def inside_start(name: str, attrs: Any) -> None:
        parent = paths[-1]
        paths.append(f"{parent}/{name}" if parent else name)
        buffer.clear()

    def inside_end(name: str) -> None:
        path = paths.pop()
        if path:
            if buffer:
                text = "".join(buffer).strip()
                buffer.clear()
                if text:
                    record = current[-1]
                    record.text.setdefault(path, text)
                    record.items.append((path, text))
            return
        done.append(current.pop())  # the record's own end
        buffer.clear()
        parser.CharacterDataHandler = None
        parser.StartElementHandler = outside_start
        parser.EndElementHandler = outside_end
        stack.pop()

    parser.StartElementHandler = outside_start
    parser.EndElementHandler = outside_end
    return done


class _EntityDeclared(Exception):
    pass


def records(path: Path, tags: set[str], name: str | None = None) -> list[Record]:
    """Every element named in ``tags`` in an XML file, with its line (expat: one pass).

    ``name`` is how messages name the file. A file that cannot be read, is not in the
    encoding it declares, is not well-formed or declares an entity raises DatasetError
    naming its line and column. pocom declares no entities: refusing every ``<!ENTITY``
    keeps expansion bombs and external entities (XXE) out before they are expanded,
    and an external DTD is never read."""
    name = name or path.name
    data = _xml_bytes(path, name)
    parser = expat.ParserCreate()
    done = _collect(tags, parser)
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True  # one call for a run of text, not one a line

    def refuse_entity(entity: str, *_: Any) -> None:
        raise _EntityDeclared(entity)

    parser.EntityDeclHandler = refuse_entity
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) or str(exc)
        raise DatasetError(
            f"{name}:{exc.lineno}:{exc.offset + 1}: not well-formed XML ({message})"
        ) from None
    except _EntityDeclared as exc:
        raise DatasetError(
            f"{name}:{parser.CurrentLineNumber}:{parser.CurrentColumnNumber + 1}: declares "
            f"the entity {str(exc)!r} (<!ENTITY ...>): entities are not read (pocom "
            "declares none)"
        ) from None
    return done


_DECLARATION = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?encoding\s*=\s*["']([^"']*)["']"""
)
_UTF = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")


def _xml_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, if they are in the encoding the XML declaration gives (UTF-8
    without one). A file declared ISO-8859-1 (or any one-byte encoding) whose bytes
    are UTF-8 with multi-byte characters would be read as mojibake ('Ã©' for 'é'):
    that lie is refused, as is a file declared UTF-8 that is not."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DatasetError(f"{name}: cannot read it ({exc.strerror or exc})") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data  # UTF-16 with its byte order mark: expat reads it as such
    nul = data.find(b"\x00")
    if nul >= 0:
        raise DatasetError(
            f"{name}:{_line_of(data, nul)}: not an XML text file (a NUL byte at byte "
            f"{_column_of(data, nul)} of the line: a binary file, or UTF-16 without its "
            "byte order mark?)"
        )
    match = _DECLARATION.match(data)
    declared = match.group(1).decode("ascii", "replace") if match else None
    try:
        codec = codecs.lookup(declared).name if declared else "utf-8"
    except LookupError:
        raise DatasetError(f"{name}:1: declares the unknown encoding {declared!r}") from None
    try:
        data.decode("utf-8")
        bad_utf8 = None
    except UnicodeDecodeError as exc:
        bad_utf8 = exc.start
    if codec == "utf-8":
        if bad_utf8 is not None:
            says = "declares UTF-8" if declared else "declares no encoding (so UTF-8)"
            raise DatasetError(
                f"{name}:{_line_of(data, bad_utf8)}: not UTF-8 (byte 0x{data[bad_utf8]:02x} at "
                f"byte {_column_of(data, bad_utf8)} of the line) though it {says}: save it "
                "as UTF-8, or declare the encoding it is in"
            )
        return data
    if codec in _UTF:
        return data
    if bad_utf8 is None and not data.isascii():
        first = next(i for i, b in enumerate(data) if b >= 0x80)
        end = first + 1
        while end < len(data) and 0x80 <= data[end] < 0xC0:
            end += 1
        sequence = data[first:end]
        raise DatasetError(
            f"{name}:{_line_of(data, first)}: declares the encoding {declared} but is UTF-8 "
            f"({sequence.decode('utf-8')!r} would be read as "
            f"{sequence.decode(codec, 'replace')!r}): correct the declaration to UTF-8"
        )
    try:
        data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DatasetError(
            f"{name}:{_line_of(data, exc.start)}: not {declared} (byte 0x{data[exc.start]:02x} "
            f"at byte {_column_of(data, exc.start)} of the line), the encoding it declares"
        ) from None
    return data


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _column_of(data: bytes, offset: int) -> int:
    return offset - (data.rfind(b"\n", 0, offset) + 1) + 1
