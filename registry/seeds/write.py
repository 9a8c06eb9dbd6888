"""Writing validated seed files through the bundle writer, as rows of the one bundle
specification, in the load's transaction: first the sources and parties (with the
ISO 3166 states the registry lacks), then the world's reference data beside them
(registry/seeds/world.py), then the cities, missions and every fact they carry
(registry/seeds/facts.py), then the other names of cities (world.py again). The seed
files are the registry's reference: what they say of a party or city replaces what it
holds.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from registry import world
from registry.names import fold, slug
from registry.refusals import facts_refused, refusal
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
from registry.seeds.report import Report, SeedError
from registry.seeds.resolve import seed_city_first
from registry.seeds.world import city_rows, world_rows


class Loader:
    def __init__(self, conn: Connection, report: Report) -> None:
        self.report = report
        self.conn = conn
        # (folded name, country) -> the city's key in its country, as the resolver
        # found the missions' cities (the files' cities over those held).
        self.city_keys: dict[tuple[str, str], str] = {}
        self.seed_cities: set[tuple[str, str]] = set()

    def column(self, sql: str) -> set[str]:
        return {row[0] for row in self.conn.execute(text(sql))}

    def load(self, files: list[ParsedFile]) -> None:
        sources = {s.key for f in files for s in f.content.sources}
        sources |= self.column("SELECT key FROM source")
        with_iso = ISO_SOURCE in sources
        reference = facts.Rows()
        for f in files:
            for i, s in enumerate(f.content.sources):
                reference.add(
                    "sources.csv",
                    f,
                    ("sources", i),
                    key=s.key,
                    title=s.title,
                    publisher=s.publisher,
                    url=s.url,
                    published_on=str(s.published),
                    note=s.note,
                )
        if with_iso:  # else nothing can cite ISO 3166: the resolver knew no ISO codes either
            named = {p.code for f in files for p in f.content.parties}
            ours = REFERENCE_SOURCE in sources
            self._iso_parties(
                reference,
                skip=named | self.column("SELECT code FROM party"),
                names_source=REFERENCE_SOURCE if ours else ISO_SOURCE,
            )
        self._parties(reference, files)
        facts.write(self.conn, reference, self.report)
        if with_iso:
            # The world beyond ISO 3166-1 (registry/data/parties.csv ...), citing the
            # registry's own reference source where the seeds have it.
            # Counted only where it changed something (the files' rows, unchanged, are).
            rows = world_rows(self.conn, ISO_SOURCE, REFERENCE_SOURCE if ours else ISO_SOURCE)
            facts.write(self.conn, rows, self.report, count_unchanged=False)
        rows = facts.Rows()
        self._cities(rows, files)
        facts.write(self.conn, facts.bundle_rows(files, self._seat, rows), self.report)
        if with_iso:  # other names of cities, the files' among them
            rows = city_rows(self.conn, REFERENCE_SOURCE if ours else ISO_SOURCE)
            facts.write(self.conn, rows, self.report, count_unchanged=False)

    def _iso_parties(self, out: facts.Rows, skip: set[str], names_source: str) -> None:
        """Every ISO 3166 state the registry lacks, citing the ISO source; a state it
        holds is left exactly as a file or an earlier load set it. A name the
        registry's reference data gives it instead of ISO's cites ``names_source``."""
        reference = [(code, c, False) for code, c in iso_states()]
        reference += [(code, c, True) for code, c in historic_states()]
        renamed = world.former_codes()  # a former name (DYBJ, Dahomey) is not a party
        for code, country, historic in reference:
            if code in skip or code in renamed:
                continue
            ours = reference_name(code)
            names = {country.name} if historic else iso_names(country)
            if ours is not None and ours not in names:
                out.add(
                    "aliases.csv",
                    None,
                    (),
                    subject_kind="party",
                    subject_key=code,
                    alias=ours,
                    source_key=names_source,
                )
            out.add(
                "parties.csv",
                None,
                (),
                code=code,
                name=ours or (country.name if historic else iso_name(country)),
                kind="historical_state" if historic else reference_kind(code, "state"),
                iso_alpha3=None if historic else country.alpha_3,
                cow_code=_cow(code),
                source_key=ISO_SOURCE,
            )
            for alias in sorted(names):
                out.add(
                    "aliases.csv",
                    None,
                    (),
                    subject_kind="party",
                    subject_key=code,
                    alias=alias,
                    source_key=ISO_SOURCE,
                )

    def _parties(self, out: facts.Rows, files: list[ParsedFile]) -> None:
        iso = dict(iso_states())
        for f in files:
            c = f.content
            for i, p in enumerate(c.parties):
                source = p.source or c.source
                # A file may name an ISO state as people say it ("Democratic Republic of
                # the Congo"); it stays a state with its ISO codes.
                if p.code in iso:
                    kind, alpha3 = reference_kind(p.code, "state"), iso[p.code].alpha_3
                else:
                    kind, alpha3 = p.kind or "organisation", None
                out.add(
                    "parties.csv",
                    f,
                    ("parties", i),
                    code=p.code,
                    name=p.name,
                    kind=kind,
                    iso_alpha3=alpha3,
                    cow_code=_cow(p.code),
                    source_key=source,
                )
                iso_only = iso_names(iso[p.code]) - {p.name, *p.aliases} if p.code in iso else set()
                for j, alias in enumerate(p.aliases):
                    out.add(
                        "aliases.csv",
                        f,
                        ("parties", i, "aliases", j),
                        subject_kind="party",
                        subject_key=p.code,
                        alias=alias,
                        source_key=source,
                    )
                for alias in sorted(iso_only):  # the names ISO 3166 gives it besides
                    out.add(
                        "aliases.csv",
                        f,
                        ("parties", i),
                        subject_kind="party",
                        subject_key=p.code,
                        alias=alias,
                        source_key=source,
                    )

    def _cities(self, out: facts.Rows, files: list[ParsedFile]) -> None:
        for search_key, code, key in self.conn.execute(
            text("SELECT c.search_key, p.code, c.key FROM city c JOIN party p ON p.id = c.party_id")
        ):
            self.city_keys[(search_key, code)] = key
        for f in files:
            c = f.content
            for i, city in enumerate(c.cities):
                country, key = city.country.upper(), slug(city.name)
                source = city.source or c.source
                # Renamed in the file: the name it had is no longer the city's.
                self.city_keys = {
                    k: v for k, v in self.city_keys.items() if (k[1], v) != (country, key)
                }
                self.city_keys[(fold(city.name), country)] = key
                self.seed_cities.add((fold(city.name), country))
                out.add(
                    "cities.csv",
                    f,
                    ("cities", i),
                    party_code=country,
                    key=key,
                    name=city.name,
                    source_key=source,
                )
                for j, alias in enumerate(city.aliases):
                    out.add(
                        "aliases.csv",
                        f,
                        ("cities", i, "aliases", j),
                        subject_kind="city",
                        subject_key=f"{country}:{key}",
                        alias=alias.name,
                        valid_from=None if alias.from_ is None else str(alias.from_),
                        valid_until=None if alias.until is None else str(alias.until),
                        source_key=source,
                    )

    def _seat(self, m: MissionIn) -> tuple[str | None, str]:
        """A mission's seat as the bundle names it (the city's key in its host)."""
        if m.city is None:
            assert m.country is not None
            return None, m.country
        name = fold(m.city)
        found = {
            code: key
            for (folded, code), key in self.city_keys.items()
            if folded == name and (m.country is None or code == m.country)
        }
        codes = seed_city_first(name, set(found), self.seed_cities)
        assert len(codes) == 1, m.city  # the resolver has checked this
        code = codes.pop()
        return found[code], code

    def refused(self, exc: DBAPIError) -> SeedError:
        """The database's refusal of a statement outside the bundle writer (which
        says its own at the file and line of the fact)."""
        return SeedError("(database)", None, "", facts_refused(refusal(exc)))


def _cow(code: str) -> str | None:
    """A party's COW number, given with it (registry/seeds/world.py says the rest of
    the world's reference data after it)."""
    number = world.cow_codes().get(code)
    return None if number is None else str(number)
