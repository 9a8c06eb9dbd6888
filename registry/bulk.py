"""The one bulk write path: a bundle of CSV files -> staging tables -> set-based upserts.

A *bundle* is the registry's own exchange format: a directory of UTF-8 CSV files
with header rows that name things by natural keys, never by database ids (see
docs/importing.md). Importers (pocom, Wikidata) write bundles; benchmarks
generate them. ``load_bundle`` streams every file through psycopg's COPY into
TEMP staging tables (rows are checked field by field on the way, so errors
carry file, line and field), resolves references set-wise, and only then
upserts with INSERT ... SELECT, in one transaction under the loader's advisory
lock. Any error: nothing is written.

Facts are append-only (revision 0004): a changed accreditation, tenure or status
change closes the current version's recorded range at now() and inserts a new
version that points back with ``supersedes_id``; a superseded tenure's current
status changes move to the new version the same way. A second identical import
finds every row unchanged.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from registry import limits
from registry.access import check_can_write
from registry.bundle.spec import BUNDLE_FILES as BUNDLE_FILES
from registry.bundle.spec import FILES, UNMAPPED, BundleFile, Column
from registry.dates import PartialDate, show
from registry.loader import LOAD_LOCK_ID
from registry.names import did_you_mean, fold

Progress = Callable[[str, int], None]
MAX_ERRORS = 500  # enough to fix a file by; the rest are counted
PROGRESS_EVERY = 10_000
SEVERITIES = ("unmapped", "notice")


@dataclass(frozen=True)
class Problem:
    """A value that could not be used, where it was, and why.

    ``severity`` is ``unmapped`` (a value the mapping does not know: an error
    under --strict) or ``notice`` (a documented adjustment, e.g. an inferred seat).
    ``other_line``: the line of the row this one contradicts, in the same file (the
    message names it; an importer maps both lines back to its dataset).
    """

    file: str
    line: int | None
    field: str
    value: str
    message: str
    severity: str = "unmapped"
    other_line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class BulkError(Exception):
    def __init__(self, errors: Sequence[Problem], more: int = 0) -> None:
        super().__init__(f"{len(errors) + more} error(s)")
        self.errors = list(errors)
        self.more = more


class EmptyBundle(BulkError):
    """No file of the bundle holds a row: nothing to import (one line, exit 2)."""


class ConnectionLost(Exception):
    """The server went away during the load. Before the commit, nothing was written;
    during it, the outcome is unknown (and importing again is safe: it is idempotent)."""

    def __init__(self, committing: bool, detail: str) -> None:
        super().__init__(detail)
        self.committing = committing
        self.detail = detail

    def describe(self, where: str) -> str:
        if self.committing:
            return (
                f"lost the connection to {where} while committing the import ({self.detail}): "
                "it may or may not have been written; run it again (a repeated import "
                "changes nothing)"
            )
        return (
            f"lost the connection to {where} during the import ({self.detail}); nothing was written"
        )


# An importer's map from a row of the bundle it wrote back to its own dataset.
Locate = Callable[[Problem], Problem]


@dataclass
class TableCounts:
    """Rows of one table: new, changed (a new version, or updated in place for
    tables that are not versioned) and already there as given."""

    inserted: int = 0
    superseded: int = 0
    unchanged: int = 0


@dataclass
class BulkReport:
    counts: dict[str, TableCounts] = field(default_factory=dict)
    unmapped: list[Problem] = field(default_factory=list)

    def table(self, name: str) -> TableCounts:
        return self.counts.setdefault(name, TableCounts())

    def total_of(self, outcome: str) -> int:
        return sum(getattr(c, outcome) for c in self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.total_of("inserted") or self.total_of("superseded"))


# --- the bundle's files: registry/bundle/spec.py --------------------------------------

SPECS = FILES
Spec = BundleFile
STAGING_DDL = "\n".join(f.staging_table() for f in FILES) + (
    "\nCREATE TEMP TABLE s_city_alias (line int, party_code text, key text, alias text,"
    " search_key text) ON COMMIT DROP;"
)

_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


class _Errors:
    def __init__(self, locate: Locate | None = None) -> None:
        self.items: list[Problem] = []
        self.more = 0
        self.lines: set[tuple[str, int | None]] = set()  # (file, line) already refused
        self.read_lines: set[tuple[str, int | None]] = set()  # ... while reading the files
        # A file not read to its end (not UTF-8, a bad header, an unknown file name):
        # checking references against what was read would only echo that.
        self.incomplete = False
        self.locate = locate
        self.located: set[tuple[str, int | None, str]] = set()

    def add(
        self,
        file: str,
        line: int | None,
        fieldname: str,
        value: str,
        message: str,
        other_line: int | None = None,
    ) -> None:
        self.lines.add((file, line))
        if len(self.items) >= MAX_ERRORS:
            self.more += 1
            return
        problem = Problem(file, line, fieldname, _clip(value), message, "error", other_line)
        if self.locate:
            # One value of a dataset can make several bundle columns (a city's name,
            # its key, the mission's key): the first of their errors says it.
            problem = self.locate(problem)
            if (problem.file, problem.line, problem.field) in self.located:
                return
            self.located.add((problem.file, problem.line, problem.field))
        self.items.append(problem)

    def add_problem(self, problem: Problem) -> None:
        self.add(problem.file, problem.line, problem.field, problem.value, problem.message)

    def __bool__(self) -> bool:
        return bool(self.items)


def _clip(value: str, most: int = 200) -> str:
    return value if len(value) <= most else value[:most] + "…"


# --- reading CSV safely -----------------------------------------------------------------


class FileProblem(Exception):
    """A file that cannot be read as UTF-8 CSV at all from some line on (one line)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def csv_records(
    path: Path,
    name: str,
    *,
    delimiter: str = ",",
    limits_of: Callable[[str], int | None] = lambda _column: None,
) -> Iterator[tuple[int, list[str]]]:
    """A CSV file's records with the line each ends on, the header first.

    UTF-8, with or without a byte order mark. Raises FileProblem naming the line for
    what the csv module would raise a traceback for: a file that cannot be opened, a
    byte that is not UTF-8 (or a UTF-16 file), a field over the csv module's limit
    (``limits_of(column)`` gives the column's own limit for the message).
    """
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise FileProblem(_unreadable(name, exc)) from None
    with raw:
        try:
            start = raw.read(4)
            raw.seek(0)
        except OSError as exc:
            raise FileProblem(_unreadable(name, exc)) from None
        if start.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise FileProblem(
                Problem(
                    name,
                    1,
                    "",
                    "",
                    "not UTF-8: it is UTF-16 (it starts with a UTF-16 byte order mark); "
                    "save the file as UTF-8",
                )
            )
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        reader = csv.reader(text, delimiter=delimiter)
        header: list[str] | None = None
        ended = 0  # the line the last record ended on: the next one starts after it
        try:
            for record in reader:
                if header is None:
                    header = [cell.strip() for cell in record]
                yield reader.line_num, record
                ended = reader.line_num
        except UnicodeDecodeError:
            raise FileProblem(_not_utf8(path, name)) from None
        except csv.Error as exc:
            if "field larger than field limit" not in str(exc):
                raise FileProblem(
                    Problem(name, ended + 1, "", "", f"not readable as CSV ({exc})")
                ) from None
            index = _long_field(path, ended + 1, delimiter)
            column = header[index] if header and index is not None and index < len(header) else ""
            limit = limits_of(column) if column else None
            most = f"; at most {limit:,} are allowed" if limit else ""
            raise FileProblem(
                Problem(
                    name,
                    ended + 1,
                    column,
                    "",
                    f"is over {csv.field_size_limit():,} characters long{most}",
                )
            ) from None
        except OSError as exc:
            raise FileProblem(_unreadable(name, exc)) from None


def _unreadable(name: str, exc: OSError) -> Problem:
    return Problem(name, None, "", "", f"cannot read it ({exc.strerror or exc})")


def _not_utf8(path: Path, name: str) -> Problem:
    """Where the first byte that is not UTF-8 is: its line, and its place in the line."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return Problem(
                    name,
                    number,
                    "",
                    "",
                    f"not UTF-8 (byte 0x{line[exc.start]:02x} at byte {exc.start + 1} of the "
                    "line): save the file as UTF-8",
                )
    return Problem(name, None, "", "", "not UTF-8: save the file as UTF-8")


def _long_field(path: Path, start_line: int, delimiter: str) -> int | None:
    """Which field of the record starting on ``start_line`` is over the csv module's
    limit (the reader's error does not say)."""
    most = csv.field_size_limit()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for _ in range(start_line - 1):
                next(handle, None)
            index, length, quoted = 0, 0, False
            for line in handle:
                for ch in line:
                    if ch == '"':
                        quoted = not quoted
                        continue
                    if not quoted and ch == delimiter:
                        index, length = index + 1, 0
                        continue
                    if not quoted and ch in "\r\n":
                        return None
                    length += 1
                    if length > most:
                        return index
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _header_problems(name: str, header: list[str], spec: Spec) -> list[Problem]:
    """Unknown, repeated, empty and missing columns of a bundle file's header."""
    known = {c.name for c in spec.columns}
    out: list[Problem] = []
    seen: set[str] = set()
    for column in header:
        if not column:
            out.append(Problem(name, 1, "", "", "a column without a name (a trailing comma?)"))
        elif limits.text_problem(column, limits.KEY):
            out.append(
                Problem(
                    name,
                    1,
                    "",
                    "",
                    f"a column name {column[:40]!r} that is not text: is the file UTF-8 CSV?",
                )
            )
        elif column in seen:
            out.append(Problem(name, 1, column, column, f"column {column!r} given twice"))
        elif column not in known:
            hint = did_you_mean(column, sorted(known - set(header)))
            out.append(
                Problem(
                    name,
                    1,
                    column,
                    column,
                    f"unknown column {column!r}{hint} (the columns are: "
                    f"{', '.join(c.name for c in spec.columns)})",
                )
            )
        seen.add(column)
    for c in spec.columns:
        if c.name not in header and not c.optional:
            out.append(Problem(name, 1, c.name, "", f"missing column {c.name!r}"))
    return out


def _rows(path: Path, spec: Spec, errors: _Errors) -> Iterator[tuple[Any, ...]]:
    """Stream a file's records as staged tuples, checking each field on the way.

    A value that cannot be stored (registry/limits.py) is an error and is staged as
    NULL (never COPYed: a NUL byte or an over-long key would stop the load with a
    database error naming no line)."""
    name = path.name
    records = csv_records(path, name, limits_of=spec.limit_of)
    try:
        first = next(records, None)
        if first is None:
            return
        header = [h.strip() for h in first[1]]
        problems = _header_problems(name, header, spec)
        for problem in problems:
            errors.add_problem(problem)
        if problems:
            errors.incomplete = True
            return
        where = {column: header.index(column) for column in header}
        for line, record in records:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                errors.add(name, line, "", "", f"{len(record)} fields, header has {len(header)}")
                continue
            if [cell.strip().lstrip("\ufeff") for cell in record] == header:
                # Two files put together: the second's header is not a row of data.
                errors.add(name, line, "", "", "the header again (files put together?)")
                continue
            staged = _staged(name, line, record, where, spec, errors)
            if staged is not None:
                yield staged
    except FileProblem as exc:
        errors.add_problem(exc.problem)
        errors.incomplete = True


def _staged(
    name: str,
    line: int,
    record: list[str],
    where: dict[str, int],
    spec: Spec,
    errors: _Errors,
) -> tuple[Any, ...]:
    out: list[Any] = [line]
    for c in spec.columns:
        column, kind, text = c.name, c.kind, c.text
        raw = record[where[column]].strip() if column in where else ""
        if c.required and not raw:
            errors.add(name, line, column, raw, "required")
        if text is not None and raw:
            problem = text.problem(raw)
            if problem:
                errors.add(name, line, column, raw, problem)
                raw = ""
        if kind == "date":
            if not raw:
                out += [None, None]
                continue
            try:
                day = PartialDate.parse(raw)
            except ValueError as exc:
                errors.add(name, line, column, raw, str(exc))
                out += [None, None]
                continue
            out += [day.first_day, day.precision]
        elif kind == "bool":
            if raw.lower() in _TRUE:
                out.append(True)
            elif raw.lower() in _FALSE:
                out.append(False)
            elif not raw:
                out.append(c.default)
            else:
                errors.add(name, line, column, raw, "not a boolean: use true or false")
                out.append(None)
        elif kind == "name":
            out += [raw or None, fold(raw) if raw else None]
        else:
            out.append(raw or None)
    return tuple(out)


def _stage(
    conn: psycopg.Connection[Any],
    directory: Path,
    present: set[str],
    errors: _Errors,
    progress: Progress | None,
) -> tuple[str | None, int]:
    """COPY every file present into its staging table; return the default source key
    and the number of rows staged."""
    default_source: str | None = None
    aliases: list[tuple[Any, ...]] = []
    staged = 0
    with conn.cursor() as cur:
        for spec in SPECS:
            if spec.file not in present:
                continue
            path = directory / spec.file
            columns = ", ".join(spec.staged())
            count = 0
            with cur.copy(f"COPY {spec.table} ({columns}) FROM STDIN") as copy:
                for row in _rows(path, spec, errors):
                    count += 1
                    if spec.table == "s_source" and default_source is None:
                        default_source = row[1]
                    if spec.table == "s_city" and row[5]:
                        for alias in str(row[5]).split("|"):
                            if alias.strip():
                                aliases.append((row[0], row[1], row[2], alias.strip(), fold(alias)))
                    copy.write_row(row)
                    if progress and count % PROGRESS_EVERY == 0:
                        progress(spec.file, count)
            staged += count
            if progress:
                progress(spec.file, count)
        if aliases:
            with cur.copy(
                "COPY s_city_alias (line, party_code, key, alias, search_key) FROM STDIN"
            ) as copy:
                for alias_row in aliases:
                    copy.write_row(alias_row)
        for spec in SPECS:
            cur.execute(f"ANALYZE {spec.table}")
    return default_source, staged


def read_problems(path: Path, errors: _Errors | None = None) -> Iterator[Problem]:
    """unmapped.csv: what the bundle's producer could not map (file,line,field,value,
    message[,severity]). Each is printed: a text that is not printable, a line that is
    not a number or an unknown severity is an error (in ``errors``)."""
    errors = errors if errors is not None else _Errors()
    name = path.name
    try:
        records = csv_records(path, name, limits_of=UNMAPPED.limit_of)
        first = next(records, None)
        if first is None:
            return
        header = [h.strip() for h in first[1]]
        refused = _header_problems(name, header, UNMAPPED)
        for problem in refused:
            errors.add_problem(problem)
        if refused:
            return
        where = {column: header.index(column) for column in header}
        for line, record in records:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                errors.add(name, line, "", "", f"{len(record)} fields, header has {len(header)}")
                continue
            row = {
                c.name: record[where[c.name]] if c.name in where else "" for c in UNMAPPED.columns
            }
            found = _unmapped_row_problems(row)
            for fieldname, value, message in found:
                errors.add(name, line, fieldname, value, message)
            if found:
                continue
            number = row["line"].strip()
            yield Problem(
                row["file"],
                int(number) if number else None,
                row["field"],
                row["value"],
                row["message"],
                row["severity"].strip() or "unmapped",
            )
    except FileProblem as exc:
        errors.add_problem(exc.problem)


def _unmapped_row_problems(row: dict[str, str]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for c in UNMAPPED.columns:
        value = row[c.name]
        if c.required and not value.strip():
            out.append((c.name, "", "required"))
        why = c.text.problem(value) if c.text and value else None
        if why:
            out.append((c.name, value, why))
    number = row["line"].strip()
    if number and not number.isdigit():
        out.append(("line", number, f"{number[:40]!r} is not a line number"))
    severity = row["severity"].strip() or "unmapped"
    if severity not in SEVERITIES:
        out.append(
            ("severity", severity, f"unknown severity {severity[:40]!r} (unmapped or notice)")
        )
    return out


# --- checks and upserts, set-wise --------------------------------------------------------

# Each check: (file, field, SQL returning (line, value, message)). All run before any write.
_SOURCE_REFS = [
    (spec.file, spec.table) for spec in SPECS if any(c.name == "source_key" for c in spec.columns)
]

CHECKS: list[tuple[str, str, str]] = [
    (
        "parties.csv",
        "kind",
        "SELECT line, kind, 'unknown party kind ' || quote_literal(kind) || "
        "' (state, historical_state or organisation)' FROM s_party "
        "WHERE kind NOT IN ('state', 'historical_state', 'organisation')",
    ),
    (
        "cities.csv",
        "party_code",
        "SELECT line, party_code, 'unknown party ' || quote_literal(party_code) FROM s_city c "
        "WHERE NOT EXISTS (SELECT FROM party p WHERE p.code = c.party_code) "
        "AND NOT EXISTS (SELECT FROM s_party p WHERE p.code = c.party_code)",
    ),
    (
        "missions.csv",
        "kind",
        "SELECT line, kind, 'unknown mission kind ' || quote_literal(kind) FROM s_mission m "
        "WHERE NOT EXISTS (SELECT FROM mission_kind k WHERE k.code = m.kind)",
    ),
    (
        "tenures.csv",
        "rank_code",
        "SELECT line, rank_code, 'unknown rank ' || quote_literal(rank_code) FROM s_tenure t "
        "WHERE NOT EXISTS (SELECT FROM rank r WHERE r.code = t.rank_code)",
    ),
    (
        "tenures.csv",
        "ended_on",
        "SELECT line, ended_on::text, 'ends before it starts (' || started_on || ')' "
        "FROM s_tenure WHERE ended_on <= started_on",
    ),
    (
        "tenures.csv",
        "credentials_on",
        "SELECT line, credentials_on::text, 'credentials presented before the start' "
        "FROM s_tenure WHERE credentials_on < started_on",
    ),
    (
        "tenures.csv",
        "person_key",
        "SELECT line, person_key, 'unknown person ' || quote_literal(person_key) FROM s_tenure t "
        "WHERE person_key IS NOT NULL "
        "AND NOT EXISTS (SELECT FROM s_person p WHERE p.key = t.person_key) "
        "AND NOT EXISTS (SELECT FROM person p WHERE p.key = t.person_key)",
    ),
    (
        "tenures.csv",
        "mission_key",
        "SELECT line, mission_key, 'unknown mission key ' || quote_literal(mission_key) "
        "FROM s_tenure t WHERE NOT EXISTS (SELECT FROM s_mission m WHERE m.key = t.mission_key)",
    ),
    (
        "accreditations.csv",
        "mission_key",
        "SELECT line, mission_key, 'unknown mission key ' || quote_literal(mission_key) "
        "FROM s_accreditation a "
        "WHERE NOT EXISTS (SELECT FROM s_mission m WHERE m.key = a.mission_key)",
    ),
    (
        "status_changes.csv",
        "mission_key",
        "SELECT line, coalesce(mission_key, ''), 'give exactly one of mission_key and tenure_key' "
        "FROM s_status WHERE num_nonnulls(mission_key, tenure_key) <> 1",
    ),
    (
        "status_changes.csv",
        "mission_key",
        "SELECT line, mission_key, 'unknown mission key ' || quote_literal(mission_key) "
        "FROM s_status s WHERE mission_key IS NOT NULL "
        "AND NOT EXISTS (SELECT FROM s_mission m WHERE m.key = s.mission_key)",
    ),
    (
        "status_changes.csv",
        "tenure_key",
        "SELECT line, tenure_key, 'unknown tenure key ' || quote_literal(tenure_key) "
        "FROM s_status s WHERE tenure_key IS NOT NULL "
        "AND NOT EXISTS (SELECT FROM s_tenure t WHERE t.key = s.tenure_key)",
    ),
    (
        "status_changes.csv",
        "kind",
        "SELECT line, kind, CASE WHEN k.code IS NULL THEN 'unknown change ' || quote_literal(kind) "
        "ELSE quote_literal(kind) || ' is a change of a ' || k.applies_to || ', not of a ' || "
        "CASE WHEN s.mission_key IS NULL THEN 'tenure' ELSE 'mission' END END "
        "FROM s_status s LEFT JOIN status_change_kind k ON k.code = s.kind "
        "WHERE k.code IS NULL OR k.applies_to <> "
        "CASE WHEN s.mission_key IS NULL THEN 'tenure' ELSE 'mission' END",
    ),
    (
        "external_ids.csv",
        "subject_kind",
        "SELECT line, subject_kind, 'unknown subject kind ' || quote_literal(subject_kind) "
        "|| ' (party, city, mission or person)' FROM s_external "
        "WHERE subject_kind NOT IN ('party', 'city', 'mission', 'person')",
    ),
]


def _party_known(column: str) -> str:
    return (
        f"NOT EXISTS (SELECT FROM party p WHERE p.code = {column}) "
        f"AND NOT EXISTS (SELECT FROM s_party p WHERE p.code = {column})"
    )


CHECKS += [
    (
        "missions.csv",
        "sending_code",
        "SELECT line, sending_code, 'unknown party ' || quote_literal(sending_code) "
        f"FROM s_mission m WHERE {_party_known('m.sending_code')}",
    ),
    (
        "missions.csv",
        "host_code",
        "SELECT line, host_code, 'unknown party ' || quote_literal(host_code) "
        f"FROM s_mission m WHERE {_party_known('m.host_code')}",
    ),
    (
        "missions.csv",
        "organisation_code",
        "SELECT line, organisation_code, 'unknown party ' || quote_literal(organisation_code) "
        "FROM s_mission m WHERE organisation_code IS NOT NULL "
        f"AND {_party_known('m.organisation_code')}",
    ),
    (
        "missions.csv",
        "city_key",
        "SELECT line, city_key, 'unknown city ' || quote_literal(city_key) || ' in ' || host_code "
        "FROM s_mission m WHERE city_key IS NOT NULL AND NOT EXISTS (SELECT FROM city c "
        "JOIN party p ON p.id = c.party_id WHERE p.code = m.host_code AND c.key = m.city_key) "
        "AND NOT EXISTS (SELECT FROM s_city c WHERE c.party_code = m.host_code "
        "AND c.key = m.city_key)",
    ),
    (
        "accreditations.csv",
        "party_code",
        "SELECT line, party_code, 'unknown party ' || quote_literal(party_code) "
        f"FROM s_accreditation a WHERE {_party_known('a.party_code')}",
    ),
]


# Checks that need parties and cities in place (run after those upserts, still before
# any fact is written; an error rolls everything back).
PARTY_CHECKS: list[tuple[str, str, str]] = [
    (
        "tenures.csv",
        "resident_city_key",
        "SELECT line, resident_city_key, 'unknown or ambiguous city ' "
        "|| quote_literal(resident_city_key) || ' (write PARTY:key)' FROM s_tenure t "
        "WHERE resident_city_key IS NOT NULL AND (SELECT count(*) FROM city_ref r "
        "WHERE r.ref = t.resident_city_key) <> 1",
    ),
    (
        "external_ids.csv",
        "subject_key",
        "SELECT line, subject_key, 'unknown ' || subject_kind || ' ' || quote_literal(subject_key) "
        "FROM s_external x WHERE CASE subject_kind "
        "WHEN 'party' THEN NOT EXISTS (SELECT FROM party p WHERE p.code = x.subject_key) "
        "WHEN 'city' THEN (SELECT count(*) FROM city_ref r WHERE r.ref = x.subject_key) <> 1 "
        "WHEN 'mission' THEN NOT EXISTS (SELECT FROM s_mission m WHERE m.key = x.subject_key) "
        "WHEN 'person' THEN NOT EXISTS (SELECT FROM person p WHERE p.key = x.subject_key) "
        "ELSE false END",
    ),
]

# A city is referred to as PARTY:key, or by its key alone where that is unambiguous.
CITY_REF = """
CREATE TEMP TABLE city_ref ON COMMIT DROP AS
SELECT p.code || ':' || c.key AS ref, c.id AS city_id FROM city c JOIN party p ON p.id = c.party_id
UNION ALL
SELECT c.key, c.id FROM city c
"""


def _check(cur: psycopg.Cursor[Any], checks: list[tuple[str, str, str]], errors: _Errors) -> None:
    """Run set-wise checks: each returns (line, value, message[, the other line]).
    A line already refused while reading is not checked again: its bad values were
    staged as NULL, and what SQL would say of them is no news."""
    for file, fieldname, sql in checks:
        for row in cur.execute(sql).fetchall():
            line, value, message = row[0], row[1], row[2]
            if (file, line) in errors.read_lines:
                continue
            other = row[3] if len(row) > 3 else None
            errors.add(file, line, fieldname, value or "", message or "invalid", other)


def _shown(column: Column, values: Sequence[Any]) -> str:
    """A staged value as the file gave it (a date at its precision), for messages."""
    if values[0] is None:
        return "empty"
    if column.kind == "date":
        return show(values[0], values[1]) or ""
    if isinstance(values[0], bool):
        return str(values[0]).lower()
    return repr(_clip(str(values[0]), 60))


def _duplicates(cur: psycopg.Cursor[Any], errors: _Errors, notices: list[Problem]) -> None:
    """Rows of a file with the same natural key. The same row twice says nothing new:
    it is loaded once, with a notice (a repeated import changes nothing either). Two
    rows that differ are two claims about one thing: an error naming both lines,
    never the first one kept in silence."""
    for spec in SPECS:
        keys = ", ".join(
            f"coalesce({c.staged()[0]}::text, '')"
            for c in spec.columns
            if c.name in spec.natural_key
        )
        staged = spec.staged()
        width = len(staged)
        rows = cur.execute(
            f"WITH d AS (SELECT s.*, first_value(line) OVER w AS first_line, "
            f"row_number() OVER w AS n FROM {spec.table} s "
            f"WHERE ({keys}) IN (SELECT {keys} FROM {spec.table} GROUP BY {keys} "
            f"HAVING count(*) > 1) WINDOW w AS (PARTITION BY {keys} ORDER BY line)) "
            f"SELECT {', '.join('d.' + c for c in staged)}, {', '.join('f.' + c for c in staged)} "
            f"FROM d JOIN {spec.table} f ON f.line = d.first_line WHERE d.n > 1 ORDER BY d.line"
        ).fetchall()
        repeated: list[int] = []
        slices = spec.slices()
        for row in rows:
            ours, theirs = row[:width], row[width:]
            key = ", ".join(
                f"{c.name} {_shown(c, theirs[part])}"
                for c, part in slices
                if c.name in spec.natural_key and theirs[part][0] is not None
            )
            differs = next(((c, part) for c, part in slices if ours[part] != theirs[part]), None)
            if differs is None:
                repeated.append(ours[0])
                notices.append(
                    Problem(
                        spec.file,
                        ours[0],
                        spec.natural_key[0],
                        key,
                        "repeats an earlier row exactly: loaded once",
                        "notice",
                    )
                )
                continue
            column, part = differs
            errors.add(
                spec.file,
                ours[0],
                column.name,
                _shown(column, ours[part]),
                f"contradicts {spec.file}:{theirs[0]}, the same {spec.what} ({key}): "
                f"{column.name} {_shown(column, theirs[part])} there, "
                f"{_shown(column, ours[part])} here",
                other_line=theirs[0],
            )
        if repeated:
            cur.execute(f"DELETE FROM {spec.table} WHERE line = ANY(%s)", (repeated,))
            if spec.table == "s_city":
                cur.execute("DELETE FROM s_city_alias WHERE line = ANY(%s)", (repeated,))


def _count(cur: psycopg.Cursor[Any], sql: str, params: Sequence[Any] = ()) -> int:
    row = cur.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


def _upsert_reference(cur: psycopg.Cursor[Any], report: BulkReport) -> None:
    """Sources, parties, cities and people: plain tables, updated in place."""
    sources = report.table("source")
    total = _count(cur, "SELECT count(DISTINCT key) FROM s_source")
    changed = cur.execute(
        """
        INSERT INTO source (key, title, publisher, url, published_on, published_precision, note)
        SELECT DISTINCT ON (key) key, title, publisher, url, published_on, published_precision, note
          FROM s_source ORDER BY key, line
        ON CONFLICT (key) DO UPDATE SET title = excluded.title, publisher = excluded.publisher,
            url = excluded.url, published_on = excluded.published_on,
            published_precision = excluded.published_precision, note = excluded.note
        WHERE (source.title, source.publisher, source.url, source.published_on,
               source.published_precision, source.note)
              IS DISTINCT FROM (excluded.title, excluded.publisher, excluded.url,
               excluded.published_on, excluded.published_precision, excluded.note)
        RETURNING xmax = 0
        """
    ).fetchall()
    sources.inserted = sum(1 for (new,) in changed if new)
    sources.superseded = len(changed) - sources.inserted
    sources.unchanged = total - len(changed)
    cur.execute("CREATE TEMP TABLE src ON COMMIT DROP AS SELECT key, id FROM source")
    cur.execute("CREATE UNIQUE INDEX ON src (key)")

    parties = report.table("party")
    total = _count(cur, "SELECT count(DISTINCT code) FROM s_party")
    parties.inserted = cur.execute(
        """
        INSERT INTO party (code, name, kind, source_id)
        SELECT DISTINCT ON (code) code, name, kind, s.id FROM s_party p
          JOIN src s ON s.key = coalesce(p.source_key, current_setting('registry.bulk_source'))
         ORDER BY code, line
        ON CONFLICT (code) DO NOTHING
        """
    ).rowcount
    parties.unchanged = total - parties.inserted
    report.table("party_alias").inserted = cur.execute(
        """
        INSERT INTO party_alias (party_id, alias, search_key, source_id)
        SELECT DISTINCT ON (pa.id, p.name) pa.id, p.name, p.name_search, s.id FROM s_party p
          JOIN party pa ON pa.code = p.code
          JOIN src s ON s.key = coalesce(p.source_key, current_setting('registry.bulk_source'))
         ORDER BY pa.id, p.name, p.line
        ON CONFLICT (party_id, alias) DO NOTHING
        """
    ).rowcount

    cities = report.table("city")
    total = _count(cur, "SELECT count(*) FROM (SELECT DISTINCT party_code, key FROM s_city) c")
    cities.inserted = cur.execute(
        """
        INSERT INTO city (party_id, key, name, search_key, source_id)
        SELECT DISTINCT ON (p.id, c.key) p.id, c.key, c.name, c.name_search, s.id FROM s_city c
          JOIN party p ON p.code = c.party_code
          JOIN src s ON s.key = coalesce(c.source_key, current_setting('registry.bulk_source'))
         ORDER BY p.id, c.key, c.line
        ON CONFLICT (party_id, key) DO NOTHING
        """
    ).rowcount
    cities.unchanged = total - cities.inserted
    report.table("city_alias").inserted = cur.execute(
        """
        INSERT INTO city_alias (city_id, alias, search_key, source_id)
        SELECT DISTINCT ON (ci.id, a.alias) ci.id, a.alias, a.search_key, ci.source_id
          FROM s_city_alias a JOIN party p ON p.code = a.party_code
          JOIN city ci ON ci.party_id = p.id AND ci.key = a.key
         ORDER BY ci.id, a.alias, a.line
        ON CONFLICT (city_id, alias) DO NOTHING
        """
    ).rowcount

    people = report.table("person")
    total = _count(cur, "SELECT count(DISTINCT key) FROM s_person")
    # Counted in SQL: fetching a row per person would hold the world's people in memory.
    inserted, updated = cur.execute(
        """
        WITH changed AS (
        INSERT INTO person (key, name, search_key, description, source_id)
        SELECT DISTINCT ON (p.key) p.key, p.name, p.name_search, p.description, s.id
          FROM s_person p
          JOIN src s ON s.key = coalesce(p.source_key, current_setting('registry.bulk_source'))
         ORDER BY p.key, p.line
        ON CONFLICT (key) DO UPDATE SET name = excluded.name, search_key = excluded.search_key,
            description = excluded.description, source_id = excluded.source_id
        WHERE (person.name, person.description) IS DISTINCT FROM
              (excluded.name, excluded.description)
        RETURNING xmax = 0 AS new
        )
        SELECT count(*) FILTER (WHERE new), count(*) FILTER (WHERE NOT new) FROM changed
        """
    ).fetchone() or (0, 0)
    people.inserted = inserted
    people.superseded = updated
    people.unchanged = total - inserted - updated


MISSIONS = """
CREATE TEMP TABLE r_mission ON COMMIT DROP AS
SELECT m.line, m.key, sp.id AS sending_id, hp.id AS host_id, c.id AS city_id, m.kind,
       op.id AS organisation_id, m.seat_inferred, s.id AS source_id, m.listed_as,
       NULL::int AS mission_id
  FROM s_mission m
  JOIN party sp ON sp.code = m.sending_code
  JOIN party hp ON hp.code = m.host_code
  LEFT JOIN city c ON c.party_id = hp.id AND c.key = m.city_key
  LEFT JOIN party op ON op.code = m.organisation_code
  JOIN src s ON s.key = coalesce(m.source_key, current_setting('registry.bulk_source'));
CREATE INDEX ON r_mission (key);
ANALYZE r_mission;
"""


def _upsert_missions(cur: psycopg.Cursor[Any], report: BulkReport) -> None:
    cur.execute(MISSIONS)
    counts = report.table("mission")
    total = _count(
        cur,
        "SELECT count(*) FROM (SELECT DISTINCT sending_id, host_id, city_id, kind, "
        "organisation_id "
        "FROM r_mission) m",
    )
    counts.inserted = cur.execute(
        """
        INSERT INTO mission (sending_party_id, host_party_id, city_id, kind, organisation_id,
                             seat_inferred, source_id)
        SELECT DISTINCT ON (sending_id, host_id, city_id, kind, organisation_id)
               sending_id, host_id, city_id, kind, organisation_id, seat_inferred, source_id
          FROM r_mission
         ORDER BY sending_id, host_id, city_id, kind, organisation_id, seat_inferred, line
        ON CONFLICT (sending_party_id, host_party_id, city_id, kind, organisation_id)
        DO NOTHING
        """
    ).rowcount
    # A seat some source states beats one inferred (from the host's capital).
    counts.superseded = cur.execute(
        """
        UPDATE mission m SET seat_inferred = false FROM r_mission r
         WHERE m.seat_inferred AND NOT r.seat_inferred
           AND (m.sending_party_id, m.host_party_id, m.kind) = (r.sending_id, r.host_id, r.kind)
           AND coalesce(m.city_id, 0) = coalesce(r.city_id, 0)
           AND coalesce(m.organisation_id, 0) = coalesce(r.organisation_id, 0)
        """
    ).rowcount
    counts.unchanged = total - counts.inserted - counts.superseded
    cur.execute(
        """
        UPDATE r_mission r SET mission_id = m.id FROM mission m
         WHERE (m.sending_party_id, m.host_party_id, m.kind) = (r.sending_id, r.host_id, r.kind)
           AND coalesce(m.city_id, 0) = coalesce(r.city_id, 0)
           AND coalesce(m.organisation_id, 0) = coalesce(r.organisation_id, 0)
        """
    )
    sources = report.table("mission_source")
    total = _count(
        cur, "SELECT count(*) FROM (SELECT DISTINCT mission_id, source_id FROM r_mission) m"
    )
    sources.inserted = cur.execute(
        """
        INSERT INTO mission_source (mission_id, source_id, listed_as)
        SELECT DISTINCT ON (mission_id, source_id) mission_id, source_id, listed_as
          FROM r_mission ORDER BY mission_id, source_id, line
        ON CONFLICT (mission_id, source_id) DO NOTHING
        """
    ).rowcount
    sources.unchanged = total - sources.inserted


CLOSE = "recorded = tstzrange(lower(recorded), now())"

ACCREDITATIONS = """
CREATE TEMP TABLE d_accreditation ON COMMIT DROP AS
SELECT DISTINCT ON (m.mission_id, p.id)
       m.mission_id, p.id AS party_id, a.resident, s.id AS source_id,
       cur.id AS current_id, cur.resident AS current_resident
  FROM s_accreditation a
  JOIN r_mission m ON m.key = a.mission_key
  JOIN party p ON p.code = a.party_code
  JOIN src s ON s.key = coalesce(a.source_key, current_setting('registry.bulk_source'))
  LEFT JOIN accreditation cur ON cur.mission_id = m.mission_id AND cur.party_id = p.id
       AND upper_inf(cur.recorded)
 ORDER BY m.mission_id, p.id, a.line
"""


# Two mission keys can name one mission (the same sending party, seat, kind and
# organisation): their accreditations of one party are then one fact, and must agree.
# (Which source they cite may differ: the first row's is cited.)
ACCREDITATION_CONFLICTS = """
SELECT line, resident::text, 'contradicts accreditations.csv:' || first_line
       || ', the same accreditation (mission_key ' || quote_literal(first_key)
       || ' names the same mission): resident ' || first_resident || ' there, '
       || resident || ' here', first_line
  FROM (SELECT a.line, a.resident, first_value(a.line) OVER w AS first_line,
               first_value(a.mission_key) OVER w AS first_key,
               first_value(a.resident) OVER w AS first_resident
          FROM s_accreditation a
          JOIN r_mission m ON m.key = a.mission_key
          JOIN party p ON p.code = a.party_code
        WINDOW w AS (PARTITION BY m.mission_id, p.id ORDER BY a.line)) d
 WHERE resident IS DISTINCT FROM first_resident
"""


def _upsert_accreditations(cur: psycopg.Cursor[Any], report: BulkReport, errors: _Errors) -> None:
    if _two_keys_one_mission(cur):
        _check(cur, [("accreditations.csv", "resident", ACCREDITATION_CONFLICTS)], errors)
        if errors:
            return
    cur.execute(ACCREDITATIONS)
    counts = report.table("accreditation")
    counts.superseded = cur.execute(
        f"UPDATE accreditation SET {CLOSE} WHERE id IN (SELECT current_id FROM d_accreditation "
        "WHERE current_resident IS DISTINCT FROM resident AND current_id IS NOT NULL)"
    ).rowcount
    counts.inserted = (
        cur.execute(
            """
            INSERT INTO accreditation (mission_id, party_id, resident, source_id, supersedes_id)
            SELECT mission_id, party_id, resident, source_id, current_id FROM d_accreditation
             WHERE current_id IS NULL OR current_resident IS DISTINCT FROM resident
            """
        ).rowcount
        - counts.superseded
    )
    counts.unchanged = _count(
        cur, "SELECT count(*) FROM d_accreditation WHERE current_resident = resident"
    )


TENURES = """
CREATE TEMP TABLE d_tenure ON COMMIT DROP AS
SELECT t.line, t.key, m.mission_id, pe.id AS person_id, t.rank_code,
       daterange(t.started_on, t.ended_on, '[)') AS valid, t.started_precision,
       t.ended_precision, t.credentials_on, t.credentials_precision, t.note, s.id AS source_id,
       rc.city_id AS resident_city_id, NULL::int AS current_id, false AS changed,
       NULL::int AS tenure_id
  FROM s_tenure t
  JOIN r_mission m ON m.key = t.mission_key
  LEFT JOIN person pe ON pe.key = t.person_key
  LEFT JOIN city_ref rc ON rc.ref = t.resident_city_key
  JOIN src s ON s.key = coalesce(t.source_key, current_setting('registry.bulk_source'));
CREATE INDEX ON d_tenure (key);
CREATE INDEX ON d_tenure (mission_id, lower(valid));
ANALYZE d_tenure;
"""

TENURE_OVERLAPS = """
SELECT line, key,
       'overlaps the tenure on line ' || prev_line || ' (same mission): one head at a time',
       prev_line
  FROM (SELECT line, key, valid,
               lag(line) OVER w AS prev_line,
               max(coalesce(upper(valid), 'infinity')) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING
                   AND 1 PRECEDING) AS max_end
          FROM d_tenure WINDOW w AS (PARTITION BY mission_id ORDER BY lower(valid), line)) o
 WHERE max_end > lower(valid)
UNION ALL
SELECT d.line, d.key, 'overlaps a tenure already in the registry (' || coalesce(p.name, 'unnamed')
       || ', ' || t.valid::text || '): one head at a time', NULL::int
  FROM d_tenure d
  JOIN tenure t ON t.mission_id = d.mission_id AND t.valid && d.valid AND upper_inf(t.recorded)
  LEFT JOIN person p ON p.id = t.person_id
 WHERE NOT EXISTS (SELECT FROM d_tenure m WHERE m.current_id = t.id)
"""


def _upsert_tenures(cur: psycopg.Cursor[Any], report: BulkReport, errors: _Errors) -> None:
    cur.execute(TENURES)
    _check(
        cur,
        [
            (
                "tenures.csv",
                "started_on",
                "SELECT line, lower(valid)::text, 'two tenures of one mission start on '"
                " || lower(valid) || ' (the other on line ' || first || ')', first FROM ("
                "SELECT line, valid, first_value(line) OVER w first, row_number() OVER w n "
                "FROM d_tenure WINDOW w AS (PARTITION BY mission_id, lower(valid) ORDER BY line)"
                ") d WHERE n > 1",
            )
        ],
        errors,
    )
    if errors:
        return
    # A tenure is the same fact as a current one of the same mission starting the same day.
    cur.execute(
        """
        UPDATE d_tenure d SET current_id = t.id,
               changed = (t.person_id, t.rank_code, t.valid, t.start_precision,
                          t.attested_precision, t.end_precision, t.credentials_on,
                          t.credentials_precision, t.note, t.resident_city_id)
                         IS DISTINCT FROM
                         (d.person_id, d.rank_code, d.valid, d.started_precision, NULL::text,
                          d.ended_precision, d.credentials_on, d.credentials_precision, d.note,
                          d.resident_city_id)
          FROM tenure t
         WHERE t.mission_id = d.mission_id AND lower(t.valid) = lower(d.valid)
           AND upper_inf(t.recorded)
        """
    )
    _check(cur, [("tenures.csv", "started_on", TENURE_OVERLAPS)], errors)
    if errors:
        return
    counts = report.table("tenure")
    counts.superseded = cur.execute(
        f"UPDATE tenure SET {CLOSE} WHERE id IN (SELECT current_id FROM d_tenure WHERE changed)"
    ).rowcount
    inserted = cur.execute(
        """
        WITH ins AS (
            INSERT INTO tenure (mission_id, person_id, rank_code, valid, start_precision,
                                end_precision, credentials_on, credentials_precision,
                                credentials_authority_id, note, source_id, resident_city_id,
                                supersedes_id)
            SELECT d.mission_id, d.person_id, d.rank_code, d.valid, d.started_precision,
                   d.ended_precision, d.credentials_on, d.credentials_precision,
                   t.credentials_authority_id, d.note, d.source_id, d.resident_city_id,
                   d.current_id
              FROM d_tenure d LEFT JOIN tenure t ON t.id = d.current_id
             WHERE d.current_id IS NULL OR d.changed
            RETURNING id, mission_id, lower(valid) AS starts
        )
        UPDATE d_tenure d SET tenure_id = ins.id FROM ins
         WHERE d.mission_id = ins.mission_id AND lower(d.valid) = ins.starts
        """
    ).rowcount
    counts.inserted = inserted - counts.superseded
    counts.unchanged = cur.execute(
        "UPDATE d_tenure SET tenure_id = current_id WHERE tenure_id IS NULL"
    ).rowcount
    # The superseded versions' current status changes follow them to the new versions.
    moved = cur.execute(
        """
        CREATE TEMP TABLE moved ON COMMIT DROP AS
        SELECT sc.id, d.tenure_id FROM status_change sc
          JOIN d_tenure d ON d.changed AND sc.tenure_id = d.current_id
         WHERE upper_inf(sc.recorded)
        """
    ).rowcount
    if moved:
        cur.execute(f"UPDATE status_change SET {CLOSE} WHERE id IN (SELECT id FROM moved)")
        cur.execute(
            """
            INSERT INTO status_change (kind, occurred_on, occurred_precision, mission_id,
                tenure_id, actor_party_id, actor_authority_id, note, source_id, supersedes_id)
            SELECT sc.kind, sc.occurred_on, sc.occurred_precision, sc.mission_id, m.tenure_id,
                   sc.actor_party_id, sc.actor_authority_id, sc.note, sc.source_id, sc.id
              FROM moved m JOIN status_change sc ON sc.id = m.id
            """
        )


STATUS_CHANGES = """
CREATE TEMP TABLE d_status ON COMMIT DROP AS
SELECT DISTINCT ON (s.kind, m.mission_id, t.tenure_id, s.occurred_on)
       s.line, s.kind, m.mission_id, t.tenure_id, s.occurred_on, s.occurred_precision, s.note,
       src.id AS source_id, coalesce(cm.id, ct.id) AS current_id,
       (coalesce(cm.occurred_precision, ct.occurred_precision), coalesce(cm.note, ct.note))
           IS DISTINCT FROM (s.occurred_precision, s.note) AS changed
  FROM s_status s
  LEFT JOIN r_mission m ON m.key = s.mission_key
  LEFT JOIN d_tenure t ON t.key = s.tenure_key
  JOIN src ON src.key = coalesce(s.source_key, current_setting('registry.bulk_source'))
  -- the current version with the same natural key, of a mission or of a tenure (two
  -- joins rather than one on nullable columns, so each can use uq_status_change_current)
  LEFT JOIN status_change cm ON cm.kind = s.kind AND cm.mission_id = m.mission_id
       AND cm.tenure_id IS NULL AND cm.occurred_on = s.occurred_on AND upper_inf(cm.recorded)
  LEFT JOIN status_change ct ON ct.kind = s.kind AND ct.tenure_id = t.tenure_id
       AND ct.mission_id IS NULL AND ct.occurred_on = s.occurred_on AND upper_inf(ct.recorded)
 ORDER BY s.kind, m.mission_id, t.tenure_id, s.occurred_on, s.line
"""


# The same change of one mission named by two of its keys must agree (as accreditations).
STATUS_CONFLICTS = """
SELECT line, {shown}, 'contradicts status_changes.csv:' || first_line
       || ', the same ' || kind || ' of the same mission (mission_key '
       || quote_literal(first_key) || ' names it too): ' || {said}, first_line
  FROM (SELECT s.line, s.kind, s.occurred_on, s.occurred_precision, s.note,
               first_value(s.line) OVER w AS first_line,
               first_value(s.mission_key) OVER w AS first_key,
               first_value(s.occurred_precision) OVER w AS first_precision,
               first_value(s.note) OVER w AS first_note
          FROM s_status s
          JOIN r_mission m ON m.key = s.mission_key
        WINDOW w AS (PARTITION BY s.kind, m.mission_id, s.occurred_on ORDER BY s.line)) d
 WHERE {differs}
"""
STATUS_CONFLICT_CHECKS = [
    (
        "status_changes.csv",
        "occurred_on",
        STATUS_CONFLICTS.format(
            shown="occurred_on::text",
            said="'occurred_on to the ' || first_precision || ' there, to the ' "
            "|| occurred_precision || ' here'",
            differs="occurred_precision IS DISTINCT FROM first_precision",
        ),
    ),
    (
        "status_changes.csv",
        "note",
        STATUS_CONFLICTS.format(
            shown="coalesce(note, '')",
            said="'note ' || coalesce(quote_literal(left(first_note, 60)), 'empty') "
            "|| ' there, ' || coalesce(quote_literal(left(note, 60)), 'empty') || ' here'",
            differs="occurred_precision IS NOT DISTINCT FROM first_precision "
            "AND note IS DISTINCT FROM first_note",
        ),
    ),
]


def _two_keys_one_mission(cur: psycopg.Cursor[Any]) -> bool:
    """Whether any mission has two keys in the bundle (only then can two of its rows
    state one accreditation or change differently)."""
    row = cur.execute(
        "SELECT EXISTS (SELECT FROM r_mission GROUP BY mission_id HAVING count(*) > 1)"
    ).fetchone()
    return bool(row and row[0])


def _upsert_status_changes(cur: psycopg.Cursor[Any], report: BulkReport, errors: _Errors) -> None:
    if _two_keys_one_mission(cur):
        _check(cur, STATUS_CONFLICT_CHECKS, errors)
        if errors:
            return
    cur.execute(STATUS_CHANGES)
    counts = report.table("status_change")
    counts.superseded = cur.execute(
        f"UPDATE status_change SET {CLOSE} WHERE id IN "
        "(SELECT current_id FROM d_status WHERE current_id IS NOT NULL AND changed)"
    ).rowcount
    counts.inserted = (
        cur.execute(
            """
            INSERT INTO status_change (kind, occurred_on, occurred_precision, mission_id,
                tenure_id, actor_party_id, actor_authority_id, note, source_id, supersedes_id)
            SELECT d.kind, d.occurred_on, d.occurred_precision, d.mission_id, d.tenure_id,
                   old.actor_party_id, old.actor_authority_id, d.note, d.source_id, d.current_id
              FROM d_status d LEFT JOIN status_change old ON old.id = d.current_id
             WHERE d.current_id IS NULL OR d.changed
            """
        ).rowcount
        - counts.superseded
    )
    counts.unchanged = _count(
        cur, "SELECT count(*) FROM d_status WHERE current_id IS NOT NULL AND NOT changed"
    )


EXTERNAL_IDS = """
CREATE TEMP TABLE d_external ON COMMIT DROP AS
SELECT x.line, x.scheme, x.value, x.subject_kind, x.subject_key,
       CASE WHEN x.subject_kind = 'party' THEN p.id END AS party_id,
       CASE WHEN x.subject_kind = 'city' THEN c.city_id END AS city_id,
       CASE WHEN x.subject_kind = 'mission' THEN m.mission_id END AS mission_id,
       CASE WHEN x.subject_kind = 'person' THEN pe.id END AS person_id,
       s.id AS source_id,
       row_number() OVER (PARTITION BY x.scheme, x.value ORDER BY x.line) AS n
  FROM s_external x
  LEFT JOIN party p ON x.subject_kind = 'party' AND p.code = x.subject_key
  LEFT JOIN city_ref c ON x.subject_kind = 'city' AND c.ref = x.subject_key
  LEFT JOIN (SELECT DISTINCT ON (key) key, mission_id FROM r_mission ORDER BY key, line) m
       ON x.subject_kind = 'mission' AND m.key = x.subject_key
  LEFT JOIN person pe ON x.subject_kind = 'person' AND pe.key = x.subject_key
  JOIN src s ON s.key = coalesce(x.source_key, current_setting('registry.bulk_source'))
"""


def _upsert_external_ids(
    cur: psycopg.Cursor[Any], report: BulkReport, notices: list[Problem]
) -> None:
    """An identifier names one subject: a conflicting one is reported, never re-pointed."""
    cur.execute(EXTERNAL_IDS)
    conflicts = cur.execute(
        """
        SELECT d.line, d.scheme, d.value, d.subject_kind, d.subject_key FROM d_external d
          LEFT JOIN d_external f ON f.scheme = d.scheme AND f.value = d.value AND f.n = 1
          LEFT JOIN external_id x ON x.scheme = d.scheme AND x.value = d.value
         WHERE (d.n > 1 AND (f.party_id, f.city_id, f.mission_id, f.person_id)
                IS DISTINCT FROM (d.party_id, d.city_id, d.mission_id, d.person_id))
            OR (d.n = 1 AND x.id IS NOT NULL AND (x.party_id, x.city_id, x.mission_id, x.person_id)
                IS DISTINCT FROM (d.party_id, d.city_id, d.mission_id, d.person_id))
        """
    ).fetchall()
    for line, scheme, value, kind, key in conflicts:
        notices.append(
            Problem(
                "external_ids.csv",
                line,
                "value",
                value,
                f"{scheme} {value} already identifies another subject; not given to {kind} {key!r}",
            )
        )
    counts = report.table("external_id")
    counts.inserted = cur.execute(
        """
        INSERT INTO external_id (scheme, value, party_id, city_id, mission_id, person_id, source_id)
        SELECT scheme, value, party_id, city_id, mission_id, person_id, source_id
          FROM d_external WHERE n = 1
        ON CONFLICT (scheme, value) DO NOTHING
        """
    ).rowcount
    counts.unchanged = _count(cur, "SELECT count(*) FROM d_external WHERE n = 1") - counts.inserted


def load_bundle(
    conn: psycopg.Connection[Any],
    directory: Path,
    *,
    strict: bool = False,
    progress: Callable[[str, int], None] | None = None,
    locate: Locate | None = None,
) -> BulkReport:
    """Load a bundle directory in one transaction; raise BulkError (nothing written) on
    any error, or under ``strict`` on any unmapped value the bundle reports.

    Called on an idle connection, it commits on success. Called inside a transaction
    the caller has open (any query on a non-autocommit connection opens one), it
    works in a savepoint and the caller commits. ``locate`` (an importer's) turns a
    problem found in the bundle into one naming the importer's own file and line.
    Raises EmptyBundle when no file holds a row, access.CannotWrite for a login
    that may not write, ConnectionLost when the server goes away.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise BulkError([Problem(str(directory), None, "", "", "not a directory", "error")])
    errors = _Errors(locate)
    present = _bundle_files(directory, errors)
    report = BulkReport()
    if UNMAPPED.file in present:
        report.unmapped.extend(read_problems(directory / UNMAPPED.file, errors))
    if errors:
        raise BulkError(errors.items, errors.more)
    if strict:
        refused = [p for p in report.unmapped if p.severity == "unmapped"]
        if refused:
            raise BulkError(refused)
    notices: list[Problem] = []
    committing = False
    try:
        with conn.transaction(), conn.cursor() as cur:
            check_can_write(conn)
            _lock(cur, progress)
            # The heads timeline (revision 0008) once at commit for every mission this
            # load touches, not after each of its statements (tenures, changes...).
            cur.execute("SET LOCAL registry.heads_timeline = 'at commit'")
            cur.execute(STAGING_DDL)
            default_source, staged = _stage(conn, directory, present, errors, progress)
            errors.read_lines = set(errors.lines)
            if not staged and not errors:
                raise _Empty
            if errors.incomplete:
                raise _Abort
            cur.execute(
                "SELECT set_config('registry.bulk_source', %s, true)", (default_source or "",)
            )
            _duplicates(cur, errors, notices)
            _check(cur, CHECKS + _source_checks(), errors)
            if errors:
                raise _Abort
            _step(progress, "sources, parties, cities, people")
            _upsert_reference(cur, report)
            cur.execute(CITY_REF)
            cur.execute("CREATE INDEX ON city_ref (ref)")
            _check(cur, PARTY_CHECKS, errors)
            if errors:
                raise _Abort
            _step(progress, "missions")
            _upsert_missions(cur, report)
            _upsert_accreditations(cur, report, errors)
            if errors:
                raise _Abort
            _step(progress, "tenures")
            _upsert_tenures(cur, report, errors)
            if errors:
                raise _Abort
            _step(progress, "status changes")
            _upsert_status_changes(cur, report, errors)
            if errors:
                raise _Abort
            _upsert_external_ids(cur, report, notices)
            report.unmapped.extend(locate(p) if locate else p for p in notices)
            if strict and any(p.severity == "unmapped" for p in report.unmapped):
                for p in report.unmapped:
                    if p.severity == "unmapped":
                        errors.add_problem(p)
                raise _Abort
            committing = True
    except _Abort:
        raise BulkError(errors.items, errors.more) from None
    except _Empty:
        raise EmptyBundle([Problem(str(directory), None, "", "", _nothing(present))]) from None
    except psycopg.Error as exc:
        if conn.broken or conn.closed:
            raise ConnectionLost(committing, _first_line(exc)) from None
        raise BulkError([Problem("(database)", None, "", "", _refused(exc), "error")]) from None
    return report


def _bundle_files(directory: Path, errors: _Errors) -> set[str]:
    """The bundle's files in ``directory``. Any other CSV file is an error (a misspelt
    name would otherwise be skipped, and its rows with it); a file listed here that
    cannot be read (a broken link, a directory) is one when it is read."""
    try:
        entries = sorted(os.listdir(directory))
    except OSError as exc:
        errors.add(str(directory), None, "", "", f"cannot read it ({exc.strerror or exc})")
        return set()
    present: set[str] = set()
    for entry in entries:
        if entry in BUNDLE_FILES:
            present.add(entry)
        elif entry.lower().endswith(".csv"):
            errors.add(
                entry,
                None,
                "",
                "",
                f"not a bundle file{did_you_mean(entry, BUNDLE_FILES)}; a bundle's files are "
                f"{', '.join(BUNDLE_FILES)}",
            )
            errors.incomplete = True
    return present


def _nothing(present: set[str]) -> str:
    files = [f for f in BUNDLE_FILES if f in present and f != UNMAPPED.file]
    if not files:
        return f"nothing to import: no bundle files ({', '.join(BUNDLE_FILES[:-1])})"
    return f"nothing to import: {', '.join(files)} hold no rows"


def _lock(cur: psycopg.Cursor[Any], progress: Progress | None) -> None:
    """One load at a time (imports and `registry load`): a second waits its turn, and
    then sees what the first wrote."""
    row = cur.execute("SELECT pg_try_advisory_xact_lock(%s)", (LOAD_LOCK_ID,)).fetchone()
    if not (row and row[0]):
        _step(progress, "waiting for another import or load to finish")
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOAD_LOCK_ID,))


class _Empty(Exception):
    """Leave the transaction block: no row in any file."""


class _Abort(Exception):
    """Leave the transaction block (rolling back) to raise the collected errors."""


def _source_checks() -> list[tuple[str, str, str]]:
    return [
        (
            file,
            "source_key",
            f"SELECT line, source_key, coalesce('unknown source ' || quote_literal(source_key), "
            f"'no source_key, and no sources.csv whose first source rows cite by default') "
            f"FROM {table} t WHERE source_key IS NOT NULL "
            f"AND NOT EXISTS (SELECT FROM source s WHERE s.key = t.source_key) "
            f"AND NOT EXISTS (SELECT FROM s_source s WHERE s.key = t.source_key) "
            f"OR source_key IS NULL AND current_setting('registry.bulk_source') = ''",
        )
        for file, table in _SOURCE_REFS
    ]


def _step(progress: Progress | None, name: str) -> None:
    if progress:
        progress(name, 0)


def _first_line(exc: BaseException) -> str:
    from registry.db import mask_text

    lines = str(exc).strip().splitlines()
    return mask_text(lines[0]) if lines else type(exc).__name__


def _refused(exc: psycopg.Error) -> str:
    diag = exc.diag
    first = str(exc).splitlines()[0]
    detail = f" ({diag.message_detail})" if diag.message_detail else ""
    return f"the database refused the facts: {first}{detail}"
