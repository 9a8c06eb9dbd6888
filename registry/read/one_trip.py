"""who-heads in one round trip: the schema revision, the city and the missions in one
statement, on a connection opened with its settings (registry.db.session_options).

Step by step (registry.db.checked, then registry.read.who_heads) a command makes
four round trips after connecting: the revision's source, the revision, the city,
the missions. Here the statement reads the revision beside the answer, and the answer
stands only when the revision is this code's and the name names one city; in
every other case (another revision, no registry schema, a login that may not read
it, a name matching no city or several) the caller asks step by step, which says
why exactly as it always has. No new SQL object: the statement is built of the
reporting views and functions the steps read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg

from registry.heads import (
    CITY_LOOKUP,
    EVIDENCE_COLUMNS,
    HEADS_COLUMNS,
    City,
    CityMissions,
    MissionAsOf,
    precedence_key,
)
from registry.limits import NAME, text_problem
from registry.names import fold, slug

# The city by the lookup every command makes (queries.CITY_LOOKUP), its missions only
# when it is one city; one row even with no post, for the revision and the cities.
# The city id reaches heads_as_of as an integer (see queries.missions_in_city).
STATEMENT = f"""
    WITH found AS ({CITY_LOOKUP}),
         answer AS (
             SELECT {HEADS_COLUMNS} FROM reporting.heads_as_of(%(as_of)s) h
              WHERE h.city_id = (SELECT min(city_id) FROM found HAVING count(*) = 1)
         ),
         evidence AS (
             SELECT * FROM reporting.evidence_as_of(
                 %(as_of)s, (SELECT array_agg(mission_id) FROM answer))
         )
    SELECT (SELECT revision FROM reporting.schema_revision),
           (SELECT json_agg(json_build_array(city_id, name, country)) FROM found),
           answer.*,
           {EVIDENCE_COLUMNS}
      FROM (VALUES (1)) AS one (row) LEFT JOIN answer ON true
      LEFT JOIN evidence e ON e.mission_id = answer.mission_id
"""


def who_heads(
    conn: psycopg.Connection[Any], name: str, as_of: dt.date, head: str, every: bool = False
) -> CityMissions | None:
    """The answer of registry.read.who_heads (``every``: with the missions a later
    complete list left out), if one statement gives it for certain at schema revision
    ``head``; else None, the connection left as it was (idle)."""
    if not name.strip() or text_problem(name, NAME):
        return None  # an invalid name: registry.read.names says why
    params = {"key": fold(name), "slug": slug(name), "as_of": as_of}
    try:
        rows = conn.execute(STATEMENT, params).fetchall()
    except psycopg.ProgrammingError:  # no such view, or not this login's to read
        if not conn.autocommit:
            conn.rollback()
        return None
    revision, cities = rows[0][0], rows[0][1]
    if revision != head or cities is None or len(cities) != 1:
        return None
    # One row per post: a form another form of its post succeeded is left out
    # (docs/forms.md), with --all too.
    missions = [MissionAsOf(*row[2:]) for row in rows if row[2] is not None]
    missions = [p for p in missions if p.succeeded_on is None]
    if not every:
        missions = [p for p in missions if p.omitted_on is None]
    return CityMissions(City(*cities[0]), as_of, tuple(sorted(missions, key=precedence_key)))
