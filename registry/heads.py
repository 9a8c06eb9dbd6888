"""A mission and its head on a date (MissionAsOf), a city (City), a city's missions (CityMissions),
the heads query's columns, the city lookup and the order of precedence: what every
answer about missions shares, in a module of its own so that `registry who-heads`
imports these and not every answer's dataclasses (registry.read.one_trip, issue 19).
registry.queries and registry.read.missions name them as they always have.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    id: int
    name: str
    country: str


# The lookups every read command starts with, over the reporting views only (which
# every login that may read the registry reads): index lookups in a union, not one OR
# over a join, which scans every row (benchmarks/README.md, fix 9).
# tests/test_reporting.py checks that each plan reads indexes only.
CITY_LOOKUP = """
    SELECT c.city_id, c.name, c.country
      FROM reporting.city c
     WHERE c.city_id IN (SELECT city_id FROM reporting.city_name WHERE search_key = %(key)s
                         UNION SELECT city_id FROM reporting.city WHERE key = %(slug)s)
     ORDER BY c.name, c.country
"""


HEADS_COLUMNS = """
    h.mission_id, h.sending, h.sending_code, h.mission_kind, h.head_status, h.head, h.rank,
    h.rank_class, h.since, h.since_precision, h.first_attested_on, h.attested_precision,
    h.credentials_on, h.credentials_precision, h.credentials_authority, h.accredited_to,
    h.source, h.city, h.host, h.precedence_group, h.functions_since, h.functions_before,
    h.seat_inferred, h.resident_city
"""

# MissionAsOf's evidence fields, in order, from reporting.evidence_as_of (aliased e).
EVIDENCE_COLUMNS = """
    e.evidence_on, e.evidence_precision, e.evidence_attests, e.evidence_source,
    e.omitted_on, e.omitted_precision, e.omitted_source, coalesce(e.open_conflicts, 0),
    e.succeeded_on, e.succeeded_precision, e.succeeded_by
"""


@dataclass(frozen=True)
class MissionAsOf:
    """A mission and who heads it on a date, with where it sits."""

    mission_id: int
    sending: str
    sending_code: str
    mission_kind: str
    head_status: str
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
    accredited_to: list[str]
    source: str | None
    city: str | None
    host: str
    precedence_group: int
    functions_since: dt.date | None
    functions_before: dt.date | None
    seat_inferred: bool  # the seat city was inferred (the host's capital), not stated
    resident_city: str | None  # a non-resident head's residence (Tehran), else None
    # The latest evidence on the date (reporting.evidence_as_of, docs/evidence.md), and
    # the complete list that presumes the mission not operating, if one does.
    evidence_on: dt.date | None = None
    evidence_precision: str | None = None
    evidence_attests: str | None = None
    evidence_source: str | None = None
    omitted_on: dt.date | None = None
    omitted_precision: str | None = None
    omitted_source: str | None = None
    open_conflicts: int = 0  # disagreements no later evidence settled (`registry conflicts`)
    # Another form of the same post that started later (the embassy re-opened after a
    # liaison office): the mission is presumed ended from then (docs/forms.md).
    succeeded_on: dt.date | None = None
    succeeded_precision: str | None = None
    succeeded_by: str | None = None  # that form's kind, as a label


def precedence_key(post: MissionAsOf) -> tuple[int, dt.date, str]:
    """Vienna Convention Arts. 14 and 16: class, then date of taking up functions.
    A date known only to be before some day (credentials to a fallen authority)
    sorts at that day; an unknown date sorts last within its class."""
    known = post.functions_since or post.functions_before or dt.date.max
    return (post.precedence_group, known, post.sending)


@dataclass(frozen=True)
class CityMissions:
    """Every mission seated in a city on a date and who heads it, in order of
    precedence (Vienna Convention Art. 14 class, then Art. 16 date)."""

    city: City
    as_of: dt.date
    missions: tuple[MissionAsOf, ...]
