"""Seed files -> validated facts -> one transaction of upserts.

Everything is checked before anything is written: YAML syntax, each field
(pydantic), then every reference (ranks, parties, cities, people, sources...).
All problems are reported together, each with file, line and field. Then the
facts are written in one transaction under an advisory lock, upserting by
natural keys, so a second run reports everything unchanged. Facts absent from
the files are never deleted: the registry only grows (or is corrected).
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import URL, Connection, Table, create_engine, insert, select, text, update
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.pool import NullPool

from registry import complete_lists, history, models, world
from registry.access import check_can_write
from registry.dates import show
from registry.names import did_you_mean, fold, mixed_scripts, slug
from registry.seedfile import MAX_BYTES, ChangeIn, HeadIn, MissionIn, SeedFile, parse_yaml
from registry.world_load import load_world

LOAD_LOCK_ID = 0x72656761  # "rega": one loader at a time
ISO_SOURCE = "iso-3166"
REFERENCE_SOURCE = "registry-reference"

Path_ = tuple[str | int, ...]  # a field's path in a file: ("missions", 3, "heads", 0)


@dataclass(frozen=True)
class SeedError:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [p for p in (where, self.field, self.message) if p]  # no file: a directory's
        return ": ".join(parts)


class LoadError(Exception):
    def __init__(self, errors: Sequence[SeedError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = list(errors)


@dataclass
class Report:
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    # Loaded, but worth a look: a name whose letters mix scripts (a Cyrillic "е" in a
    # Latin name makes another person, since it folds to another key).
    warnings: list[SeedError] = field(default_factory=list)

    def add(self, table: str, outcome: str) -> None:
        self.counts.setdefault(table, Counter())[outcome] += 1

    def total_of(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.total_of("inserted") or self.total_of("updated"))


# --- reading -------------------------------------------------------------------------


@dataclass
class ParsedFile:
    path: Path
    display: str
    content: SeedFile
    lines: dict[Path_, int]

    def line(self, loc: Path_) -> int | None:
        """Line of the deepest known node on the path (a missing field: its parent)."""
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.lines:
                return self.lines[loc[:cut]]
        return None


def _field(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = part if len(part) <= 60 else part[:60] + "..."  # a hostile key
            out += f".{name}" if out else name
    return out


SEED_SUFFIXES = (".yaml", ".yml")


def seed_files(paths: Iterable[Path]) -> tuple[list[Path], list[SeedError]]:
    """The files to read: each path given, and every *.yaml / *.yml under each
    directory given. A link to a directory is not followed (it may loop, or lead
    out of the tree); it is named, never skipped in silence. A file reached twice
    (a directory and a file in it) is read once."""
    files: list[Path] = []
    errors: list[SeedError] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = _walk(path, errors)
        if not found:
            errors.append(
                SeedError("", None, "", f"no seed files in {_display(path)} (*.yaml or *.yml)")
            )
        files.extend(found)
    seen: set[Path] = set()
    unique: list[Path] = []
    for f in files:
        real = Path(os.path.realpath(f))
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique, errors


def _walk(directory: Path, errors: list[SeedError]) -> list[Path]:
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        where = _display(Path(exc.filename)) if exc.filename else _display(directory)
        errors.append(SeedError(where, None, "", f"cannot read: {exc.strerror or exc}"))

    for root, dirs, names in os.walk(directory, onerror=unreadable, followlinks=False):
        here = Path(root)
        for name in sorted(dirs):
            sub = here / name
            if sub.is_symlink():
                errors.append(
                    SeedError(
                        _display(sub),
                        None,
                        "",
                        f"a link to the directory {os.readlink(sub)!r}: not followed "
                        "(give that directory itself to load it)",
                    )
                )
        found.extend(here / n for n in names if Path(n).suffix in SEED_SUFFIXES)
    return sorted(found)


def _display(path: Path) -> str:
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read_text(path: Path, display: str) -> tuple[str | None, SeedError | None]:
    """The file's text, or why it cannot be a seed file: not a regular file (a FIFO,
    /dev/zero), too large, or not UTF-8 (with the line of the first bad byte)."""

    def refused(message: str, line: int | None = None) -> tuple[None, SeedError]:
        return None, SeedError(display, line, "", message)

    try:
        info = path.stat()
    except OSError as exc:
        return refused(f"cannot read: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return refused("not a regular file")
    if info.st_size > MAX_BYTES:
        return refused(
            f"is {info.st_size / 2**20:,.1f} MB; a seed file may be at most {MAX_BYTES // 2**20} MB"
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the file may have grown since stat()
    except OSError as exc:
        return refused(f"cannot read: {exc.strerror or exc}")
    if len(raw) > MAX_BYTES:
        return refused(f"is more than {MAX_BYTES // 2**20} MB; a seed file may be at most that")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = " (is this a binary file?)" if b"\x00" in raw[:8192] else ""
        return refused(
            f"not UTF-8 text: byte 0x{raw[exc.start]:02X} at column {column}{hint}", line
        )


def read(paths: Iterable[Path]) -> tuple[list[ParsedFile], list[SeedError]]:
    files, errors = seed_files(paths)
    parsed: list[ParsedFile] = []
    for path in files:
        display = _display(path)
        raw, error = _read_text(path, display)
        if raw is None:
            assert error is not None
            errors.append(error)
            continue
        data, lines, problems = parse_yaml(raw)
        holder = ParsedFile(path, display, SeedFile(), lines)
        if problems:
            for problem in problems:
                line = problem.line or (holder.line(problem.loc) if problem.loc else None)
                errors.append(SeedError(display, line, _field(problem.loc), problem.message))
            continue
        if data is None:
            errors.append(SeedError(display, None, "", f"empty file: {NOTHING_TO_LOAD}"))
            continue
        if not isinstance(data, dict):
            errors.append(SeedError(display, 1, "", "a seed file must be a mapping of lists"))
            continue
        try:
            content = SeedFile.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                message = err["msg"].removeprefix("Value error, ")
                if err["type"] == "extra_forbidden":
                    message = "unknown field"
                elif err["type"].endswith("_type") and isinstance(err["input"], bool):
                    # NO (Norway), yes, on, off: YAML 1.1's booleans
                    message = f"YAML reads this as {str(err['input']).lower()}: quote it"
                errors.append(SeedError(display, holder.line(loc), _field(loc), message))
            continue
        if not any(getattr(content, group) for group in GROUPS):
            errors.append(SeedError(display, 1, "", NOTHING_TO_LOAD))
            continue
        parsed.append(ParsedFile(path, display, content, lines))
    return parsed, errors


GROUPS = ("sources", "parties", "cities", "authorities", "people", "missions", "complete_lists")
NOTHING_TO_LOAD = "no facts to load (a seed file holds one or more of: " + ", ".join(GROUPS) + ")"


# --- resolving references ----------------------------------------------------------


MissionKey = tuple[str, str, str | None, str]  # sending, host, folded city, kind


@dataclass
class _FileHead:
    file: ParsedFile
    loc: Path_
    period: Range[dt.date]


class Resolver:
    """Knows every name a seed may refer to: what the database already holds plus
    what the files being loaded define. Collects errors instead of raising."""

    def __init__(self, conn: Connection, files: list[ParsedFile]) -> None:
        self.conn = conn
        self.errors: list[SeedError] = []
        self.warnings: list[SeedError] = []

        def scalars(sql: str) -> set[str]:
            return {row[0] for row in conn.execute(text(sql))}

        self.ranks = scalars("SELECT code FROM rank")
        self.kinds = scalars("SELECT code FROM mission_kind")
        self.change_kinds = {
            r[0]: r[1]
            for r in conn.execute(text("SELECT code, applies_to FROM status_change_kind"))
        }
        self.sources = scalars("SELECT key FROM source")
        self.authorities = scalars("SELECT key FROM authority")
        self.people = scalars("SELECT key FROM person")
        self.parties = scalars("SELECT code FROM party")
        self.cities: dict[str, set[str]] = {}  # folded name -> country codes
        for name, country in conn.execute(
            text("SELECT c.search_key, p.code FROM city c JOIN party p ON p.id = c.party_id")
        ):
            self.cities.setdefault(name, set()).add(country)
        for f in files:
            c = f.content
            self.sources |= {s.key for s in c.sources}
            self.parties |= {p.code for p in c.parties}
            self.authorities |= {a.key for a in c.authorities}
            self.people |= {p.key for p in c.people}
            for city in c.cities:
                self.cities.setdefault(fold(city.name), set()).add(city.country.upper())
        # The ISO 3166 states the loader adds when missing, citing the ISO source.
        self.iso = dict(iso_states())
        if ISO_SOURCE in self.sources:
            self.parties |= set(self.iso) | {code for code, _ in historic_states()}
            self.parties -= set(world.former_codes())
            self.parties |= set(world.reference_parties())
        # What this load defines, by natural key: a second definition is an error.
        self._defined: dict[tuple[Any, ...], tuple[ParsedFile, Path_]] = {}
        self._heads: dict[MissionKey, list[_FileHead]] = {}

    def check(
        self, f: ParsedFile, loc: Path_, value: str | None, known: Iterable[str], what: str
    ) -> None:
        if value is not None and value not in known:
            hint = did_you_mean(value, known)
            if what == "party" and value in self.iso:
                hint = (
                    f" (ISO 3166 states need the source {ISO_SOURCE!r}: "
                    "load the bundled seeds first, `registry load`)"
                )
            self.errors.append(
                SeedError(f.display, f.line(loc), _field(loc), f"unknown {what} {value!r}{hint}")
            )

    def fail(self, f: ParsedFile, loc: Path_, message: str) -> None:
        self.errors.append(SeedError(f.display, f.line(loc), _field(loc), message))

    def scripts(self, f: ParsedFile) -> None:
        """Warn of every name and alias in the file whose letters mix scripts."""
        c = f.content
        named: list[tuple[Path_, str]] = []
        for group in ("parties", "cities", "authorities", "people"):
            for i, item in enumerate(getattr(c, group)):
                named.append(((group, i, "name"), item.name))
                for j, alias in enumerate(getattr(item, "aliases", [])):
                    named.append(((group, i, "aliases", j), getattr(alias, "name", alias)))
        for loc, name in named:
            odd = mixed_scripts(name)
            if odd:
                self.warnings.append(SeedError(f.display, f.line(loc), _field(loc), odd))

    def once(self, f: ParsedFile, loc: Path_, key: tuple[Any, ...], what: str) -> bool:
        """Note that ``loc`` defines ``key``; if something in this load already did,
        say where (its second definition would silently replace the first)."""
        first = self._defined.setdefault(key, (f, loc))
        if first[0] is f and first[1] == loc:
            return True
        other, other_loc = first
        line = other.line(other_loc)
        where = f"line {line}" if other is f else f"{other.display}:{line}"
        self.fail(f, loc, f"the same {what} as {_field(other_loc)} at {where}")
        return False

    def city_country(self, f: ParsedFile, loc: Path_, m: MissionIn) -> str | None:
        if m.city is None:
            if m.country is None:
                self.fail(f, loc, "a mission needs a city or a country")
            return m.country
        countries = self.cities.get(fold(m.city), set())
        if m.country:
            countries &= {m.country}
        if not countries:
            known = {k for k in self.cities}
            self.fail(
                f,
                (*loc, "city"),
                f"unknown city {m.city!r}{did_you_mean(fold(m.city), known)}",
            )
            return None
        if len(countries) > 1:
            self.fail(f, (*loc, "city"), f"city {m.city!r} is in {sorted(countries)}: add country")
            return None
        return next(iter(countries))

    def validate(self, files: list[ParsedFile]) -> None:
        for f in files:
            self.scripts(f)
            c = f.content
            self.check(f, ("source",), c.source, self.sources, "source")
            for i, s in enumerate(c.sources):
                self.once(f, ("sources", i), ("source", s.key), f"source {s.key!r}")
            for i, p in enumerate(c.parties):
                loc = ("parties", i)
                self.once(f, loc, ("party", p.code), f"party {p.code!r}")
                self.check(f, (*loc, "source"), p.source, self.sources, "source")
                if p.code in self.iso:
                    if p.kind not in (None, "state"):
                        self.fail(
                            f,
                            (*loc, "kind"),
                            f"{p.code!r} is an ISO 3166-1 code, a state, not a {p.kind!r}",
                        )
                elif p.kind not in (None, *models.PARTY_KINDS):
                    self.fail(f, (*loc, "kind"), f"unknown party kind {p.kind!r}")
                self._unique_aliases(f, loc, p.aliases)
            for i, city in enumerate(c.cities):
                loc = ("cities", i)
                country = city.country.upper()
                self.check(f, (*loc, "country"), country, self.parties, "party")
                if not slug(city.name):
                    self.fail(
                        f,
                        (*loc, "name"),
                        f"{city.name!r} folds to an empty key: the registry could not tell "
                        "this city from another",
                    )
                else:
                    self.once(
                        f,
                        loc,
                        ("city", country, slug(city.name)),
                        f"city {city.name!r} ({country})",
                    )
                self._unique_aliases(f, loc, [a.name for a in city.aliases])
                for j, alias in enumerate(city.aliases):
                    start, end = alias.from_, alias.until
                    if start and end and end.first_day <= start.first_day:
                        self.fail(f, (*loc, "aliases", j, "until"), "ends before it starts")
            for i, a in enumerate(c.authorities):
                loc = ("authorities", i)
                self.once(f, loc, ("authority", a.key), f"authority {a.key!r}")
                self.check(f, (*loc, "party"), a.party, self.parties, "party")
                if a.until and a.until.first_day <= a.from_.first_day:
                    self.fail(f, (*loc, "until"), "ends before it starts")
            for i, person in enumerate(c.people):
                loc = ("people", i)
                self.once(f, loc, ("person", person.key), f"person {person.key!r}")
                self._unique_aliases(f, loc, person.aliases)
            for i, m in enumerate(c.missions):
                self._validate_mission(f, ("missions", i), m)
            complete_lists.validate(self, f)
            for group in ("parties", "cities", "authorities", "people", "missions"):
                for i, item in enumerate(getattr(c, group)):
                    if getattr(item, "source", None) is None and c.source is None:
                        self.fail(
                            f, (group, i), "no source: give 'source' here or at the top of the file"
                        )
                    elif group in ("cities", "authorities", "people"):  # parties, missions: above
                        self.check(f, (group, i, "source"), item.source, self.sources, "source")
        self._check_heads_in_database()

    def _unique_aliases(self, f: ParsedFile, loc: Path_, aliases: list[str]) -> None:
        for j, alias in enumerate(aliases):
            self.once(f, (*loc, "aliases", j), ("alias", f.display, loc, alias), f"alias {alias!r}")

    def _validate_change(self, f: ParsedFile, loc: Path_, ch: ChangeIn, applies_to: str) -> None:
        if ch.change not in self.change_kinds:
            self.check(f, (*loc, "change"), ch.change, self.change_kinds, "change")
        elif self.change_kinds[ch.change] != applies_to:
            self.fail(
                f,
                (*loc, "change"),
                f"{ch.change!r} is a change of a "
                f"{self.change_kinds[ch.change]}, not of a {applies_to}",
            )
        self.check(f, (*loc, "actor"), ch.actor, self.parties, "party")
        self.check(f, (*loc, "authority"), ch.authority, self.authorities, "authority")
        self.check(f, (*loc, "source"), ch.source, self.sources, "source")
        # The registry keeps one change of a kind a day for a subject: a second one
        # (another note, another actor) would replace the first.
        self.once(
            f,
            loc,
            ("change", f.display, loc[:-2], ch.change, ch.date.first_day),
            f"change ({ch.change!r} on {ch.date})",
        )

    def _validate_mission(self, f: ParsedFile, loc: Path_, m: MissionIn) -> None:
        self.check(f, (*loc, "sending"), m.sending, self.parties, "party")
        self.check(f, (*loc, "kind"), m.kind, self.kinds, "mission kind")
        self.check(f, (*loc, "country"), m.country, self.parties, "party")
        self.check(f, (*loc, "source"), m.source, self.sources, "source")
        host = self.city_country(f, loc, m)
        key: MissionKey | None = None
        if host is not None:
            key = (m.sending, host, fold(m.city) if m.city else None, m.kind)
            if not self.once(f, loc, ("mission", *key), "mission"):
                key = None
        for j, acc in enumerate(m.accredited_to):
            self.check(f, (*loc, "accredited_to", j), acc.party, self.parties, "party")
            self.once(
                f,
                (*loc, "accredited_to", j),
                ("accreditation", f.display, loc, acc.party),
                f"accreditation to {acc.party!r}",
            )
        for j, ch in enumerate(m.status):
            self._validate_change(f, (*loc, "status", j), ch, "mission")
        periods: list[tuple[int, Range[dt.date]]] = []
        for j, head in enumerate(m.heads):
            hloc = (*loc, "heads", j)
            self.check(f, (*hloc, "rank"), head.rank, self.ranks, "rank")
            self.check(f, (*hloc, "person"), head.person, self.people, "person")
            self.check(f, (*hloc, "source"), head.source, self.sources, "source")
            for k, ch in enumerate(head.changes):
                self._validate_change(f, (*hloc, "changes", k), ch, "tenure")
            if head.credentials:
                self.check(
                    f,
                    (*hloc, "credentials", "to"),
                    head.credentials.to,
                    self.authorities,
                    "authority",
                )
            if (head.from_ is None) == (head.attested is None):
                self.fail(
                    f,
                    hloc,
                    "give exactly one of 'from' (start known) or 'attested' (start unknown)",
                )
                continue
            problems = head_problems(head)
            for where, message in problems:
                self.fail(f, (*hloc, *where), message)
            if any(where == ("until",) for where, _ in problems):
                continue
            period = tenure_period(head)
            for other_index, other in periods:
                if period.overlaps(other):
                    self.fail(
                        f,
                        hloc,
                        f"overlaps heads[{other_index}] of the same mission: one head at a time",
                    )
            periods.append((j, period))
            if key is not None:
                self._heads.setdefault(key, []).append(_FileHead(f, hloc, period))

    def _check_heads_in_database(self) -> None:
        """A head must not overlap one the database holds for the same mission, unless
        it is that head's new version (the same start): found here, with the file's
        line, rather than as the exclusion constraint's error at the end."""
        if not self._heads:
            return
        rows = self.conn.execute(
            text(
                """
                SELECT sp.code, hp.code, c.search_key, m.kind, t.id, t.valid, t.rank_code,
                       pe.name, t.start_precision, t.attested_precision, t.end_precision
                  FROM tenure t
                  JOIN mission m ON m.id = t.mission_id
                  JOIN party sp ON sp.id = m.sending_party_id
                  JOIN party hp ON hp.id = m.host_party_id
                  LEFT JOIN city c ON c.id = m.city_id
                  LEFT JOIN person pe ON pe.id = t.person_id
                 WHERE upper_inf(t.recorded) AND m.organisation_id IS NULL
                   AND sp.code = ANY(:sending)
                """
            ),
            {"sending": sorted({key[0] for key in self._heads})},
        )
        held: dict[MissionKey, list[Any]] = {}
        for row in rows:
            held.setdefault((row[0], row[1], row[2], row[3]), []).append(row)
        for key, heads in self._heads.items():
            replaced = {h.period.lower for h in heads}
            for row in held.get(key, []):
                # A plain query: psycopg's range, not SQLAlchemy's.
                valid = Range(row[5].lower, row[5].upper, bounds=row[5].bounds)
                if valid.lower in replaced:
                    continue
                for h in heads:
                    if h.period.overlaps(valid):
                        self.fail(
                            h.file,
                            h.loc,
                            "overlaps another head of the same mission already in the "
                            f"database: {_held_head(row)}",
                        )


def _held_head(row: Any) -> str:
    """Tenure 12: (name not reported), ambassador-e-p, attested 2024-09, no end."""
    valid: Range[dt.date] = row[5]
    start = (
        f"from {show(valid.lower, row[8])}" if row[8] else f"attested {show(valid.lower, row[9])}"
    )
    end = f"until {show(valid.upper, row[10])}" if valid.upper else "no end"
    return f"tenure {row[4]}, {row[7] or '(name not reported)'}, {row[6]}, {start}, {end}"


def head_problems(head: HeadIn) -> list[tuple[tuple[str, ...], str]]:
    """What is wrong with a head's dates, as (field path, message): shared by the
    loader and `registry record`. The head has exactly one of from/attested."""
    start = head.from_ or head.attested
    assert start is not None
    if head.until and head.until.first_day <= start.first_day:
        return [(("until",), f"ends ({head.until}) before it starts ({start})")]
    cred = head.credentials
    if cred and cred.date and head.from_ and cred.date.first_day < head.from_.first_day:
        return [(("credentials", "date"), "credentials presented before the appointment")]
    return []


def tenure_period(head: HeadIn) -> Range[dt.date]:
    start = head.from_ or head.attested
    assert start is not None
    return Range(start.first_day, head.until.first_day if head.until else None, bounds="[)")


def iso_states() -> list[tuple[str, Any]]:
    import pycountry

    return [(c.alpha_2, c) for c in pycountry.countries]


def historic_states() -> list[tuple[str, Any]]:
    import pycountry

    return [(c.alpha_4, c) for c in pycountry.historic_countries]


# --- writing -------------------------------------------------------------------------


class Writer:
    """Upserts rows by natural key, table by table, counting what changed."""

    def __init__(self, conn: Connection, report: Report) -> None:
        self.conn = conn
        self.report = report
        self._existing: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}

    def rows(
        self, table: Table, key: Callable[[dict[str, Any]], tuple[Any, ...]]
    ) -> dict[tuple[Any, ...], dict[str, Any]]:
        if table.name not in self._existing:
            query = select(table)
            if history.is_versioned(table):
                query = query.where(history.current(table))
            rows = self.conn.execute(query).mappings()
            self._existing[table.name] = {key(dict(r)): dict(r) for r in rows}
        return self._existing[table.name]

    def sync(
        self, table: Table, key: Callable[[dict[str, Any]], tuple[Any, ...]], values: dict[str, Any]
    ) -> Any:
        existing = self.rows(table, key)
        k = key(values)
        row = existing.get(k)
        pk = next(iter(table.primary_key.columns))
        if row is None:
            new_id = self.conn.execute(insert(table).values(values).returning(pk)).scalar_one()
            existing[k] = {**values, pk.name: new_id}
            self.report.add(table.name, "inserted")
            return new_id
        changed = {c: v for c, v in values.items() if row.get(c) != v}
        if changed and history.is_versioned(table):
            # Facts are append-only: the file's version supersedes the current one.
            new_id = history.supersede(self.conn, table, row[pk.name], changed)
            row.update(changed | {pk.name: new_id})
            if table.name == "tenure":
                self._existing.pop("status_change", None)  # its events moved with it
            self.report.add(table.name, "updated")
        elif changed:
            self.conn.execute(update(table).where(pk == row[pk.name]).values(changed))
            row.update(changed)
            self.report.add(table.name, "updated")
        else:
            self.report.add(table.name, "unchanged")
        return row[pk.name]


def _by(*cols: str) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    return lambda row: tuple(row.get(c) for c in cols)


T = models.Base.metadata.tables


class Loader:
    def __init__(self, conn: Connection, report: Report) -> None:
        self.w = Writer(conn, report)
        self.conn = conn
        self.source_ids: dict[str, int] = {}
        self.party_ids: dict[str, int] = {}
        self.authority_ids: dict[str, int] = {}
        self.person_ids: dict[str, int] = {}
        self.city_ids: dict[tuple[str, str], int] = {}  # (folded name, country) -> id
        # The fact being written, to name its file and line if the database refuses it.
        self.at: tuple[ParsedFile, Path_] | None = None

    def lookup(self, sql: str) -> dict[Any, int]:
        return {row[0]: row[1] for row in self.conn.execute(text(sql))}

    def load(self, files: list[ParsedFile]) -> None:
        for f in files:
            for i, s in enumerate(f.content.sources):
                self.at = (f, ("sources", i))
                self.source_ids[s.key] = self.w.sync(
                    T["source"],
                    _by("key"),
                    {
                        "key": s.key,
                        "title": s.title,
                        "publisher": s.publisher,
                        "url": s.url,
                        "published_on": s.published.first_day,
                        "published_precision": s.published.precision,
                        "note": s.note,
                    },
                )
        self.at = None
        self.source_ids |= {
            k: v
            for k, v in self.lookup("SELECT key, id FROM source").items()
            if k not in self.source_ids
        }
        named_in_files = {p.code for f in files for p in f.content.parties}
        self._load_iso_parties(skip=named_in_files)
        iso = dict(iso_states())
        for f in files:
            c = f.content
            for i, p in enumerate(c.parties):
                self.at = (f, ("parties", i))
                src = self.src(p.source, c.source)
                # A file may name an ISO state as people say it ("Democratic Republic of
                # the Congo"); it stays a state with its ISO codes.
                if p.code in iso:
                    kind, alpha3 = _reference_kind(p.code, "state"), iso[p.code].alpha_3
                else:
                    kind, alpha3 = p.kind or "organisation", None
                pid = self.w.sync(
                    T["party"],
                    _by("code"),
                    {
                        "code": p.code,
                        "name": p.name,
                        "kind": kind,
                        "iso_alpha3": alpha3,
                        "source_id": src,
                    },
                )
                self.party_ids[p.code] = pid
                names = {p.name, *p.aliases}
                if p.code in iso:
                    names |= _iso_names(iso[p.code])
                for alias in sorted(names):
                    self._party_alias(pid, alias, src)
        self.at = None
        iso_source = self.source_ids.get(ISO_SOURCE)
        if iso_source is not None:
            # The world beyond ISO 3166-1 (registry/data/parties.csv ...), citing the
            # registry's own reference source where the seeds have it.
            reference = self.source_ids.get(REFERENCE_SOURCE, iso_source)
            load_world(self.conn, self.w.report, iso_source, reference)
            self.w._existing.pop("party", None)  # kinds and dates written beside it
            self.party_ids |= {
                k: v
                for k, v in self.lookup("SELECT code, id FROM party").items()
                if k not in self.party_ids
            }
        for f in files:
            c = f.content
            for i, a in enumerate(c.authorities):
                self.at = (f, ("authorities", i))
                self.authority_ids[a.key] = self.w.sync(
                    T["authority"],
                    _by("key"),
                    {
                        "key": a.key,
                        "party_id": self.party_ids[a.party],
                        "name": a.name,
                        "valid": Range(
                            a.from_.first_day, a.until.first_day if a.until else None, bounds="[)"
                        ),
                        "source_id": self.src(a.source, c.source),
                    },
                )
        self.at = None
        self.authority_ids |= {
            k: v
            for k, v in self.lookup("SELECT key, id FROM authority").items()
            if k not in self.authority_ids
        }
        self._load_cities(files)
        for f in files:
            c = f.content
            for i, person in enumerate(c.people):
                self.at = (f, ("people", i))
                src = self.src(person.source, c.source)
                pid = self.w.sync(
                    T["person"],
                    _by("key"),
                    {
                        "key": person.key,
                        "name": person.name,
                        "search_key": fold(person.name),
                        "description": person.description,
                        "source_id": src,
                    },
                )
                self.person_ids[person.key] = pid
                for j, alias in enumerate(person.aliases):
                    self.at = (f, ("people", i, "aliases", j))
                    self.w.sync(
                        T["person_alias"],
                        _by("person_id", "alias"),
                        {
                            "person_id": pid,
                            "alias": alias,
                            "search_key": fold(alias),
                            "source_id": src,
                        },
                    )
        self.at = None
        self.person_ids |= {
            k: v
            for k, v in self.lookup("SELECT key, id FROM person").items()
            if k not in self.person_ids
        }
        for f in files:
            for i, m in enumerate(f.content.missions):
                self._load_mission(f, ("missions", i), m, self.src(m.source, f.content.source))
        self.at = None
        missing = [
            SeedError(f.display, f.line(loc), _field(loc), message)
            for f in files
            for loc, message in complete_lists.load(self, f)
        ]
        if missing:
            raise LoadError(missing)

    def src(self, *keys: str | None) -> int:
        key = next(k for k in keys if k is not None)
        return self.source_ids[key]

    def _party_alias(self, party_id: int, alias: str, source_id: int) -> None:
        self.w.sync(
            T["party_alias"],
            _by("party_id", "alias"),
            {
                "party_id": party_id,
                "alias": alias,
                "search_key": fold(alias),
                "source_id": source_id,
            },
        )

    def _load_iso_parties(self, skip: set[str]) -> None:
        """Every ISO 3166 state the registry lacks, citing the ISO source; a state it
        holds is left exactly as a file or an earlier load set it."""
        src = self.source_ids.get(ISO_SOURCE)
        if src is None:  # nothing can cite ISO 3166: the resolver knew no ISO codes either
            return
        held = self.w.rows(T["party"], _by("code"))
        reference = [(code, c, False) for code, c in iso_states()]
        reference += [(code, c, True) for code, c in historic_states()]
        renamed = world.former_codes()  # a former name (DYBJ, Dahomey) is not a party
        for code, country, historic in reference:
            if code in skip or (code,) in held or code in renamed:
                continue
            pid = self.w.sync(
                T["party"],
                _by("code"),
                {
                    "code": code,
                    "name": _reference_name(code)
                    or (country.name if historic else _iso_name(country)),
                    "kind": "historical_state" if historic else _reference_kind(code, "state"),
                    "iso_alpha3": None if historic else country.alpha_3,
                    "source_id": src,
                },
            )
            self.party_ids[code] = pid
            for alias in sorted({country.name} if historic else _iso_names(country)):
                self.w.sync(
                    T["party_alias"],
                    _by("party_id", "alias"),
                    {
                        "party_id": pid,
                        "alias": alias,
                        "search_key": fold(alias),
                        "source_id": src,
                    },
                )
        self.party_ids |= {
            k: v
            for k, v in self.lookup("SELECT code, id FROM party").items()
            if k not in self.party_ids
        }

    def _load_cities(self, files: list[ParsedFile]) -> None:
        for f in files:
            c = f.content
            for i, city in enumerate(c.cities):
                self.at = (f, ("cities", i))
                country = city.country.upper()
                src = self.src(city.source, c.source)
                cid = self.w.sync(
                    T["city"],
                    _by("party_id", "key"),
                    {
                        "party_id": self.party_ids[country],
                        "key": slug(city.name),
                        "name": city.name,
                        "search_key": fold(city.name),
                        "source_id": src,
                    },
                )
                for j, alias in enumerate(city.aliases):
                    self.at = (f, ("cities", i, "aliases", j))
                    valid = None
                    if alias.from_ or alias.until:
                        valid = Range(
                            alias.from_.first_day if alias.from_ else None,
                            alias.until.first_day if alias.until else None,
                            bounds="[)",
                        )
                    self.w.sync(
                        T["city_alias"],
                        _by("city_id", "alias"),
                        {
                            "city_id": cid,
                            "alias": alias.name,
                            "search_key": fold(alias.name),
                            "valid": valid,
                            "source_id": src,
                        },
                    )
        self.at = None
        for cid, search_key, code in self.conn.execute(
            text("SELECT c.id, c.search_key, p.code FROM city c JOIN party p ON p.id = c.party_id")
        ):
            self.city_ids[(search_key, code)] = cid

    def _city(self, m: MissionIn) -> tuple[int | None, str]:
        if m.city is None:
            assert m.country is not None
            return None, m.country
        matches = [
            (cid, code)
            for (name, code), cid in self.city_ids.items()
            if name == fold(m.city) and (m.country is None or code == m.country)
        ]
        assert len(matches) == 1, m.city  # the resolver has checked this
        return matches[0]

    def _load_mission(self, f: ParsedFile, loc: Path_, m: MissionIn, src: int) -> None:
        self.at = (f, loc)
        city_id, host = self._city(m)
        mid = self.w.sync(
            T["mission"],
            # Seed files state no organisation: never mistake an imported mission at an
            # organisation (same sending party, host, city and kind) for theirs.
            _by("sending_party_id", "host_party_id", "city_id", "kind", "organisation_id"),
            {
                "sending_party_id": self.party_ids[m.sending],
                "host_party_id": self.party_ids[host],
                "city_id": city_id,
                "kind": m.kind,
                "organisation_id": None,
                "source_id": src,
            },
        )
        self.w.sync(
            T["mission_source"],
            _by("mission_id", "source_id"),
            {"mission_id": mid, "source_id": src},
        )
        for j, acc in enumerate(m.accredited_to):
            self.at = (f, (*loc, "accredited_to", j))
            self.w.sync(
                T["accreditation"],
                _by("mission_id", "party_id"),
                {
                    "mission_id": mid,
                    "party_id": self.party_ids[acc.party],
                    "resident": acc.resident,
                    "source_id": src,
                },
            )
        for j, ch in enumerate(m.status):
            self.at = (f, (*loc, "status", j))
            self._change(ch, src, mission_id=mid)
        for j, head in enumerate(m.heads):
            self.at = (f, (*loc, "heads", j))
            self._load_tenure(
                f,
                (*loc, "heads", j),
                mid,
                head,
                (head.source and self.source_ids[head.source]) or src,
            )

    def _load_tenure(
        self, f: ParsedFile, loc: Path_, mission_id: int, head: HeadIn, src: int
    ) -> None:
        cred = head.credentials
        valid = tenure_period(head)
        tid = self.w.sync(
            T["tenure"],
            lambda row: (row.get("mission_id"), row["valid"].lower if row.get("valid") else None),
            {
                "mission_id": mission_id,
                "person_id": self.person_ids[head.person] if head.person else None,
                "rank_code": head.rank,
                "valid": valid,
                "start_precision": head.from_.precision if head.from_ else None,
                "attested_precision": head.attested.precision if head.attested else None,
                "end_precision": head.until.precision if head.until else None,
                "credentials_on": cred.date.first_day if cred and cred.date else None,
                "credentials_precision": cred.date.precision if cred and cred.date else None,
                "credentials_authority_id": self.authority_ids[cred.to] if cred else None,
                "note": head.note,
                "source_id": src,
            },
        )
        for k, ch in enumerate(head.changes):
            self.at = (f, (*loc, "changes", k))
            self._change(ch, src, tenure_id=tid)

    def _change(
        self, ch: ChangeIn, src: int, *, mission_id: int | None = None, tenure_id: int | None = None
    ) -> None:
        self.w.sync(
            T["status_change"],
            _by("kind", "mission_id", "tenure_id", "occurred_on"),
            {
                "kind": ch.change,
                "occurred_on": ch.date.first_day,
                "occurred_precision": ch.date.precision,
                "mission_id": mission_id,
                "tenure_id": tenure_id,
                "actor_party_id": self.party_ids[ch.actor] if ch.actor else None,
                "actor_authority_id": self.authority_ids[ch.authority] if ch.authority else None,
                "note": ch.note,
                "source_id": self.source_ids[ch.source] if ch.source else src,
            },
        )

    def refused(self, exc: DBAPIError) -> SeedError:
        """The database's refusal, at the file and line of the fact being written."""
        message = _constraint_message(exc)
        if self.at is None:
            return SeedError("(database)", None, "", message)
        f, loc = self.at
        return SeedError(f.display, f.line(loc), _field(loc), message)


def _reference_name(code: str) -> str | None:
    ref = world.reference_parties().get(code)
    return ref.name if ref else None


def _reference_kind(code: str, default: str) -> str:
    ref = world.reference_parties().get(code)
    return ref.kind if ref else default


def _iso_name(country: Any) -> str:
    return str(getattr(country, "common_name", None) or country.name)


def _iso_names(country: Any) -> set[str]:
    """The names pycountry gives an ISO 3166-1 state: each is one of its aliases."""
    names = (country.name, _iso_name(country), getattr(country, "official_name", None))
    return {n for n in names if n}


def _constraint_message(exc: DBAPIError) -> str:
    diag = getattr(exc.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    detail = getattr(diag, "message_detail", None) or ""
    if name == "ex_tenure_one_head_at_a_time":
        return (
            f"a tenure overlaps another head of the same mission already in the database ({detail})"
        )
    lines = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
    first = lines[0] if lines else type(exc).__name__
    return f"the database refused the facts: {first}" + (f" ({detail})" if detail else "")


def load_paths(url: URL, paths: Sequence[Path]) -> Report:
    """Validate every file, then write them all in one transaction (or nothing).

    Raises LoadError (what is wrong, file by file), CannotWrite (a login that may
    only read), or OperationalError (the server went away: nothing was written)."""
    files, errors = read(paths)
    if errors:
        raise LoadError(errors)
    engine = create_engine(url, poolclass=NullPool)
    report = Report()
    try:
        with engine.connect() as conn, conn.begin() as tx:
            check_can_write(conn)  # before the lock: an analyst waits for no one
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": LOAD_LOCK_ID})
            # One row a statement: the heads timeline (revision 0008) once, at commit.
            conn.execute(text("SET LOCAL registry.heads_timeline = 'at commit'"))
            resolver = Resolver(conn, files)
            resolver.validate(files)
            if resolver.errors:
                tx.rollback()
                raise LoadError(resolver.errors)
            report.warnings = resolver.warnings
            loader = Loader(conn, report)
            try:
                loader.load(files)
            except OperationalError:
                raise
            except DBAPIError as exc:
                tx.rollback()
                raise LoadError([loader.refused(exc)]) from None
            try:
                tx.commit()
            except OperationalError:
                raise
            except DBAPIError as exc:  # the checks deferred to commit (revision 0008)
                raise LoadError(
                    [SeedError("(database)", None, "", _constraint_message(exc))]
                ) from None
    finally:
        engine.dispose()
    return report


# A file of thousands of bad rows: enough lines to see the pattern, and the count.
MAX_ERRORS_SHOWN = 200


def database_refused(exc: Exception, where: str) -> str | None:
    """One line for an error the server raised during a load (None: not the server's).

    The connection lost is said as when connecting; a statement or lock timeout as
    such; anything else the server refused with its first line, a password masked."""
    import psycopg
    from sqlalchemy.exc import SQLAlchemyError

    from registry.urls import describe_connect_error, mask_text

    if not isinstance(exc, SQLAlchemyError | psycopg.Error):
        return None
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    first = mask_text(lines[0] if lines else type(exc).__name__)
    if isinstance(orig, psycopg.errors.QueryCanceled | psycopg.errors.LockNotAvailable):
        return f"the database at {where} cancelled the load ({first}); nothing was written"
    if isinstance(exc, OperationalError | psycopg.OperationalError):
        return describe_connect_error(exc, where)
    return f"the database at {where} refused the load: {first}; nothing was written"
