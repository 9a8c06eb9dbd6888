"""The floor a `registry` read command is measured against: a bare psycopg script
that runs the same statements (captured from the command by measure.capture) on
the same database and prints the rows as JSON.

Usage: python benchmarks/bare.py STATEMENTS.pickle
"""

from __future__ import annotations

import json
import pickle
import sys

import psycopg

if __name__ == "__main__":
    with open(sys.argv[1], "rb") as handle:
        job = pickle.load(handle)
    out = []
    # The session settings `registry` read commands use (registry.db.READ_OPTIONS).
    with psycopg.connect(job["dsn"], options=job["options"]) as conn:
        for sql, params in job["statements"]:
            cur = conn.execute(sql, params)
            if cur.description is not None:
                out.extend(cur.fetchall())
    json.dump([[None if v is None else str(v) for v in row] for row in out], sys.stdout)
