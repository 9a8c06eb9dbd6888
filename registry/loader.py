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
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy import URL, Connection, Table, create_engine, insert, select, text, update
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import NullPool

from registry import history, models
from registry.names import did_you_mean, fold, slug
from registry.seedfile import ChangeIn, HeadIn, MissionIn, SeedFile

LOAD_LOCK_ID = 0x72656761  # "rega": one loader at a time
ISO_SOURCE = "iso-3166"

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class SeedError:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class LoadError(Exception):
    def __init__(self, errors: Sequence[SeedError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = list(errors)


@dataclass
class Report:
    counts: dict[str, Counter[str]] = field(default_factory=dict)

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


def _line_map(node: yaml.Node, path: Path_ = ()) -> dict[Path_, int]:
    lines: dict[Path_, int] = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, key.value)
            lines.update(_line_map(value, child))
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_line_map(item, (*path, index)))
    return lines


def _field(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def seed_files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.y*ml") if p.suffix in (".yaml", ".yml")))
        else:
            files.append(path)
    return files


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read(paths: Iterable[Path]) -> tuple[list[ParsedFile], list[SeedError]]:
    parsed: list[ParsedFile] = []
    errors: list[SeedError] = []
    for path in seed_files(paths):
        display = _display(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(SeedError(display, None, "", f"cannot read: {exc}"))
            continue
        try:
            node = yaml.compose(raw, Loader=yaml.SafeLoader)
            data = yaml.safe_load(raw)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problem = getattr(exc, "problem", None) or str(exc)
            errors.append(
                SeedError(display, mark.line + 1 if mark else None, "", f"invalid YAML: {problem}")
            )
            continue
        if data is None:
            continue
        lines = _line_map(node) if node is not None else {}
        if not isinstance(data, dict):
            errors.append(SeedError(display, 1, "", "a seed file must be a mapping of lists"))
            continue
        try:
            content = SeedFile.model_validate(data)
        except ValidationError as exc:
            holder = ParsedFile(path, display, SeedFile(), lines)
            for err in exc.errors():
                loc = tuple(err["loc"])
                message = err["msg"].removeprefix("Value error, ")
                if err["type"] == "extra_forbidden":
                    message = "unknown field"
                errors.append(SeedError(display, holder.line(loc), _field(loc), message))
            continue
        parsed.append(ParsedFile(path, display, content, lines))
    return parsed, errors


# --- resolving references ----------------------------------------------------------


class Resolver:
    """Knows every name a seed may refer to: what the database already holds plus
    what the files being loaded define. Collects errors instead of raising."""

    def __init__(self, conn: Connection, files: list[ParsedFile]) -> None:
        self.errors: list[SeedError] = []

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
        self.parties = scalars("SELECT code FROM party") | {c for c, _ in iso_states()}
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

    def check(
        self, f: ParsedFile, loc: Path_, value: str | None, known: Iterable[str], what: str
    ) -> None:
        if value is not None and value not in known:
            self.errors.append(
                SeedError(
                    f.display,
                    f.line(loc),
                    _field(loc),
                    f"unknown {what} {value!r}{did_you_mean(value, known)}",
                )
            )

    def fail(self, f: ParsedFile, loc: Path_, message: str) -> None:
        self.errors.append(SeedError(f.display, f.line(loc), _field(loc), message))

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
            c = f.content
            self.check(f, ("source",), c.source, self.sources, "source")
            for i, p in enumerate(c.parties):
                self.check(f, ("parties", i, "source"), p.source, self.sources, "source")
                if p.kind not in ("state", "historical_state", "organisation"):
                    self.fail(f, ("parties", i, "kind"), f"unknown party kind {p.kind!r}")
            for i, city in enumerate(c.cities):
                self.check(f, ("cities", i, "country"), city.country.upper(), self.parties, "party")
            for i, a in enumerate(c.authorities):
                self.check(f, ("authorities", i, "party"), a.party, self.parties, "party")
                if a.until and a.until.first_day <= a.from_.first_day:
                    self.fail(f, ("authorities", i, "until"), "ends before it starts")
            for i, m in enumerate(c.missions):
                self._validate_mission(f, ("missions", i), m)
            for group in ("parties", "cities", "authorities", "people", "missions"):
                for i, item in enumerate(getattr(c, group)):
                    if getattr(item, "source", None) is None and c.source is None:
                        self.fail(
                            f, (group, i), "no source: give 'source' here or at the top of the file"
                        )

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

    def _validate_mission(self, f: ParsedFile, loc: Path_, m: MissionIn) -> None:
        self.check(f, (*loc, "sending"), m.sending, self.parties, "party")
        self.check(f, (*loc, "kind"), m.kind, self.kinds, "mission kind")
        self.check(f, (*loc, "country"), m.country, self.parties, "party")
        self.check(f, (*loc, "source"), m.source, self.sources, "source")
        self.city_country(f, loc, m)
        for j, acc in enumerate(m.accredited_to):
            self.check(f, (*loc, "accredited_to", j), acc.party, self.parties, "party")
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


# --- writing -------------------------------------------------------------------------


class Writer:
    """Upserts rows by natural key, table by table, counting what changed."""

    def __init__(self, conn: Connection, report: Report) -> None:
        self.conn = conn
        self.report = report
        self._existing: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}

    def _rows(
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
        existing = self._rows(table, key)
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

    def lookup(self, sql: str) -> dict[Any, int]:
        return {row[0]: row[1] for row in self.conn.execute(text(sql))}

    def load(self, files: list[ParsedFile]) -> None:
        contents = [f.content for f in files]
        for c in contents:
            for s in c.sources:
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
        self.source_ids |= {
            k: v
            for k, v in self.lookup("SELECT key, id FROM source").items()
            if k not in self.source_ids
        }
        named_in_files = {p.code for c in contents for p in c.parties}
        self._load_iso_parties(skip=named_in_files)
        iso = dict(iso_states())
        for c in contents:
            for p in c.parties:
                src = self.src(p.source, c.source)
                # A file may name an ISO state as people say it ("Democratic Republic of
                # the Congo"); it stays a state with its ISO codes.
                kind, alpha3 = ("state", iso[p.code].alpha_3) if p.code in iso else (p.kind, None)
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
                if p.code in iso:
                    country = iso[p.code]
                    for alias in (country.name, getattr(country, "official_name", None)):
                        if alias:
                            self._party_alias(pid, alias, src)
                self.party_ids[p.code] = pid
                for alias in {p.name, *p.aliases}:
                    self._party_alias(pid, alias, src)
        for c in contents:
            for a in c.authorities:
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
        self.authority_ids |= {
            k: v
            for k, v in self.lookup("SELECT key, id FROM authority").items()
            if k not in self.authority_ids
        }
        self._load_cities(contents)
        for c in contents:
            for person in c.people:
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
                for alias in person.aliases:
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
        self.person_ids |= {
            k: v
            for k, v in self.lookup("SELECT key, id FROM person").items()
            if k not in self.person_ids
        }
        for c in contents:
            for m in c.missions:
                self._load_mission(m, self.src(m.source, c.source))

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
        import pycountry

        src = self.source_ids[ISO_SOURCE]
        for code, country in iso_states():
            if code in skip:
                continue
            name = getattr(country, "common_name", None) or country.name
            pid = self.w.sync(
                T["party"],
                _by("code"),
                {
                    "code": code,
                    "name": name,
                    "kind": "state",
                    "iso_alpha3": country.alpha_3,
                    "source_id": src,
                },
            )
            self.party_ids[code] = pid
            names = {country.name, name, getattr(country, "official_name", None)}
            for alias in sorted(n for n in names if n):
                self._party_alias(pid, alias, src)
        for old in pycountry.historic_countries:
            pid = self.w.sync(
                T["party"],
                _by("code"),
                {
                    "code": old.alpha_4,
                    "name": old.name,
                    "kind": "historical_state",
                    "iso_alpha3": None,
                    "source_id": src,
                },
            )
            self.party_ids[old.alpha_4] = pid
            self._party_alias(pid, old.name, src)
        self.party_ids |= {
            k: v
            for k, v in self.lookup("SELECT code, id FROM party").items()
            if k not in self.party_ids
        }

    def _load_cities(self, contents: list[SeedFile]) -> None:
        for c in contents:
            for city in c.cities:
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
                for alias in city.aliases:
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

    def _load_mission(self, m: MissionIn, src: int) -> None:
        city_id, host = self._city(m)
        mid = self.w.sync(
            T["mission"],
            _by("sending_party_id", "host_party_id", "city_id", "kind"),
            {
                "sending_party_id": self.party_ids[m.sending],
                "host_party_id": self.party_ids[host],
                "city_id": city_id,
                "kind": m.kind,
                "source_id": src,
            },
        )
        self.w.sync(
            T["mission_source"],
            _by("mission_id", "source_id"),
            {"mission_id": mid, "source_id": src},
        )
        for acc in m.accredited_to:
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
        for ch in m.status:
            self._change(ch, src, mission_id=mid)
        for head in m.heads:
            self._load_tenure(mid, head, (head.source and self.source_ids[head.source]) or src)

    def _load_tenure(self, mission_id: int, head: HeadIn, src: int) -> None:
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
        for ch in head.changes:
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


def _constraint_message(exc: IntegrityError | DBAPIError) -> str:
    diag = getattr(exc.orig, "diag", None)
    name = getattr(diag, "constraint_name", None)
    detail = getattr(diag, "message_detail", None) or ""
    if name == "ex_tenure_one_head_at_a_time":
        return (
            f"a tenure overlaps another head of the same mission already in the database ({detail})"
        )
    first = str(exc.orig).splitlines()[0] if exc.orig else str(exc)
    return f"the database refused the facts: {first}" + (f" ({detail})" if detail else "")


def load_paths(url: URL, paths: Sequence[Path]) -> Report:
    """Validate every file, then write them all in one transaction (or nothing)."""
    files, errors = read(paths)
    if errors:
        raise LoadError(errors)
    engine = create_engine(url, poolclass=NullPool)
    report = Report()
    try:
        with engine.connect() as conn, conn.begin() as tx:
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": LOAD_LOCK_ID})
            # One row a statement: the heads timeline (revision 0008) once, at commit.
            conn.execute(text("SET LOCAL registry.heads_timeline = 'at commit'"))
            resolver = Resolver(conn, files)
            resolver.validate(files)
            if resolver.errors:
                tx.rollback()
                raise LoadError(resolver.errors)
            try:
                Loader(conn, report).load(files)
            except (IntegrityError, DBAPIError) as exc:
                tx.rollback()
                raise LoadError(
                    [SeedError("(database)", None, "", _constraint_message(exc))]
                ) from None
    finally:
        engine.dispose()
    return report
