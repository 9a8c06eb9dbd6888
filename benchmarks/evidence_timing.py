"""The two per-city statements of who-heads and the city page, timed apart: the heads
(reporting.heads_as_of) and their evidence (reporting.evidence_as_of) of the city
with the most missions, in one session (as a pooled connection asks them again),
after a warm-up; the ids passed as one_trip passes them, by a subquery. Then the
evidence as a command asks for it, the first call of a new session (each `registry`
command is one), of that city's missions and of the missions of the sender with the
most (`represents`).

    .venv/bin/python benchmarks/evidence_timing.py --database-url postgresql://.../WORLD \\
        [--city KEY] [--as-of 2025-06-01] [--runs 40] [--sessions 9]

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
SENDER_EVIDENCE = (
    "SELECT * FROM reporting.evidence_as_of(%(d)s, ARRAY(SELECT h.mission_id"
    " FROM reporting.heads_as_of(%(d)s) h WHERE h.sending_code = %(s)s))"
)
BIGGEST = "SELECT city_id FROM mission GROUP BY city_id ORDER BY count(*) DESC, city_id LIMIT 1"
SENDER = (
    "SELECT p.code FROM mission m JOIN party p ON p.id = m.sending_party_id"
    " GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1"
)


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


def first_calls(url: str, query: str, params: dict[str, object], sessions: int) -> list[float]:
    """The statement's first run in each of ``sessions`` new sessions, after one
    trivial statement (the connection and its start-up are not counted)."""
    spent = []
    for _ in range(sessions):
        with psycopg.connect(url) as conn:
            conn.execute("SET jit = off")
            start = time.perf_counter()
            conn.execute(query, params).fetchall()  # type: ignore[arg-type]
            spent.append((time.perf_counter() - start) * 1000)
    return sorted(spent)


def show(name: str, spent: list[float], rows: int) -> None:
    p90 = spent[int(len(spent) * 0.9)]
    print(
        f"{name:32} median {statistics.median(spent):6.1f} ms, fastest {spent[0]:6.1f},"
        f" p90 {p90:6.1f} ({rows} rows)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--city", help="city key; default: the one with the most missions")
    parser.add_argument("--as-of", default="2025-06-01")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--sessions", type=int, default=9)
    args = parser.parse_args()
    with psycopg.connect(args.database_url) as conn:
        conn.execute("SET jit = off")
        if args.city:
            row = conn.execute("SELECT id FROM city WHERE key = %s", (args.city,)).fetchone()
        else:
            row = conn.execute(BIGGEST).fetchone()
        assert row is not None, "no such city"
        sender = conn.execute(SENDER).fetchone()
        assert sender is not None, "no missions"
        params = {"d": args.as_of, "c": row[0], "s": sender[0]}
        for name, query in (("heads_as_of", HEADS), ("evidence_as_of", EVIDENCE)):
            rows = len(conn.execute(query, params).fetchall())  # type: ignore[arg-type]
            show(f"{name}, pooled session", timings(conn, query, params, args.runs), rows)
        for name, query in (("city", EVIDENCE), (f"sender {sender[0]}", SENDER_EVIDENCE)):
            rows = len(conn.execute(query, params).fetchall())  # type: ignore[arg-type]
            spent = first_calls(args.database_url, query, params, args.sessions)
            show(f"evidence_as_of, {name}, new session", spent, rows)


if __name__ == "__main__":
    main()
