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
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from registry.dates import PartialDate
from registry.loader import LOAD_LOCK_ID
from registry.names import fold

Progress = Callable[[str, int], None]
MAX_ERRORS = 500  # enough to fix a file by; the rest are counted
PROGRESS_EVERY = 10_000
SEVERITIES = ("unmapped", "notice")


@dataclass(frozen=True)
class Problem:
    """A value that could not be used, where it was, and why.

    ``severity`` is ``unmapped`` (a value the mapping does not know: an error
    under --strict) or ``notice`` (a documented adjustment, e.g. an inferred seat).
    """

    file: str
    line: int | None
    field: str
    value: str
    message: str
    severity: str = "unmapped"

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


# --- the bundle's files ----------------------------------------------------------------

# Column kinds: req (non-empty text), text (empty = NULL), date (partial date -> two
# staged columns, value and precision), bool (empty = default), fold (text plus its
# folded search key), opt (an optional column, text).


@dataclass(frozen=True)
class Spec:
    file: str
    table: str
    columns: tuple[tuple[str, str], ...]

    def staged(self) -> list[str]:
        out = ["line"]
        for name, kind in self.columns:
            kind = kind.rstrip("!")
            if kind == "date":
                out += [name, name.replace("_on", "") + "_precision"]
            elif kind == "fold":
                out += [name, name + "_search"]
            else:
                out.append(name)
        return out


SPECS = (
    Spec(
        "sources.csv",
        "s_source",
        (
            ("key", "req"),
            ("title", "req"),
            ("publisher", "req"),
            ("url", "text"),
            ("published_on", "date!"),
            ("note", "opt"),
        ),
    ),
    Spec(
        "parties.csv",
        "s_party",
        (
            ("code", "req"),
            ("name", "fold!"),
            ("kind", "req"),
            ("source_key", "opt"),
        ),
    ),
    Spec(
        "cities.csv",
        "s_city",
        (
            ("party_code", "req"),
            ("key", "req"),
            ("name", "fold!"),
            ("aliases", "opt"),
            ("source_key", "opt"),
        ),
    ),
    Spec(
        "people.csv",
        "s_person",
        (("key", "req"), ("name", "fold!"), ("description", "text"), ("source_key", "opt")),
    ),
    Spec(
        "missions.csv",
        "s_mission",
        (
            ("key", "req"),
            ("sending_code", "req"),
            ("host_code", "req"),
            ("city_key", "text"),
            ("kind", "req"),
            ("seat_inferred", "bool"),
            ("source_key", "text"),
            ("listed_as", "opt"),
            ("organisation_code", "opt"),
        ),
    ),
    Spec(
        "accreditations.csv",
        "s_accreditation",
        (
            ("mission_key", "req"),
            ("party_code", "req"),
            ("resident", "bool"),
            ("source_key", "text"),
        ),
    ),
    Spec(
        "tenures.csv",
        "s_tenure",
        (
            ("key", "req"),
            ("mission_key", "req"),
            ("person_key", "text"),
            ("rank_code", "req"),
            ("started_on", "date!"),
            ("ended_on", "date"),
            ("credentials_on", "date"),
            ("note", "text"),
            ("source_key", "text"),
            ("resident_city_key", "text"),
        ),
    ),
    Spec(
        "status_changes.csv",
        "s_status",
        (
            ("mission_key", "text"),
            ("tenure_key", "text"),
            ("kind", "req"),
            ("occurred_on", "date!"),
            ("note", "text"),
            ("source_key", "text"),
        ),
    ),
    Spec(
        "external_ids.csv",
        "s_external",
        (
            ("scheme", "req"),
            ("value", "req"),
            ("subject_kind", "req"),
            ("subject_key", "req"),
            ("source_key", "opt"),
        ),
    ),
)

STAGING_DDL = """
CREATE TEMP TABLE s_source (line int, key text, title text, publisher text, url text,
    published_on date, published_precision text, note text) ON COMMIT DROP;
CREATE TEMP TABLE s_party (line int, code text, name text, name_search text, kind text,
    source_key text) ON COMMIT DROP;
CREATE TEMP TABLE s_city (line int, party_code text, key text, name text, name_search text,
    aliases text, source_key text) ON COMMIT DROP;
CREATE TEMP TABLE s_city_alias (line int, party_code text, key text, alias text,
    search_key text) ON COMMIT DROP;
CREATE TEMP TABLE s_person (line int, key text, name text, name_search text,
    description text, source_key text) ON COMMIT DROP;
CREATE TEMP TABLE s_mission (line int, key text, sending_code text, host_code text,
    city_key text, kind text, seat_inferred boolean, source_key text, listed_as text,
    organisation_code text) ON COMMIT DROP;
CREATE TEMP TABLE s_accreditation (line int, mission_key text, party_code text,
    resident boolean, source_key text) ON COMMIT DROP;
CREATE TEMP TABLE s_tenure (line int, key text, mission_key text, person_key text,
    rank_code text, started_on date, started_precision text, ended_on date,
    ended_precision text, credentials_on date, credentials_precision text, note text,
    source_key text, resident_city_key text) ON COMMIT DROP;
CREATE TEMP TABLE s_status (line int, mission_key text, tenure_key text, kind text,
    occurred_on date, occurred_precision text, note text, source_key text) ON COMMIT DROP;
CREATE TEMP TABLE s_external (line int, scheme text, value text, subject_kind text,
    subject_key text, source_key text) ON COMMIT DROP;
"""

_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}
_BOOL_DEFAULTS = {"seat_inferred": False, "resident": True}


class _Errors:
    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.more = 0

    def add(self, file: str, line: int | None, fieldname: str, value: str, message: str) -> None:
        if len(self.items) < MAX_ERRORS:
            self.items.append(Problem(file, line, fieldname, value, message, "error"))
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.items)


def _rows(path: Path, spec: Spec, errors: _Errors) -> Iterator[tuple[Any, ...]]:
    """Stream a file's records as staged tuples, checking each field on the way."""
    name = path.name
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            return
        known = {n for n, _ in spec.columns}
        for column in header:
            if column not in known:
                errors.add(name, 1, column, column, f"unknown column {column!r}")
        for column, kind in spec.columns:
            if column not in header and kind not in ("opt", "bool"):
                errors.add(name, 1, column, "", f"missing column {column!r}")
        if errors:
            return
        where = {column: header.index(column) for column in known if column in header}
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                errors.add(name, line, "", "", f"{len(record)} fields, header has {len(header)}")
                continue
            out: list[Any] = [line]
            for column, kind in spec.columns:
                raw = record[where[column]].strip() if column in where else ""
                required = kind.endswith("!") or kind == "req"
                kind = kind.rstrip("!")
                if required and not raw:
                    errors.add(name, line, column, raw, "required")
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
                        out.append(_BOOL_DEFAULTS[column])
                    else:
                        errors.add(name, line, column, raw, "not a boolean: use true or false")
                        out.append(None)
                elif kind == "fold":
                    out += [raw, fold(raw)]
                else:
                    out.append(raw or None)
            yield tuple(out)


def _stage(
    conn: psycopg.Connection[Any],
    directory: Path,
    errors: _Errors,
    progress: Progress | None,
) -> str | None:
    """COPY every file present into its staging table; return the default source key."""
    default_source: str | None = None
    aliases: list[tuple[Any, ...]] = []
    with conn.cursor() as cur:
        for spec in SPECS:
            path = directory / spec.file
            if not path.exists():
                continue
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
    return default_source


def read_problems(path: Path) -> Iterator[Problem]:
    """unmapped.csv: what the bundle's producer could not map (file,line,field,value,
    message[,severity])."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            line = row.get("line") or ""
            yield Problem(
                row.get("file") or "",
                int(line) if line.isdigit() else None,
                row.get("field") or "",
                row.get("value") or "",
                row.get("message") or "",
                row.get("severity") or "unmapped",
            )


# --- checks and upserts, set-wise --------------------------------------------------------

# Each check: (file, field, SQL returning (line, value, message)). All run before any write.
_SOURCE_REFS = [
    (spec.file, spec.table) for spec in SPECS if any(c == "source_key" for c, _ in spec.columns)
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
        "key",
        "SELECT line, key, 'duplicate mission key ' || quote_literal(key) FROM "
        "(SELECT line, key, row_number() OVER (PARTITION BY key ORDER BY line) n FROM s_mission) d "
        "WHERE n > 1",
    ),
    (
        "missions.csv",
        "kind",
        "SELECT line, kind, 'unknown mission kind ' || quote_literal(kind) FROM s_mission m "
        "WHERE NOT EXISTS (SELECT FROM mission_kind k WHERE k.code = m.kind)",
    ),
    (
        "tenures.csv",
        "key",
        "SELECT line, key, 'duplicate tenure key ' || quote_literal(key) FROM "
        "(SELECT line, key, row_number() OVER (PARTITION BY key ORDER BY line) n FROM s_tenure) d "
        "WHERE n > 1",
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
    for file, fieldname, sql in checks:
        for line, value, message in cur.execute(sql):
            errors.add(file, line, fieldname, value or "", message)


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


def _upsert_accreditations(cur: psycopg.Cursor[Any], report: BulkReport) -> None:
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
       'overlaps the tenure on line ' || prev_line || ' (same mission): one head at a time'
  FROM (SELECT line, key, valid,
               lag(line) OVER w AS prev_line,
               max(coalesce(upper(valid), 'infinity')) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING
                   AND 1 PRECEDING) AS max_end
          FROM d_tenure WINDOW w AS (PARTITION BY mission_id ORDER BY lower(valid), line)) o
 WHERE max_end > lower(valid)
UNION ALL
SELECT d.line, d.key, 'overlaps a tenure already in the registry (' || coalesce(p.name, 'unnamed')
       || ', ' || t.valid::text || '): one head at a time'
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
                " || lower(valid) || ' (the other on line ' || first || ')' FROM ("
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


def _upsert_status_changes(cur: psycopg.Cursor[Any], report: BulkReport) -> None:
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


def _upsert_external_ids(cur: psycopg.Cursor[Any], report: BulkReport) -> None:
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
        report.unmapped.append(
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
) -> BulkReport:
    """Load a bundle directory in one transaction; raise BulkError (nothing written) on
    any error, or under ``strict`` on any unmapped value the bundle reports.

    Called on an idle connection, it commits on success. Called inside a transaction
    the caller has open (any query on a non-autocommit connection opens one), it
    works in a savepoint and the caller commits.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise BulkError([Problem(str(directory), None, "", "", "not a directory", "error")])
    report = BulkReport()
    unmapped_file = directory / "unmapped.csv"
    if unmapped_file.exists():
        report.unmapped.extend(read_problems(unmapped_file))
    if strict:
        refused = [p for p in report.unmapped if p.severity == "unmapped"]
        if refused:
            raise BulkError(refused)
    errors = _Errors()
    try:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOAD_LOCK_ID,))
            # The heads timeline (revision 0008) once at commit for every mission this
            # load touches, not after each of its statements (tenures, changes...).
            cur.execute("SET LOCAL registry.heads_timeline = 'at commit'")
            cur.execute(STAGING_DDL)
            default_source = _stage(conn, directory, errors, progress)
            cur.execute(
                "SELECT set_config('registry.bulk_source', %s, true)", (default_source or "",)
            )
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
            _upsert_accreditations(cur, report)
            _step(progress, "tenures")
            _upsert_tenures(cur, report, errors)
            if errors:
                raise _Abort
            _step(progress, "status changes")
            _upsert_status_changes(cur, report)
            _upsert_external_ids(cur, report)
            if strict and any(p.severity == "unmapped" for p in report.unmapped):
                for p in report.unmapped:
                    if p.severity == "unmapped":
                        errors.add(p.file, p.line, p.field, p.value, p.message)
                raise _Abort
    except _Abort:
        raise BulkError(errors.items, errors.more) from None
    except (psycopg.errors.IntegrityError, psycopg.errors.DataError) as exc:
        raise BulkError([Problem("(database)", None, "", "", _refused(exc), "error")]) from None
    return report


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


def _refused(exc: psycopg.Error) -> str:
    diag = exc.diag
    first = str(exc).splitlines()[0]
    detail = f" ({diag.message_detail})" if diag.message_detail else ""
    return f"the database refused the facts: {first}{detail}"
