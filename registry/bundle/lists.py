"""Complete lists from a bundle (complete_lists.csv): checked set-wise, then one list
per (source, city, date), its missions added; a second identical import adds nothing.
See registry/seeds/complete_lists.py for seed files, docs/evidence.md for what a list means."""

from __future__ import annotations

from typing import Any

import psycopg

from registry.bundle.checks import run_checks
from registry.bundle.report import BulkReport, Errors

# After missions are upserted (r_mission has their ids) and cities resolve (city_ref).
LIST_ROWS = """
CREATE TEMP TABLE d_complete_list ON COMMIT DROP AS
SELECT l.line, l.city_key, l.mission_key, r.city_id, l.listed_on, l.listed_precision,
       CASE WHEN l.kinds IS NULL THEN NULL
            ELSE array(SELECT btrim(k) FROM unnest(string_to_array(l.kinds, '|')) k
                        WHERE btrim(k) <> '' ORDER BY 1) END AS kinds,
       l.note, s.id AS source_id, m.mission_id,
       COALESCE(ms.city_id, mm.city_id) AS mission_city_id
  FROM s_complete_list l
  LEFT JOIN (SELECT ref, min(city_id) AS city_id FROM city_ref GROUP BY ref
             HAVING count(*) = 1) r ON r.ref = l.city_key
  LEFT JOIN (SELECT DISTINCT ON (key) key, mission_id FROM r_mission ORDER BY key, line) m
       ON m.key = l.mission_key
  LEFT JOIN mission mm ON mm.id = m.mission_id
  -- Where the mission sat on the list's date: its dated seat then (upserted before
  -- the lists), else its own city (revision 0021, docs/seats.md).
  LEFT JOIN mission_seat ms ON ms.mission_id = m.mission_id AND ms.valid @> l.listed_on
   AND upper_inf(ms.recorded)
  JOIN src s ON s.key = coalesce(l.source_key, current_setting('registry.bulk_source'))
"""

CHECKS: list[tuple[str, str, str]] = [
    (
        "complete_lists.csv",
        "city_key",
        "SELECT line, city_key, 'unknown or ambiguous city ' || quote_literal(city_key) "
        "|| ' (write PARTY:key)' FROM d_complete_list WHERE city_id IS NULL",
    ),
    (
        "complete_lists.csv",
        "mission_key",
        "SELECT line, mission_key, 'unknown mission key ' || quote_literal(mission_key) "
        "FROM d_complete_list WHERE mission_id IS NULL",
    ),
    (
        "complete_lists.csv",
        "mission_key",
        "SELECT line, mission_key, 'mission ' || quote_literal(mission_key) || ' is not "
        "seated in ' || city_key || ' on the list''s date' FROM d_complete_list "
        "WHERE city_id IS NOT NULL "
        "AND mission_id IS NOT NULL AND mission_city_id IS DISTINCT FROM city_id",
    ),
    (
        "complete_lists.csv",
        "listed_on",
        "SELECT line, listed_on::text, 'is in the future: a list holds for a day past' "
        "FROM d_complete_list WHERE listed_on > current_date",
    ),
    (
        "complete_lists.csv",
        "kinds",
        "SELECT line, k, 'unknown mission kind ' || quote_literal(k) "
        "FROM d_complete_list, unnest(kinds) k "
        "WHERE NOT EXISTS (SELECT FROM mission_kind mk WHERE mk.code = k)",
    ),
]


def upsert_complete_lists(cur: psycopg.Cursor[Any], report: BulkReport, errors: Errors) -> None:
    if not cur.execute("SELECT EXISTS (SELECT FROM s_complete_list)").fetchone()[0]:  # type: ignore[index]
        return
    cur.execute(LIST_ROWS)
    run_checks(cur, CHECKS, errors)
    if errors:
        return
    lists = report.table("complete_list")
    lists.inserted = cur.execute(
        """
        INSERT INTO complete_list (source_id, city_id, listed_on, listed_precision, kinds, note)
        SELECT DISTINCT ON (source_id, city_id, listed_on)
               source_id, city_id, listed_on, listed_precision, kinds, note
          FROM d_complete_list ORDER BY source_id, city_id, listed_on, line
        ON CONFLICT (source_id, city_id, listed_on) DO NOTHING
        """
    ).rowcount
    members = report.table("complete_list_mission")
    members.inserted = cur.execute(
        """
        INSERT INTO complete_list_mission (complete_list_id, mission_id)
        SELECT DISTINCT l.id, d.mission_id
          FROM d_complete_list d
          JOIN complete_list l ON (l.source_id, l.city_id, l.listed_on)
                                = (d.source_id, d.city_id, d.listed_on)
        ON CONFLICT DO NOTHING
        """
    ).rowcount
    total = cur.execute(
        "SELECT count(DISTINCT (source_id, city_id, listed_on)), count(*) FROM d_complete_list"
    ).fetchone()
    assert total is not None
    lists.unchanged = total[0] - lists.inserted
    members.unchanged = total[1] - members.inserted
