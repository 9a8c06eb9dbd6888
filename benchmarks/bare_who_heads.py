"""The floor `registry who-heads` is measured against: a bare psycopg script that
runs the same query on the same database and prints the rows as JSON."""

from __future__ import annotations

import datetime as dt
import json
import sys

import psycopg

SQL = """
SELECT h.sending, h.sending_code, h.mission_kind, h.head_status, h.head, h.rank, h.rank_class,
       h.since, h.first_attested_on, h.credentials_on, h.credentials_authority,
       h.accredited_to, h.source
  FROM reporting.heads_as_of(%(as_of)s) h
  JOIN city c ON c.id = h.city_id
 WHERE c.search_key = %(city)s
 ORDER BY precedence_group, COALESCE(functions_since, functions_before) NULLS LAST, sending
"""

if __name__ == "__main__":
    dsn, city = sys.argv[1], sys.argv[2]
    with psycopg.connect(dsn) as conn:
        rows = conn.execute(SQL, {"as_of": dt.date.today(), "city": city}).fetchall()
    json.dump([[str(v) if v is not None else None for v in row] for row in rows], sys.stdout)
