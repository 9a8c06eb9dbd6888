"""Typed read functions over the reporting views. They return dataclasses and
never print; the CLI formats. Plain psycopg keeps the read path light."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from typing import Any

import psycopg

# Named here as they always were (registry.heads holds them: who-heads imports only it).
from registry.heads import CITY_LOOKUP as CITY_LOOKUP
from registry.heads import HEADS_COLUMNS as HEADS_COLUMNS
from registry.heads import City as City
from registry.heads import MissionAsOf as MissionAsOf
from registry.heads import precedence_key as precedence_key
from registry.names import fold, slug, suggestions


class UnknownName(LookupError):
    """A name that matches nothing; carries suggestions for 'did you mean'."""

    def __init__(self, what: str, name: str, suggestions: list[str]) -> None:
        self.what, self.name, self.suggestions = what, name, suggestions
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no {what} {name!r}{hint}")


class AmbiguousName(LookupError):
    """A name that matches several; carries the candidates."""

    def __init__(self, what: str, name: str, candidates: list[str], hint: str = "") -> None:
        self.what, self.name, self.candidates, self.hint = what, name, candidates, hint
        said = f"{what} {name!r} is ambiguous: {', '.join(candidates)}"
        super().__init__(f"{said}: {hint}" if hint else said)


# Codes are upper case (ISO) or lower-case slugs (organisations): compared as given,
# not through upper() on every row (a tenth of a millisecond at 300).
PARTY_CODE_LOOKUP = """
    SELECT party_id, code, name, kind FROM reporting.party
     WHERE code IN (%(code)s, upper(%(code)s), lower(%(code)s)) OR iso_alpha3 = upper(%(code)s)
"""
PARTY_NAME_LOOKUP = """
    SELECT p.party_id, p.code, p.name, p.kind
      FROM reporting.party p
     WHERE p.party_id IN (SELECT party_id FROM reporting.party WHERE code = %(slug)s
                          UNION SELECT party_id FROM reporting.party_name
                                 WHERE search_key = %(key)s)
     ORDER BY p.name
"""


# A city named with its country, as an ambiguity lists it: "London (United Kingdom)",
# or as people write it: "Berlin, German Democratic Republic".
# The country's own name may hold brackets: "Seoul (Korea (Joseon dynasty))".
WITH_COUNTRY = re.compile(r"^(?P<city>[^(),]+?)\s*(?:\((?P<a>.+)\)|,\s*(?P<b>[^,]+))\s*$")


# Of the cities a name matches, those in a party that existed on a date: Berlin
# today is Germany's, not the GDR's (1949-10-07 to 1990-10-03). A party whose dates
# are not recorded existed, unless it is a state that no longer exists (the Kingdom of
# Bavaria, an import's): not today, then, nor later.
_CITIES_EXISTING_ON = """
    SELECT c.city_id, c.name, c.country FROM reporting.city c
      JOIN reporting.party p ON p.code = c.country_code
     WHERE c.city_id = ANY(%(ids)s)
       AND coalesce(p.existed_from <= %(on)s, true)
       AND coalesce(%(on)s < p.existed_until,
                    p.kind <> 'historical_state' OR %(on)s < current_date)
"""


def find_city(conn: psycopg.Connection[Any], name: str, on: dt.date | None = None) -> City:
    """A city by name, alias or slug, or as "Berlin (Germany)" / "Berlin, DE". A name
    several cities share, asked ``on`` a date, is the one city of a country that
    existed then, if only one did."""
    key = fold(name)
    rows = conn.execute(CITY_LOOKUP, {"key": key, "slug": slug(name)}).fetchall()
    if len(rows) == 1:
        return City(*rows[0])
    if len(rows) > 1 and on is not None:
        ids = [r[0] for r in rows]
        existing = conn.execute(_CITIES_EXISTING_ON, {"ids": ids, "on": on}).fetchall()
        if len(existing) == 1:
            return City(*existing[0])
        rows = [r for r in rows if r[0] in {e[0] for e in existing}] or rows
    qualified = WITH_COUNTRY.match(name) if not rows else None
    if qualified:
        city = qualified["city"]
        country = fold(qualified["a"] or qualified["b"] or "")
        named = conn.execute(CITY_LOOKUP, {"key": fold(city), "slug": slug(city)}).fetchall()
        # the country by its name, a former or other name, or its code (GB, DDDE)
        countries = {country} | {
            fold(n)
            for (n,) in conn.execute(
                "SELECT p.name FROM reporting.party p WHERE p.code IN (%(c)s, upper(%(c)s))"
                " OR p.party_id IN"
                " (SELECT party_id FROM reporting.party_name WHERE search_key = %(k)s)",
                {"c": (qualified["a"] or qualified["b"] or "").strip(), "k": country},
            )
        }
        of = [r for r in named if fold(r[2] or "") in countries]
        if len(of) == 1:
            return City(*of[0])
    if rows:
        candidates = [f"{r[1]} ({r[2]})" for r in rows]
        raise AmbiguousName("city", name, candidates, f"say which, as listed: {candidates[0]!r}")
    names = conn.execute("SELECT city, search_key FROM reporting.city_name").fetchall()
    raise UnknownName("city", name, suggestions(key, {k: n for n, k in names}))


@dataclass(frozen=True)
class Party:
    id: int
    code: str
    name: str
    kind: str


def find_party(conn: psycopg.Connection[Any], name: str) -> Party:
    """A state or organisation by ISO code (KZ, KAZ), code slug, name or alias."""
    code = name.strip()
    rows: list[Any] = []
    # A code is printable ASCII; anything else (a NUL, bytes that are not UTF-8) goes
    # by its folded name only, which never holds them.
    if code.isascii() and code.isprintable():
        rows = conn.execute(PARTY_CODE_LOOKUP, {"code": code}).fetchall()
    if not rows:
        rows = conn.execute(PARTY_NAME_LOOKUP, {"key": fold(name), "slug": slug(name)}).fetchall()
    if len(rows) == 1:
        return Party(*rows[0])
    if rows:
        raise AmbiguousName("party", name, [f"{r[2]} ({r[1]})" for r in rows])
    names = conn.execute("SELECT party, search_key FROM reporting.party_name").fetchall()
    raise UnknownName("party", name, suggestions(fold(name), {k: n for n, k in names}, cutoff=70))


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    description: str | None


# A person by name, alias or key: index lookups. Part of a name (yesengeldiyev for
# Daulet Yesengeldiyev) needs a scan of every name, made only when no name matches
# whole (a whole-name match is the answer whatever else matches part).
PERSON_LOOKUP = """
    SELECT person_id, name, description FROM reporting.person
     WHERE person_id IN (SELECT person_id FROM reporting.person_name WHERE search_key = %(key)s
                         UNION SELECT person_id FROM reporting.person WHERE key = %(slug)s)
"""
_PERSON_BY_PART = """
    UNION SELECT person_id, name, description FROM reporting.person
     WHERE search_key LIKE '%%' || %(key)s || '%%'
"""


def find_person(conn: psycopg.Connection[Any], name: str) -> Person:
    key = fold(name)
    params = {"key": key, "slug": slug(name)}
    rows: list[Any] = []
    if key:  # a name of punctuation alone matches nobody, not everybody (LIKE '%%')
        rows = conn.execute(PERSON_LOOKUP + " ORDER BY name, person_id", params).fetchall()
        if not any(fold(r[1]) == key for r in rows):
            rows = conn.execute(
                PERSON_LOOKUP + _PERSON_BY_PART + " ORDER BY name, person_id", params
            ).fetchall()
    exact = [r for r in rows if fold(r[1]) == key]
    rows = exact or rows
    if len(rows) == 1:
        return Person(*rows[0])
    if rows:
        raise AmbiguousName("person", name, [r[1] for r in rows])
    names = [r[0] for r in conn.execute("SELECT name FROM reporting.person")]
    raise UnknownName("person", name, suggestions(name, names))


def _missions(
    conn: psycopg.Connection[Any], where: str, params: dict[str, Any]
) -> list[MissionAsOf]:
    rows = conn.execute(
        f"SELECT {HEADS_COLUMNS} FROM reporting.heads_as_of(%(as_of)s) h WHERE {where}",
        params,
    ).fetchall()
    missions = [MissionAsOf(*row) for row in rows]
    if not missions:
        return missions
    evidence = {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT mission_id, evidence_on, evidence_precision, evidence_attests,"
            " evidence_source, omitted_on, omitted_precision, omitted_source, open_conflicts,"
            " succeeded_on, succeeded_precision, succeeded_by"
            " FROM reporting.evidence_as_of(%s, %s::integer[])",
            (params["as_of"], [p.mission_id for p in missions]),
        )
    }
    names = [f.name for f in fields(MissionAsOf)][-11:]
    missions = [
        replace(p, **dict(zip(names, evidence[p.mission_id], strict=True)))
        if p.mission_id in evidence
        else p
        for p in missions
    ]
    # One row per post: a form another form of its post succeeded is that post's past,
    # shown by history, not a mission of its own (docs/forms.md).
    return [p for p in missions if p.succeeded_on is None]


def represented_by(
    conn: psycopg.Connection[Any], party: Party, as_of: dt.date
) -> list[MissionAsOf]:
    """Where a party is represented: its operating missions abroad, by host and city."""
    missions = _missions(conn, "h.sending_code = %(code)s", {"as_of": as_of, "code": party.code})
    return sorted(missions, key=lambda p: (p.host, p.city or "", p.mission_kind))


def accredited_to(conn: psycopg.Connection[Any], party: Party, as_of: dt.date) -> list[MissionAsOf]:
    """Who represents whom to a party, resident or not, in order of precedence."""
    missions = _missions(
        conn,
        "EXISTS (SELECT 1 FROM reporting.accreditation a"
        " WHERE a.mission_id = h.mission_id AND a.party_code = %(code)s)",
        {"as_of": as_of, "code": party.code},
    )
    return sorted(missions, key=precedence_key)


def missions_in_city(
    conn: psycopg.Connection[Any], city_id: int, as_of: dt.date
) -> list[MissionAsOf]:
    # psycopg sends a small Python int as int2; cast, it compares as the column's type
    # (read/one_trip.py sends the same statement shape).
    missions = _missions(
        conn, "h.city_id = %(city_id)s::integer", {"as_of": as_of, "city_id": city_id}
    )
    return sorted(missions, key=precedence_key)


@dataclass(frozen=True)
class Tenure:
    tenure_id: int
    mission_id: int
    sending: str
    sending_code: str
    mission_kind: str
    city: str | None
    host: str
    head: str | None
    rank: str
    rank_class: str | None
    started_on: dt.date | None
    start_precision: str | None
    first_attested_on: dt.date | None
    attested_precision: str | None
    ended_on: dt.date | None
    end_precision: str | None
    credentials_on: dt.date | None
    credentials_precision: str | None
    credentials_authority: str | None
    accredited_to: list[str]
    source: str
    seat_inferred: bool
    resident_city: str | None


TENURE_FIELDS = [f.name for f in fields(Tenure)]
TENURE_COLUMNS = ", ".join(TENURE_FIELDS)
# A tenure's columns that belong to its mission: history takes them from the missions.
MISSION_OF_TENURE = frozenset(
    ("sending", "sending_code", "mission_kind", "city", "host", "seat_inferred", "accredited_to")
)


def tenures_of_person(conn: psycopg.Connection[Any], person: Person) -> list[Tenure]:
    rows = conn.execute(
        f"SELECT {TENURE_COLUMNS} FROM reporting.head_of_mission WHERE person_id = %s"
        " ORDER BY lower(valid)",
        (person.id,),
    ).fetchall()
    return [Tenure(*row) for row in rows]


@dataclass(frozen=True)
class Mission:
    mission_id: int
    sending: str
    sending_code: str
    mission_kind: str
    host: str
    city: str | None
    accredited_to: list[str]
    mission_kind_code: str
    seat_inferred: bool
    host_code: str
    organisation: str | None  # a mission to an international organisation: which


MISSION_COLUMNS = (
    "mission_id, sending, sending_code, mission_kind, host, city, accredited_to,"
    " mission_kind_code, seat_inferred, host_code, organisation"
)


def missions_of(
    conn: psycopg.Connection[Any], sending: Party, city: City | None = None
) -> list[Mission]:
    sql = f"SELECT {MISSION_COLUMNS} FROM reporting.mission WHERE sending_code = %(code)s"
    params: dict[str, Any] = {"code": sending.code}
    if city is not None:
        # A mission that moved is in the history of every city it sat in (revision 0019).
        sql += (
            " AND (city_id = %(city_id)s OR mission_id IN"
            " (SELECT s.mission_id FROM reporting.mission_seat s WHERE s.city_id = %(city_id)s))"
        )
        params["city_id"] = city.id
    rows = conn.execute(sql + " ORDER BY host, city NULLS FIRST, mission_kind", params).fetchall()
    return [Mission(*row) for row in rows]


def mission_by_id(conn: psycopg.Connection[Any], mission_id: int) -> Mission | None:
    row = conn.execute(
        f"SELECT {MISSION_COLUMNS} FROM reporting.mission WHERE mission_id = %s", (mission_id,)
    ).fetchone()
    return Mission(*row) if row else None


@dataclass(frozen=True)
class StatusChange:
    status_change_id: int
    mission_id: int
    tenure_id: int | None
    change_code: str
    change: str
    occurred_on: dt.date
    occurred_precision: str
    mission_status: str | None
    actor: str | None
    actor_authority: str | None
    note: str | None
    source: str


def status_changes(
    conn: psycopg.Connection[Any], mission_ids: list[int], as_of: dt.date | None = None
) -> list[StatusChange]:
    rows = conn.execute(
        "SELECT status_change_id, mission_id, tenure_id, change_code, change, occurred_on,"
        " occurred_precision, mission_status, actor, actor_authority, note, source"
        " FROM reporting.mission_status_change"
        " WHERE mission_id = ANY(%(ids)s) AND (%(as_of)s::date IS NULL OR occurred_on <= %(as_of)s)"
        " ORDER BY occurred_on, status_change_id",
        {"ids": mission_ids, "as_of": as_of},
    ).fetchall()
    return [StatusChange(*row) for row in rows]


# reporting.mission_timeline's columns for each kind of row, in the dataclasses' order.
_TIMELINE_TENURE = [name for name in TENURE_FIELDS if name not in MISSION_OF_TENURE]
_TIMELINE_CHANGE = [f.name for f in fields(StatusChange)]


def timeline_of_missions(
    conn: psycopg.Connection[Any], missions: list[Mission]
) -> tuple[list[Tenure], list[StatusChange]]:
    """Every tenure and status change of these missions, in one statement over the
    precomputed reporting.mission_timeline (revision 0009): the same rows as
    reporting.head_of_mission and mission_status_change, without a probe per row into
    the tables their names come from. What belongs to the mission (its parties, seat,
    accreditations) is taken from `missions`. Unordered: the caller orders events."""
    columns = list(dict.fromkeys(["fact", *_TIMELINE_TENURE, *_TIMELINE_CHANGE]))
    rows = conn.execute(
        f"SELECT {', '.join(columns)} FROM reporting.mission_timeline"
        " WHERE mission_id = ANY(%(ids)s)",
        {"ids": [m.mission_id for m in missions]},
    ).fetchall()
    by_id = {m.mission_id: m for m in missions}
    tenures, changes = [], []
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        if values["fact"] == "tenure":
            mission = by_id[values["mission_id"]]
            tenures.append(
                Tenure(
                    **{name: values[name] for name in _TIMELINE_TENURE},
                    **{name: getattr(mission, name) for name in MISSION_OF_TENURE},
                )
            )
        else:
            changes.append(StatusChange(**{name: values[name] for name in _TIMELINE_CHANGE}))
    return tenures, changes


def ad_interim_tenures(conn: psycopg.Connection[Any], tenure_ids: list[int]) -> dict[int, bool]:
    """Which of these tenures are held ad interim (the rank's flag; false when unknown)."""
    rows = conn.execute(
        "SELECT tenure_id, coalesce(ad_interim, false) FROM reporting.head_of_mission"
        " WHERE tenure_id = ANY(%s)",
        (tenure_ids,),
    ).fetchall()
    return {int(tenure_id): bool(flag) for tenure_id, flag in rows}
