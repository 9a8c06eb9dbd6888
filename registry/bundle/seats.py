"""mission_seats.csv: a mission's seats over dated periods (revision 0019), checked
and upserted like the other facts: append-only, a changed seat closes its current
version and a new one points back (``supersedes_id``). Seats of one mission never
overlap, in the bundle or with what the registry holds."""

from __future__ import annotations

from typing import Any

import psycopg

from registry.bundle.checks import run_checks
from registry.bundle.reference import count
from registry.bundle.report import BulkReport, Errors
from registry.versions import close

# Before any write, with the other checks.
CHECKS: list[tuple[str, str, str]] = [
    (
        "mission_seats.csv",
        "mission_key",
        "SELECT line, mission_key, 'unknown mission key ' || quote_literal(mission_key) "
        "FROM s_seat s WHERE NOT EXISTS (SELECT FROM s_mission m WHERE m.key = s.mission_key)",
    ),
    (
        "mission_seats.csv",
        "until_on",
        "SELECT line, until_on::text, 'ends before it starts (' || from_on || ')' "
        "FROM s_seat WHERE until_on <= from_on",
    ),
]

# Once cities are in place (city_ref), still before any fact is written.
CITY_CHECKS: list[tuple[str, str, str]] = [
    (
        "mission_seats.csv",
        "city_key",
        "SELECT line, city_key, 'unknown or ambiguous city ' || quote_literal(city_key) "
        "|| ' (write PARTY:key)' FROM s_seat s "
        "WHERE (SELECT count(*) FROM city_ref r WHERE r.ref = s.city_key) <> 1",
    ),
]

# A seat is the same fact as a current seat of its mission starting the same day, or
# else as one in the same city over an overlapping period (its dates corrected: the
# move was in 1999-07, not 1999-09); each current seat is matched once at most.
SEATS = """
CREATE TEMP TABLE d_seat ON COMMIT DROP AS
WITH given AS (
    SELECT s.line, m.mission_id, c.city_id, daterange(s.from_on, s.until_on, '[)') AS valid,
           s.from_precision, s.until_precision, src.id AS source_id
      FROM s_seat s
      JOIN r_mission m ON m.key = s.mission_key
      JOIN city_ref c ON c.ref = s.city_key
      JOIN src ON src.key = coalesce(s.source_key, current_setting('registry.bulk_source'))
),
candidate AS (
    SELECT g.line, cur.id,
           row_number() OVER (PARTITION BY cur.id ORDER BY same_start DESC, g.line) AS of_seat,
           row_number() OVER (PARTITION BY g.line ORDER BY same_start DESC, cur.id) AS of_line
      FROM given g
      JOIN mission_seat cur ON cur.mission_id = g.mission_id AND upper_inf(cur.recorded)
     CROSS JOIN LATERAL (SELECT lower(cur.valid) IS NOT DISTINCT FROM lower(g.valid)) x(same_start)
     WHERE same_start OR cur.city_id = g.city_id AND cur.valid && g.valid
)
SELECT g.*, cur.id AS current_id,
       (cur.city_id, cur.valid, cur.start_precision, cur.end_precision, cur.source_id)
       IS DISTINCT FROM (g.city_id, g.valid, g.from_precision, g.until_precision, g.source_id)
       AS changed
  FROM given g
  LEFT JOIN candidate k ON k.line = g.line AND k.of_seat = 1 AND k.of_line = 1
  LEFT JOIN mission_seat cur ON cur.id = k.id;
CREATE INDEX ON d_seat (mission_id);
ANALYZE d_seat;
"""

# Two rows of one mission (two mission keys may name one mission) that overlap, or a
# row overlapping a current seat the bundle does not correct.
OVERLAPS = """
SELECT a.line, coalesce(lower(a.valid)::text, ''),
       'overlaps the seat on line ' || b.line || ' (same mission): one seat at a time', b.line
  FROM d_seat a
  JOIN d_seat b ON b.mission_id = a.mission_id AND b.line < a.line AND b.valid && a.valid
UNION ALL
SELECT d.line, coalesce(lower(d.valid)::text, ''), 'overlaps a seat already in the registry ('
       || c.name || ', ' || ms.valid::text || '): one seat at a time', NULL::int
  FROM d_seat d
  JOIN mission_seat ms ON ms.mission_id = d.mission_id AND ms.valid && d.valid
       AND upper_inf(ms.recorded)
  JOIN city c ON c.id = ms.city_id
 WHERE NOT EXISTS (SELECT FROM d_seat x WHERE x.current_id = ms.id)
"""


def upsert_seats(cur: psycopg.Cursor[Any], report: BulkReport, errors: Errors) -> None:
    cur.execute(SEATS)
    run_checks(cur, [("mission_seats.csv", "from_on", OVERLAPS)], errors)
    if errors:
        return
    counts = report.table("mission_seat")
    counts.superseded = cur.execute(
        close(
            "mission_seat", "SELECT current_id FROM d_seat WHERE current_id IS NOT NULL AND changed"
        )
    ).rowcount
    counts.inserted = (
        cur.execute(
            """
            INSERT INTO mission_seat (mission_id, city_id, valid, start_precision,
                end_precision, source_id, supersedes_id)
            SELECT mission_id, city_id, valid, from_precision, until_precision, source_id,
                   current_id
              FROM d_seat WHERE current_id IS NULL OR changed
            """
        ).rowcount
        - counts.superseded
    )
    counts.unchanged = count(
        cur, "SELECT count(*) FROM d_seat WHERE current_id IS NOT NULL AND NOT changed"
    )
