"""The two per-city statements of who-heads and the city page, timed apart: the heads
(reporting.heads_as_of) and their evidence (reporting.evidence_as_of) of the city
with the most missions, in one session (as a pooled connection asks them again),
after a warm-up; the ids passed as one_trip passes them, by a subquery.

    .venv/bin/python benchmarks/evidence_timing.py --database-url postgresql://.../WORLD \\
        [--city KEY] [--as-of 2025-06-01] [--runs 40]

Prints, for each statement, the median, the fastest and the 90th percentile in ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

import psycopg

HEADS = "SELECT * FROM reporting.heads_as_of(%(d)s) h WHERE h.city_id = %(c)s"
EVIDENCE = (
    "SELECT * FROM reporting.evidence_as_of(%(d)s, ARRAY(SELECT h.mission_id"
    " FROM reporting.heads_as_of(%(d)s) h WHERE h.city_id = %(c)s))"
)
BIGGEST = "SELECT city_id FROM mission GROUP BY city_id ORDER BY count(*) DESC, city_id LIMIT 1"


def timings(
    conn: psycopg.Connection[tuple[object, ...]], query: str, params: dict[str, object], runs: int
) -> list[float]:
    for _ in range(8):  # past PL/pgSQL's five custom plans, and the cache warm
        conn.execute(query, params).fetchall()  # type: ignore[arg-type]
    spent = []
    for _ in range(runs):
        start = time.perf_counter()
        conn.execute(query, params).fetchall()  # type: ignore[arg-type]
        spent.append((time.perf_counter() - start) * 1000)
    return sorted(spent)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--city", help="city key; default: the one with the most missions")
    parser.add_argument("--as-of", default="2025-06-01")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with psycopg.connect(args.database_url) as conn:
        conn.execute("SET jit = off")
        if args.city:
            row = conn.execute("SELECT id FROM city WHERE key = %s", (args.city,)).fetchone()
        else:
            row = conn.execute(BIGGEST).fetchone()
        assert row is not None, "no such city"
        params = {"d": args.as_of, "c": row[0]}
        for name, query in (("heads_as_of", HEADS), ("evidence_as_of", EVIDENCE)):
            spent = timings(conn, query, params, args.runs)
            p90 = spent[int(len(spent) * 0.9)]
            print(
                f"{name:15} median {statistics.median(spent):6.1f} ms, fastest {spent[0]:6.1f},"
                f" p90 {p90:6.1f} ({len(conn.execute(query, params).fetchall())} rows)"  # type: ignore[arg-type]
            )


if __name__ == "__main__":
    main()
