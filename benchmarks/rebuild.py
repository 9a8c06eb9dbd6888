"""A full rebuild of the derived tables on loaded databases, side by side: each
database in turn, from empty and in place (run.py's time_rebuild), ``--rounds`` times,
medians and each round. Give the same world at two revisions (a database and a copy
upgraded) to compare them on one machine in one sitting::

    .venv/bin/python benchmarks/rebuild.py --rounds 5 \\
        postgresql://postgres@127.0.0.1:5432/at_0022 postgresql://postgres@127.0.0.1:5432/at_0023
"""

from __future__ import annotations

import argparse
import statistics

import psycopg
from run import TARGET_REBUILD_ROWS_S, time_rebuild


def revision(url: str) -> str:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(row[0]) if row else "?"


def vacuum(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM heads_timeline, mission_timeline, fact_evidence")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+", help="loaded databases (each left as it was)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    seconds: dict[tuple[str, bool], list[float]] = {}
    rows: dict[str, int] = {}
    for n in range(args.rounds):
        for url in args.urls:
            for from_empty in (True, False):
                vacuum(url)  # the rows an earlier round rolled back, gone first
                figure = time_rebuild(url, from_empty=from_empty)
                seconds.setdefault((url, from_empty), []).append(figure["seconds"])
                rows[url] = int(figure["rows"])
                print(
                    f"round {n + 1} {url.rsplit('/', 1)[-1]:24s} "
                    f"{'from empty' if from_empty else 'in place':10s} "
                    f"{figure['seconds']:6.2f} s",
                    flush=True,
                )
    print(f"medians of {args.rounds} (target >= {TARGET_REBUILD_ROWS_S:,} rows/s):")
    for url in args.urls:
        for from_empty in (True, False):
            median = statistics.median(seconds[(url, from_empty)])
            print(
                f"  {url.rsplit('/', 1)[-1]} at {revision(url)}, "
                f"{'from empty' if from_empty else 'in place'}: {median:.2f} s for "
                f"{rows[url]:,} rows = {rows[url] / median:,.0f} rows/s"
            )


if __name__ == "__main__":
    main()
