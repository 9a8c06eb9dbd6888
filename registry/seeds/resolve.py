"""Resolving a seed's references before anything is written: ranks, kinds, parties,
cities, people, sources and authorities, in the database or in the files being
loaded; a head's dates and its overlap with the mission's other heads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import Range

from registry import vocabulary, world
from registry.dates import show
from registry.names import did_you_mean, fold, mixed_scripts, slug
from registry.seedfile import ChangeIn, HeadIn, MissionIn
from registry.seeds import complete_lists
from registry.seeds.parties import ISO_SOURCE, historic_states, iso_states
from registry.seeds.read import ParsedFile
from registry.seeds.report import Path_, SeedError, field_name

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
        self.seed_cities: set[tuple[str, str]] = set()  # (folded name, country) of the files
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
                self.seed_cities.add((fold(city.name), city.country.upper()))
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
                SeedError(
                    f.display, f.line(loc), field_name(loc), f"unknown {what} {value!r}{hint}"
                )
            )

    def fail(self, f: ParsedFile, loc: Path_, message: str) -> None:
        self.errors.append(SeedError(f.display, f.line(loc), field_name(loc), message))

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
                self.warnings.append(SeedError(f.display, f.line(loc), field_name(loc), odd))

    def once(self, f: ParsedFile, loc: Path_, key: tuple[Any, ...], what: str) -> bool:
        """Note that ``loc`` defines ``key``; if something in this load already did,
        say where (its second definition would silently replace the first)."""
        first = self._defined.setdefault(key, (f, loc))
        if first[0] is f and first[1] == loc:
            return True
        other, other_loc = first
        line = other.line(other_loc)
        where = f"line {line}" if other is f else f"{other.display}:{line}"
        self.fail(f, loc, f"the same {what} as {field_name(other_loc)} at {where}")
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
        countries = seed_city_first(fold(m.city), countries, self.seed_cities)
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
                elif p.kind not in (None, *vocabulary.PARTY_KINDS):
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


def seed_city_first(name: str, countries: set[str], seeds: set[tuple[str, str]]) -> set[str]:
    """Of the countries with a city of that (folded) name, the one whose city the seed
    files name, if one is: an import's Berlin of the GDR or Munich of Bavaria does not
    make the seed files' Berlin and Munich ambiguous."""
    theirs = {c for c in countries if (name, c) in seeds}
    return theirs if len(countries) > 1 and len(theirs) == 1 else countries
