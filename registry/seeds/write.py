"""Writing validated seed files: the reference tables (sources, parties, authorities,
cities, people) upserted by natural key, table by table, counting what changed; the
missions and their facts as rows of the bundle specification, through the bundle
writer (registry/seeds/facts.py); then the complete lists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, Table, insert, select, text, update
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.exc import DBAPIError

from registry import history, models, world
from registry.names import fold, slug
from registry.seedfile import MissionIn
from registry.seeds import facts
from registry.seeds.parties import (
    ISO_SOURCE,
    REFERENCE_SOURCE,
    historic_states,
    iso_name,
    iso_names,
    iso_states,
    reference_kind,
    reference_name,
)
from registry.seeds.read import ParsedFile
from registry.seeds.report import (
    Path_,
    Report,
    SeedError,
    constraint_message,
    field_name,
)
from registry.world_load import load_world


class Writer:
    """Upserts rows of the reference tables (sources, parties, authorities, cities,
    people) by natural key, table by table, counting what changed. The facts, which
    are versioned, go through the bundle writer (registry/seeds/facts.py)."""

    def __init__(self, conn: Connection, report: Report) -> None:
        self.conn = conn
        self.report = report
        self._existing: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}

    def rows(
        self, table: Table, key: Callable[[dict[str, Any]], tuple[Any, ...]]
    ) -> dict[tuple[Any, ...], dict[str, Any]]:
        if table.name not in self._existing:
            rows = self.conn.execute(select(table)).mappings()
            self._existing[table.name] = {key(dict(r)): dict(r) for r in rows}
        return self._existing[table.name]

    def sync(
        self, table: Table, key: Callable[[dict[str, Any]], tuple[Any, ...]], values: dict[str, Any]
    ) -> Any:
        assert not history.is_versioned(table), table.name  # facts: the bundle writer's
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
        if changed:
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
        self.report = report
        self.conn = conn
        self.source_ids: dict[str, int] = {}
        self.party_ids: dict[str, int] = {}
        self.city_ids: dict[tuple[str, str], int] = {}  # (folded name, country) -> id
        self.city_keys: dict[int, str] = {}  # id -> its key in its party
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
                    kind, alpha3 = reference_kind(p.code, "state"), iso[p.code].alpha_3
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
                    names |= iso_names(iso[p.code])
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
        self._load_cities(files)
        self.at = None
        facts.write(self.conn, facts.bundle_rows(files, self._seat), self.report)

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
                    "name": reference_name(code)
                    or (country.name if historic else iso_name(country)),
                    "kind": "historical_state" if historic else reference_kind(code, "state"),
                    "iso_alpha3": None if historic else country.alpha_3,
                    "source_id": src,
                },
            )
            self.party_ids[code] = pid
            for alias in sorted({country.name} if historic else iso_names(country)):
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
        for cid, search_key, code, key in self.conn.execute(
            text(
                "SELECT c.id, c.search_key, p.code, c.key FROM city c"
                " JOIN party p ON p.id = c.party_id"
            )
        ):
            self.city_ids[(search_key, code)] = cid
            self.city_keys[cid] = key

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

    def _seat(self, m: MissionIn) -> tuple[str | None, str]:
        """A mission's seat as the bundle names it (the city's key in its host)."""
        city_id, host = self._city(m)
        return (self.city_keys[city_id] if city_id is not None else None), host

    def refused(self, exc: DBAPIError) -> SeedError:
        """The database's refusal, at the file and line of the fact being written."""
        message = constraint_message(exc)
        if self.at is None:
            return SeedError("(database)", None, "", message)
        f, loc = self.at
        return SeedError(f.display, f.line(loc), field_name(loc), message)
