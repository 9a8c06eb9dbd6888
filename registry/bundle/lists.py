"""Complete lists from a bundle (complete_lists.csv), seed files' among them
(registry/seeds/facts.py): checked set-wise, then one list per (source, city, date),
its missions added; a list stated again with another precision, kinds or note takes
them; a second identical import changes nothing. docs/evidence.md says what a list
means."""

from __future__ import annotations

from typing import Any

import psycopg

from registry.bundle.checks import run_checks
from registry.bundle.report import BulkReport, Errors

# After missions are upserted (r_mission has their ids) and cities resolve (city_ref).
# A mission is named by its bundle key, or as one on record: the sender's mission of
# that kind seated in the city on the list's date (its dated seat then, else its own
# city: revision 0021, docs/seats.md).
LIST_ROWS = """
CREATE TEMP TABLE d_complete_list ON COMMIT DROP AS
SELECT l.line, l.city_key, l.mission_key, l.sending_code, l.mission_kind, r.city_id,
       l.listed_on, l.listed_precision,
       CASE WHEN l.kinds IS NULL THEN NULL
            ELSE array(SELECT btrim(k) FROM unnest(string_to_array(l.kinds, '|')) k
                        WHERE btrim(k) <> '' ORDER BY 1) END AS kinds,
       l.note, s.id AS source_id, sp.id AS sending_party_id,
       coalesce(m.mission_id, on_record.id) AS mission_id,
       COALESCE(ms.city_id, mm.city_id) AS mission_city_id
  FROM s_complete_list l
  LEFT JOIN (SELECT ref, min(city_id) AS city_id FROM city_ref GROUP BY ref
             HAVING count(*) = 1) r ON r.ref = l.city_key
  LEFT JOIN (SELECT DISTINCT ON (key) key, mission_id FROM r_mission ORDER BY key, line) m
       ON m.key = l.mission_key
  LEFT JOIN mission mm ON mm.id = m.mission_id
  LEFT JOIN mission_seat ms ON ms.mission_id = m.mission_id AND ms.valid @> l.listed_on
   AND upper_inf(ms.recorded)
  LEFT JOIN party sp ON sp.code = l.sending_code
  LEFT JOIN LATERAL (
      SELECT o.id FROM mission o
        LEFT JOIN mission_seat os ON os.mission_id = o.id AND os.valid @> l.listed_on
         AND upper_inf(os.recorded)
       WHERE l.mission_key IS NULL AND o.sending_party_id = sp.id
         AND o.kind = l.mission_kind AND o.organisation_id IS NULL
         AND coalesce(os.city_id, o.city_id) = r.city_id
       ORDER BY o.id LIMIT 1) on_record ON true
  JOIN src s ON s.key = coalesce(l.source_key, current_setting('registry.bulk_source'))
"""

# The rows of one list (a source's, of a city, on a date) must say the same of it.
LIST_DISAGREES = """
SELECT line, {shown}, 'contradicts complete_lists.csv:' || first_line
       || ', the same list of ' || city_key || ' on ' || listed_on || ': ' || {said}, first_line
  FROM (SELECT d.*, first_value(line) OVER w AS first_line,
               first_value(listed_precision) OVER w AS first_precision,
               first_value(kinds) OVER w AS first_kinds,
               first_value(note) OVER w AS first_note
          FROM d_complete_list d WHERE city_id IS NOT NULL
        WINDOW w AS (PARTITION BY source_id, city_id, listed_on ORDER BY line)) d
 WHERE {differs}
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
        "SELECT line, mission_key, 'give mission_key or sending_code and mission_kind, not "
        "both' FROM d_complete_list WHERE mission_key IS NOT NULL "
        "AND (sending_code IS NOT NULL OR mission_kind IS NOT NULL)",
    ),
    (
        "complete_lists.csv",
        "mission_kind",
        "SELECT line, coalesce(mission_kind, ''), 'give sending_code and mission_kind "
        "together' FROM d_complete_list WHERE mission_key IS NULL "
        "AND (sending_code IS NULL) <> (mission_kind IS NULL)",
    ),
    (
        "complete_lists.csv",
        "mission_key",
        "SELECT line, mission_key, 'unknown mission key ' || quote_literal(mission_key) "
        "FROM d_complete_list WHERE mission_key IS NOT NULL AND mission_id IS NULL",
    ),
    (
        "complete_lists.csv",
        "mission_key",
        "SELECT line, mission_key, 'mission ' || quote_literal(mission_key) || ' is not "
        "seated in ' || city_key || ' on the list''s date' FROM d_complete_list "
        "WHERE mission_key IS NOT NULL AND city_id IS NOT NULL "
        "AND mission_id IS NOT NULL AND mission_city_id IS DISTINCT FROM city_id",
    ),
    (
        "complete_lists.csv",
        "sending_code",
        "SELECT line, sending_code, 'unknown party ' || quote_literal(sending_code) "
        "FROM d_complete_list WHERE sending_code IS NOT NULL AND sending_party_id IS NULL",
    ),
    (
        "complete_lists.csv",
        "mission_kind",
        "SELECT line, mission_kind, 'unknown mission kind ' || quote_literal(mission_kind) "
        "FROM d_complete_list WHERE mission_kind IS NOT NULL "
        "AND NOT EXISTS (SELECT FROM mission_kind mk WHERE mk.code = mission_kind)",
    ),
    (
        "complete_lists.csv",
        "sending_code",
        "SELECT d.line, d.sending_code, 'no ' || d.mission_kind || ' of ' "
        "|| quote_literal(d.sending_code) || ' in ' || c.name || ' on record on ' "
        "|| CASE d.listed_precision WHEN 'year' THEN to_char(d.listed_on, 'YYYY') "
        "WHEN 'month' THEN to_char(d.listed_on, 'YYYY-MM') ELSE d.listed_on::text END "
        "FROM d_complete_list d JOIN city c ON c.id = d.city_id "
        "WHERE d.mission_key IS NULL AND d.sending_party_id IS NOT NULL "
        "AND d.mission_id IS NULL "
        "AND EXISTS (SELECT FROM mission_kind mk WHERE mk.code = d.mission_kind)",
    ),
    *(
        ("complete_lists.csv", field, LIST_DISAGREES.format(shown=shown, said=said, differs=ne))
        for field, shown, said, ne in (
            (
                "listed_on",
                "listed_on::text",
                "'listed_on to the ' || first_precision || ' there, to the ' "
                "|| listed_precision || ' here'",
                "listed_precision IS DISTINCT FROM first_precision",
            ),
            (
                "kinds",
                "coalesce(array_to_string(kinds, '|'), '')",
                "'kinds ' || coalesce(array_to_string(first_kinds, '|'), 'every kind') "
                "|| ' there, ' || coalesce(array_to_string(kinds, '|'), 'every kind') || ' here'",
                "kinds IS DISTINCT FROM first_kinds",
            ),
            (
                "note",
                "coalesce(note, '')",
                "'note ' || coalesce(quote_literal(left(first_note, 60)), 'empty') || ' there, '"
                " || coalesce(quote_literal(left(note, 60)), 'empty') || ' here'",
                "note IS DISTINCT FROM first_note",
            ),
        )
    ),
    (
        "complete_lists.csv",
        "mission_key",
        "SELECT line, '', 'names no mission, but complete_lists.csv:' || named "
        "|| ' names one in the same list', named FROM ("
        "SELECT line, mission_key IS NULL AND sending_code IS NULL AS none, "
        "min(line) FILTER (WHERE mission_key IS NOT NULL OR sending_code IS NOT NULL) "
        "OVER (PARTITION BY source_id, city_id, listed_on) AS named "
        "FROM d_complete_list WHERE city_id IS NOT NULL) d WHERE none AND named IS NOT NULL",
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
    written = cur.execute(
        """
        INSERT INTO complete_list (source_id, city_id, listed_on, listed_precision, kinds, note)
        SELECT DISTINCT ON (source_id, city_id, listed_on)
               source_id, city_id, listed_on, listed_precision, kinds, note
          FROM d_complete_list ORDER BY source_id, city_id, listed_on, line
        ON CONFLICT (source_id, city_id, listed_on) DO UPDATE
           SET listed_precision = excluded.listed_precision, kinds = excluded.kinds,
               note = excluded.note
         WHERE (complete_list.listed_precision, complete_list.kinds, complete_list.note)
               IS DISTINCT FROM (excluded.listed_precision, excluded.kinds, excluded.note)
        RETURNING xmax = 0
        """
    ).fetchall()
    lists.inserted = sum(1 for (new,) in written if new)
    lists.superseded = len(written) - lists.inserted
    members = report.table("complete_list_mission")
    members.inserted = cur.execute(
        """
        INSERT INTO complete_list_mission (complete_list_id, mission_id)
        SELECT DISTINCT l.id, d.mission_id
          FROM d_complete_list d
          JOIN complete_list l ON (l.source_id, l.city_id, l.listed_on)
                                = (d.source_id, d.city_id, d.listed_on)
         WHERE d.mission_id IS NOT NULL
        ON CONFLICT DO NOTHING
        """
    ).rowcount
    total = cur.execute(
        "SELECT count(DISTINCT (source_id, city_id, listed_on)),"
        " count(DISTINCT (source_id, city_id, listed_on, mission_id))"
        "   FILTER (WHERE mission_id IS NOT NULL)"
        " FROM d_complete_list"
    ).fetchone()
    assert total is not None
    lists.unchanged = total[0] - lists.inserted - lists.superseded
    members.unchanged = total[1] - members.inserted
