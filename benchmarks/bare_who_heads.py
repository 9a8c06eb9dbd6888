"""The floor `registry who-heads` is measured against: a bare psycopg script that
runs the same query on the same database and prints the rows as JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys

import psycopg

CITY_SQL = "SELECT id FROM city WHERE search_key = %s"
SQL = """
SELECT h.mission_id, h.sending, h.sending_code, h.mission_kind, h.head_status, h.head, h.rank,
       h.rank_class, h.since, h.since_precision, h.first_attested_on, h.attested_precision,
       h.credentials_on, h.credentials_precision, h.credentials_authority, h.accredited_to,
       h.source, h.city, m.host, h.precedence_group, h.functions_since, h.functions_before
  FROM reporting.heads_as_of(%(as_of)s) h
  JOIN reporting.mission m ON m.mission_id = h.mission_id
 WHERE h.city_id = %(city_id)s
 ORDER BY h.precedence_group, COALESCE(h.functions_since, h.functions_before) NULLS LAST,
       h.sending
"""


if __name__ == "__main__":
    dsn, city = sys.argv[1], sys.argv[2]
    with psycopg.connect(dsn) as conn:
        (city_id,) = conn.execute(CITY_SQL, (city,)).fetchone() or (None,)
        rows = conn.execute(SQL, {"as_of": dt.date.today(), "city_id": city_id}).fetchall()
    json.dump([[str(v) if v is not None else None for v in row] for row in rows], sys.stdout)
