"""What the facts' foreign keys cost a bulk import, on a loaded database: each large
fact table's rows inserted again as copies (in a transaction rolled back, so the
database is left as it was), with `EXPLAIN (ANALYZE)` giving the time of each
foreign-key check apart from the insert itself (heap, indexes, CHECKs, the exclusion
constraint): the part of `registry import bundle` its floor (`run.py`: the same
COPY with every trigger off) does not pay, and no rewrite of the import's statements
removes. PostgreSQL checks a foreign key once a row, with a query of its own; there
is no set-based check of an INSERT's rows short of dropping the constraint.

Usage (a database `run.py --keep` loaded, say ``bench_XXXXXXXX_bulk``)::

    .venv/bin/python benchmarks/foreign_keys.py --rounds 3 \\
        postgresql://postgres@127.0.0.1:5432/bench_XXXXXXXX_bulk

Each copy gets a recorded range of its own in 2000 (one microsecond, a second apart),
so it overlaps no current version and no other copy: the exclusion and partial
unique constraints are checked, never violated. Printed: per table the median of the
rounds, the insert without its checks and each check.
"""

from __future__ import annotations

import argparse
import json
import statistics
from typing import Any

import psycopg
from measure import machine

RECORDED = (
    "tstzrange(timestamptz '2000-01-01' + id * interval '1 second',"
    " timestamptz '2000-01-01' + id * interval '1 second' + interval '1 microsecond')"
)
# Each table's columns as the bulk writer inserts them, copied row for row.
COPIES = {
    "tenure": (
        "mission_id, person_id, rank_code, valid, start_precision, attested_precision,"
        " end_precision, credentials_on, credentials_precision, credentials_authority_id,"
        " note, source_id, resident_city_id, supersedes_id"
    ),
    "status_change": (
        "kind, occurred_on, occurred_precision, mission_id, tenure_id, actor_party_id,"
        " actor_authority_id, note, source_id, supersedes_id"
    ),
}


def explain(conn: psycopg.Connection[Any], table: str) -> dict[str, Any]:
    columns = COPIES[table]
    with conn.transaction(force_rollback=True):
        conn.execute("SET LOCAL jit = off")
        # The bulk writer's setting: the timelines are rebuilt at commit, not per statement.
        conn.execute("SET LOCAL registry.bulk = 'on'")
        row = conn.execute(
            f"EXPLAIN (ANALYZE, FORMAT JSON) INSERT INTO {table} ({columns}, recorded) "
            f"SELECT {columns}, {RECORDED} FROM {table}"
        ).fetchone()
    assert row is not None
    plan: dict[str, Any] = (row[0] if isinstance(row[0], list) else json.loads(row[0]))[0]
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", help="a loaded database (left as it was)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    with psycopg.connect(args.url) as conn:
        version = conn.execute("SHOW server_version").fetchone()
        print(f"PostgreSQL {version[0] if version else '?'}, {args.rounds} rounds")
        for table in COPIES:
            totals: list[float] = []
            checks: dict[str, list[float]] = {}
            rows = 0
            for _ in range(args.rounds):
                plan = explain(conn, table)
                totals.append(plan["Execution Time"] / 1000)
                for trigger in plan.get("Triggers", []):
                    name = trigger.get("Constraint Name")
                    if name:  # a foreign key's check (a statement trigger has none)
                        checks.setdefault(name, []).append(trigger["Time"] / 1000)
                        rows = trigger["Calls"]
            total = statistics.median(totals)
            checked = {name: statistics.median(times) for name, times in checks.items()}
            all_checks = sum(checked.values())
            print(
                f"{table}: {rows:,} rows, {total:.2f} s in all:"
                f" the insert {total - all_checks:.2f} s,"
                f" its {len(checked)} foreign keys {all_checks:.2f} s"
                f" ({all_checks / total:.0%}; {all_checks / max(rows, 1) * 1e6:.1f} us a row)"
            )
            for name, seconds in sorted(checked.items(), key=lambda kv: -kv[1]):
                print(f"  {name:55s} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
