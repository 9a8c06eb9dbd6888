"""Reference data that covers the world: parties beyond ISO 3166-1 (registry/data/
parties.csv), names over time (party_names.csv), successions (party_successions.csv),
COW codes (cow_states.csv) and the ISO 3166-2 subdivisions pycountry ships, with the
names people write them by.

The loader writes these (as it writes ISO 3166 from pycountry), the importers resolve
what datasets name through them; nothing here knows a particular country."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from registry.names import fold

DATA = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            yield {k: (v or "").strip() for k, v in row.items()}


def _day(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class ReferenceParty:
    code: str
    name: str
    kind: str
    qid: str | None
    existed_from: dt.date | None
    existed_until: dt.date | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class DatedName:
    code: str  # the party
    name: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    former_code: str | None  # the ISO 3166-3 code of a former name


@dataclass(frozen=True)
class Succession:
    predecessor: str
    successor: str
    how: str
    occurred_on: dt.date


@cache
def reference_parties() -> dict[str, ReferenceParty]:
    return {
        r["code"]: ReferenceParty(
            r["code"],
            r["name"],
            r["kind"],
            r["qid"] or None,
            _day(r["existed_from"]),
            _day(r["existed_until"]),
            tuple(a for a in r["aliases"].split("|") if a),
        )
        for r in _rows("parties.csv")
    }


@cache
def dated_names() -> tuple[DatedName, ...]:
    return tuple(
        DatedName(
            r["code"],
            r["name"],
            _day(r["valid_from"]),
            _day(r["valid_until"]),
            r["former_code"] or None,
        )
        for r in _rows("party_names.csv")
    )


def former_codes() -> dict[str, str]:
    """ISO 3166-3 codes of former names -> the party that bears the name now."""
    return {n.former_code: n.code for n in dated_names() if n.former_code}


@cache
def successions() -> tuple[Succession, ...]:
    return tuple(
        Succession(
            r["predecessor"], r["successor"], r["how"], dt.date.fromisoformat(r["occurred_on"])
        )
        for r in _rows("party_successions.csv")
    )


@dataclass(frozen=True)
class CityName:
    country: str  # ISO 3166-1 alpha-2 (ISO 3166-3 alpha-4: a state that no longer exists)
    city: str  # its name today (or when its state ceased)
    name: str  # another name of it (a former one, or a spelling sources still use)
    valid_from: dt.date | None
    valid_until: dt.date | None


@cache
def city_names() -> tuple[CityName, ...]:
    """Other names of cities (registry/data/city_names.csv)."""
    return tuple(
        CityName(r["country"], r["city"], r["name"], _day(r["valid_from"]), _day(r["valid_until"]))
        for r in _rows("city_names.csv")
    )


@cache
def _cities_today() -> dict[tuple[str, str], str]:
    return {(n.country, fold(n.name)): n.city for n in city_names()}


def city_today(country: str, name: str) -> str | None:
    """The name today of the city of ``country`` once (or also) called ``name``."""
    return _cities_today().get((country, fold(name)))


@cache
def cow_codes() -> dict[str, int]:
    """Party code -> its COW state code (the first spell's, if several)."""
    out: dict[str, int] = {}
    for r in _rows("cow_states.csv"):
        out.setdefault(former_codes().get(r["code"], r["code"]), int(r["ccode"]))
    return out


# -- Subdivisions (ISO 3166-2) ---------------------------------------------------------


@dataclass(frozen=True)
class SubdivisionRef:
    code: str
    country: str  # ISO 3166-1 alpha-2
    name: str
    type: str
    parent: str | None


# Words ISO 3166-2 names and people's names add to a subdivision's own name: its
# type, in the country's language or in English ("Guangdong Sheng", "Primorsky Krai",
# "Region of Murcia", "Land of Valencia").
_TYPE_WORDS = {
    "sheng", "shi", "zizhiqu", "huizu", "zhuangzu", "uygur", "sar", "kray", "krai",
    "oblast", "oblast'", "okrug", "respublika", "republic", "province", "provincia",
    "state", "estado", "region", "región", "région", "regione", "land", "comunidad",
    "foral", "principado", "autonomous", "community", "prefecture", "governorate",
    "county", "district", "territory", "municipality", "of", "de", "del", "la", "the",
}  # fmt: skip
_BRACKETS = re.compile(r"\s*\[([^\]]*)\]")


def _core(name: str) -> str:
    """The name without its type words, folded, with -iy/-y endings made one
    ('Primorskiy kray' and 'Primorsky Krai' -> 'primorsky')."""
    words = [w for w in fold(name).replace("'", " ").split() if w not in _TYPE_WORDS]
    return " ".join(re.sub(r"iy$", "y", w) for w in words)


_ADJECTIVE = re.compile(r"(?:skiy|skaya|skoye|sky|ska|ka)$")


def _stem(name: str) -> str:
    """The core with Russian-style adjectival endings cut, as romanisations differ
    ('Kamchatskiy kray', 'Kamchatka Krai'; 'Magadanskaya oblast'', 'Magadan Oblast')."""
    return " ".join(_ADJECTIVE.sub("", w) if len(w) > 6 else w for w in _core(name).split())


_LOOSENINGS = (fold, _core, _stem)  # exact, without type words, without endings


def name_variants(name: str, loosen: int = 0) -> set[str]:
    """Folded forms a subdivision's ISO name is written in, loosened ``loosen`` times
    (see _LOOSENINGS): 'Catalunya [Cataluña]' -> catalunya, cataluna; 'Valenciana,
    Comunidad' -> comunidad valenciana, valenciana."""
    out: set[str] = set()
    bracketed = _BRACKETS.findall(name)
    for form in [_BRACKETS.sub("", name), *bracketed]:
        form = form.strip()
        if not form:
            continue
        forms = {form}
        if "," in form:
            head, _, tail = form.partition(",")
            forms |= {f"{tail.strip()} {head.strip()}", head.strip()}
        out |= {_LOOSENINGS[loosen](f) for f in forms}
    return {v for v in out if v}


@cache
def subdivisions() -> tuple[SubdivisionRef, ...]:
    import pycountry

    return tuple(
        SubdivisionRef(s.code, s.country_code, s.name, s.type, s.parent_code)
        for s in pycountry.subdivisions
    )


@cache
def english_names() -> dict[str, tuple[str, ...]]:
    """ISO 3166-2 code -> English names: pycountry's English catalogue where it has
    one, and registry/data/subdivision_names.csv."""
    import gettext

    import pycountry

    out: dict[str, list[str]] = {}
    try:
        english = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["en"])
    except OSError:
        english = None
    if english is not None:
        for s in subdivisions():
            translated = english.gettext(s.name)
            if translated != s.name:
                out.setdefault(s.code, []).append(translated)
    for r in _rows("subdivision_names.csv"):
        out.setdefault(r["code"], []).append(r["name"])
    return {k: tuple(v) for k, v in out.items()}


def subdivision_names(s: SubdivisionRef, loosen: int = 0) -> set[str]:
    """Every folded name a subdivision is found by, at one loosening."""
    names = name_variants(s.name, loosen)
    for english in english_names().get(s.code, ()):
        names |= name_variants(english, loosen)
    return names


@cache
def subdivision_index(loosen: int) -> dict[tuple[str, str], tuple[str, ...]]:
    """(country, folded name) -> ISO 3166-2 codes so named at one loosening."""
    found: dict[tuple[str, str], list[str]] = {}
    for s in subdivisions():
        for name in subdivision_names(s, loosen):
            found.setdefault((s.country, name), []).append(s.code)
    return {k: tuple(sorted(set(v))) for k, v in found.items()}


def find_subdivision(country: str, name: str) -> str | None:
    """The ISO 3166-2 code of the subdivision of ``country`` so named: the first
    loosening that finds any decides; among several, the one top-level subdivision
    (a province before its prefecture of the same name). None when unknown or
    ambiguous."""
    parents = {s.code: s.parent for s in subdivisions()}
    for loosen, how in enumerate(_LOOSENINGS):
        codes = subdivision_index(loosen).get((country, how(name)))
        if not codes:
            continue
        top = [c for c in codes if parents[c] is None]
        if len(codes) == 1:
            return codes[0]
        return top[0] if len(top) == 1 else None
    return None
