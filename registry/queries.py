"""Typed read functions over the reporting views. They return dataclasses and
never print; the CLI formats. Plain psycopg keeps the read path light."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import psycopg

from registry.names import fold, slug


class UnknownName(LookupError):
    """A name that matches nothing; carries suggestions for 'did you mean'."""

    def __init__(self, what: str, name: str, suggestions: list[str]) -> None:
        self.what, self.name, self.suggestions = what, name, suggestions
        hint = f"; did you mean {' or '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no {what} {name!r}{hint}")


class AmbiguousName(LookupError):
    def __init__(self, what: str, name: str, candidates: list[str]) -> None:
        super().__init__(f"{what} {name!r} is ambiguous: {', '.join(candidates)}")


@dataclass(frozen=True)
class City:
    id: int
    name: str
    country: str


@dataclass(frozen=True)
class HeadOfMission:
    """One row of ``who-heads``: a mission in the city and who heads it."""

    sending: str
    sending_code: str
    mission_kind: str
    head_status: str  # named | unnamed | vacant | unknown
    head: str | None
    rank: str | None
    rank_class: str | None
    since: dt.date | None
    since_precision: str | None
    first_attested_on: dt.date | None
    attested_precision: str | None
    credentials_on: dt.date | None
    credentials_precision: str | None
    credentials_authority: str | None
    accredited_to: list[str] = field(default_factory=list)
    source: str | None = None


def find_city(conn: psycopg.Connection[Any], name: str) -> City:
    key = fold(name)
    rows = conn.execute(
        """
        SELECT DISTINCT c.id, c.name, p.name
          FROM city c JOIN party p ON p.id = c.party_id
          LEFT JOIN city_alias a ON a.city_id = c.id
         WHERE c.search_key = %(key)s OR c.key = %(slug)s OR a.search_key = %(key)s
         ORDER BY c.name
        """,
        {"key": key, "slug": slug(name)},
    ).fetchall()
    if len(rows) == 1:
        return City(*rows[0])
    if rows:
        raise AmbiguousName("city", name, [f"{r[1]} ({r[2]})" for r in rows])
    names = conn.execute(
        "SELECT c.name, c.search_key FROM city c"
        " UNION ALL SELECT c.name, a.search_key FROM city_alias a JOIN city c ON c.id = a.city_id"
    ).fetchall()
    from rapidfuzz import process

    by_key = {k: n for n, k in names}
    matches = process.extract(key, list(by_key), limit=3, score_cutoff=60)
    suggestions = list(dict.fromkeys(by_key[m[0]] for m in matches))
    raise UnknownName("city", name, suggestions)


WHO_HEADS_SQL = """
SELECT sending, sending_code, mission_kind, head_status, head, rank, rank_class,
       since, since_precision, first_attested_on, attested_precision,
       credentials_on, credentials_precision, credentials_authority, accredited_to, source
  FROM reporting.heads_as_of(%(as_of)s)
 WHERE city_id = %(city_id)s
 ORDER BY precedence_group, COALESCE(functions_since, functions_before) NULLS LAST, sending
"""


def heads_of_mission(
    conn: psycopg.Connection[Any], city_id: int, as_of: dt.date
) -> list[HeadOfMission]:
    """Every mission seated in the city as of the date, in order of precedence
    (Vienna Convention Art. 14 class, then date of taking up functions, Art. 16)."""
    rows = conn.execute(WHO_HEADS_SQL, {"as_of": as_of, "city_id": city_id}).fetchall()
    return [HeadOfMission(*row) for row in rows]
