"""The registry at world scale, measured side by side in one run.

Usage (from the repository root, with the project installed in .venv):

    .venv/bin/python benchmarks/run.py --tenures 1000000 [--seed 1815] [--runs 11]
        [--database-url postgresql://postgres@127.0.0.1:5432/postgres] [--json OUT.json]
    .venv/bin/python benchmarks/run.py --bundle DIR ...   # a bundle generated before

It generates the world (benchmarks/generate.py) unless --bundle is given, builds a
template database on the server (alembic upgrade head + the bundled seeds: what
every registry database holds), and then, each in a fresh copy of the template:

1. load: `registry import bundle` (a subprocess: wall time and its peak RSS) versus
   its floor, the same rows, resolved to ids beforehand, COPYed in one transaction
   with every trigger off (`session_replication_role = replica`: no foreign-key
   checks, no timelines), and versus a raw COPY of them with every constraint,
   index and trigger in place (benchmarks/copy_baseline.py); the row counts of the
   import and the raw COPY must agree, timelines included.
2. queries on the loaded database (after VACUUM ANALYZE, as autovacuum would leave
   it): the statements `registry who-heads CITY --as-of DATE`, `registry history
   SENDER CITY` and `registry represents SENDER --as-of DATE` really send (captured,
   not retyped), each under EXPLAIN (ANALYZE, BUFFERS): server time, planning time,
   sequential scans, plan nodes; then each command's wall time as a process versus
   a bare psycopg script sending the same statements (benchmarks/bare.py).
3. `registry --help` and a bare `python -c pass`.

Targets (issues 8, 19): load within 3x of the floor and 2x of the raw COPY, a full
rebuild of both timelines at 100,000 rows/s or more; each command's server time
under 2 ms with no sequential scan of tenure. The databases are dropped at the end (--keep
keeps them). Times are wall clock; medians of --runs after one warm-up.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import copy_baseline
import measure
import psycopg
from generate import generate

TABLES = (
    "source",
    "party",
    "city",
    "person",
    "mission",
    "mission_source",
    "accreditation",
    "tenure",
    "status_change",
    "external_id",
    # Derived by triggers (revisions 0008, 0009, 0018): both loads must leave the same.
    "heads_timeline",
    "mission_timeline",
    "fact_evidence",
)
TARGET_LOAD_RATIO = 2.0
TARGET_FLOOR_RATIO = 3.0  # issue 19: the import against COPY with the triggers off
TARGET_REBUILD_ROWS_S = 100_000  # issue 19: a full rebuild of both timelines
TARGET_SERVER_MS = 2.0
SLOW_MS = 10_000  # over this server time, timing the processes too says nothing new


def database_url(admin: str, name: str) -> str:
    return urlsplit(admin)._replace(path=f"/{name}").geturl()


class Server:
    """Makes and drops the benchmark's databases."""

    def __init__(self, admin: str) -> None:
        from registry.db import to_dsn

        self.admin = to_dsn(admin)
        self.created: list[str] = []
        self.prefix = f"bench_{uuid.uuid4().hex[:8]}"

    def create(self, role: str, template: str | None = None) -> str:
        name = f"{self.prefix}_{role}"
        with psycopg.connect(self.admin, autocommit=True) as conn:
            clause = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{clause}')  # type: ignore[arg-type]
        self.created.append(name)
        return name

    def drop(self, name: str) -> None:
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]
        self.created.remove(name)

    def url(self, name: str) -> str:
        return database_url(self.admin, name)

    def drop_all(self) -> None:
        with psycopg.connect(self.admin, autocommit=True) as conn:
            for name in reversed(self.created):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def build_template(server: Server) -> str:
    from registry import schema
    from registry.db import parse_url
    from registry.paths import seeds_dir
    from registry.seeds.load import load_paths

    name = server.create("template")
    url = parse_url(server.url(name))
    schema.upgrade(url)
    load_paths(url, [seeds_dir()])
    return name


def run_loader(url: str, bundle: Path, log: Path) -> dict[str, Any]:
    """`registry import bundle` as its own process: wall seconds and its peak RSS,
    measured by peak_rss.py (not by wait4 here: see there why)."""
    cmd = [measure.REGISTRY, "import", "bundle", str(bundle), "--database-url", url]
    wrapper = [sys.executable, str(Path(__file__).with_name("peak_rss.py"))]
    with log.open("w") as out:
        start = time.perf_counter()
        proc = subprocess.run(wrapper + cmd, stdout=out, stderr=subprocess.STDOUT, check=False)
        elapsed = time.perf_counter() - start
    lines = log.read_text(errors="replace").strip().splitlines()
    figures = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    tail = lines[-4:-1]
    return {
        "seconds": elapsed,
        "peak_rss_mb": figures.get("peak_rss_kb", 0) / 1024,  # kilobytes on Linux
        "exit_code": proc.returncode,
        "output_tail": tail,
    }


def time_rebuild(url: str, *, from_empty: bool) -> dict[str, float]:
    """A full rebuild of the derived tables (every mission), timed in a transaction rolled
    back after: rows a second. ``from_empty``: the three tables emptied first (TRUNCATE,
    not timed), as a revision that creates one or a first import meets them: every row
    is written. Else in place, as a revision's backfill over unchanged facts: since
    revision 0023 a refresh writes only the rows that differ, here none."""
    tables = ("heads_timeline", "mission_timeline", "fact_evidence")
    with psycopg.connect(url) as conn:
        conn.execute("SET statement_timeout = 0")
        if from_empty:
            conn.execute(f"TRUNCATE {', '.join(tables)}")  # type: ignore[arg-type]
        start = time.perf_counter()
        conn.execute("SELECT refresh_timelines(ARRAY(SELECT id FROM mission))")
        seconds = time.perf_counter() - start
        rows = sum(
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[arg-type,index]
            for t in tables
        )
        conn.rollback()
    return {"seconds": seconds, "rows": rows, "rows_per_s": rows / seconds}


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[arg-type,index]
            for t in TABLES
        }


def subjects(conn: psycopg.Connection[Any]) -> dict[str, str]:
    """What to ask about: the city with the most missions, the sender with the longest
    history there, and the sender with the most missions."""
    city = conn.execute(
        "SELECT c.id, c.key FROM mission m JOIN city c ON c.id = m.city_id"
        " GROUP BY c.id, c.key ORDER BY count(*) DESC, c.key LIMIT 1"
    ).fetchone()
    assert city is not None
    history = conn.execute(
        "SELECT p.code FROM mission m JOIN tenure t ON t.mission_id = m.id"
        " JOIN party p ON p.id = m.sending_party_id WHERE m.city_id = %s"
        " GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1",
        (city[0],),
    ).fetchone()
    sender = conn.execute(
        "SELECT p.code FROM mission m JOIN party p ON p.id = m.sending_party_id"
        " GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1"
    ).fetchone()
    assert history is not None and sender is not None
    return {"city": city[1], "history_sender": history[0], "sender": sender[0]}


def commands(subject: dict[str, str], as_of: str) -> dict[str, list[str]]:
    return {
        "who-heads": ["who-heads", subject["city"], "--as-of", as_of],
        "history": ["history", subject["history_sender"], subject["city"]],
        "represents": ["represents", subject["sender"], "--as-of", as_of],
    }


# The query-shape fix proposed for registry/queries.py `_posts`: the host's name comes
# from one indexed lookup per row instead of a join the planner makes a hash join of
# every mission (EXPLAINed only: the command itself runs the committed code).
RESHAPE = (
    (" JOIN reporting.mission m ON m.mission_id = h.mission_id", ""),
    (
        r"\bm\.host\b(?!_)",
        "(SELECT m.host FROM reporting.mission m WHERE m.mission_id = h.mission_id) AS host",
    ),
)


def reshape(sql: str) -> str | None:
    import re

    if RESHAPE[0][0] not in sql:
        return None
    for old, new in RESHAPE:
        sql = re.sub(old, new, sql) if old.startswith("\\") else sql.replace(old, new)
    return sql


def measure_queries(
    url: str, subject: dict[str, str], as_of: str, args: argparse.Namespace, work: Path, tuned: bool
) -> dict[str, Any]:
    """EXPLAIN and time each command. `tuned`: with jit off (session and PGOPTIONS),
    and the reshaped statements EXPLAINed too."""
    results: dict[str, Any] = {}
    env = dict(os.environ, REGISTRY_DATABASE_URL=url, NO_COLOR="1")
    if tuned:
        env["PGOPTIONS"] = "-c jit=off"
    from registry.db import READ_OPTIONS

    # Each command's statements are EXPLAINed in one transaction on a session set up as
    # the command's is (READ_OPTIONS), so its SET LOCALs apply as they do for it.
    with psycopg.connect(url, options=READ_OPTIONS) as conn:
        conn.execute(f"SET statement_timeout = {int(args.statement_timeout * 1000)}")  # type: ignore[arg-type]
        if tuned:
            conn.execute("SET jit = off")
        conn.commit()
        for name, cli_args in commands(subject, as_of).items():
            argv = [*cli_args, "--format", "json", "--database-url", url]
            statements, code = measure.capture(argv)
            plans = [measure.explain(conn, sql, params) for sql, params in statements]
            conn.rollback()
            main = max(plans, key=lambda p: p.execution_ms)
            timed_out = any(p.timed_out for p in plans)
            result: dict[str, Any] = {
                "command": "registry " + " ".join(cli_args),
                "exit_code": code,
                "statements": len(statements),
                "timed_out": timed_out,
                "server_ms_total": sum(p.execution_ms for p in plans),
                "planning_ms_total": sum(p.planning_ms for p in plans),
                "slowest": {
                    "sql": main.sql[:160],
                    "execution_ms": main.execution_ms,
                    "planning_ms": main.planning_ms,
                    "rows": main.rows,
                    "nodes": dict(main.nodes.most_common(6)),
                    "shared_hit": main.shared_hit,
                    "shared_read": main.shared_read,
                },
                "seq_scans": sorted({r for p in plans for r in p.seq_scans}),
                "tenure_seq_scan": any("tenure" in p.seq_scans for p in plans),
                "indexes": sorted({i for p in plans for i in p.indexes}),
                "wall_ms": None,
                "bare_ms": None,
            }
            if tuned:
                total = 0.0
                for (sql, params), plan in zip(statements, plans, strict=True):
                    other = reshape(sql)
                    total += (
                        measure.explain(conn, other, params).execution_ms
                        if other
                        else plan.execution_ms
                    )
                result["reshaped_ms_total"] = total
            if not timed_out and result["server_ms_total"] < SLOW_MS:
                command = [measure.REGISTRY, *cli_args, "--format", "json"]
                bare = measure.bare_command(url, statements, work, name)
                try:
                    wall = measure.timed(command, args.runs, env)
                    floor = measure.timed(bare, args.runs, env)
                except measure.CommandFailed as exc:
                    result["wall_error"] = str(exc)
                else:
                    result["wall_ms"] = statistics.median(wall) * 1000
                    result["bare_ms"] = statistics.median(floor) * 1000
            results[name] = result
    return results


def show_queries(queries: dict[str, Any]) -> None:
    for q in queries.values():
        slow = q["slowest"]
        say(f"{q['command']}  (exit {q['exit_code']}, {q['statements']} statements)")
        if q["timed_out"]:
            server = "over the statement timeout (plans without ANALYZE below)"
        else:
            server = f"{q['server_ms_total']:7.2f} ms + planning {q['planning_ms_total']:.2f} ms"
        ok = not q["timed_out"] and q["server_ms_total"] < TARGET_SERVER_MS
        say(
            f"  server time (EXPLAIN ANALYZE), all statements: {server}"
            f"   target < {TARGET_SERVER_MS:.0f} ms {verdict(ok)}"
        )
        if "reshaped_ms_total" in q:
            say(
                f"  server time with the query-shape fix (host by lookup, not join):"
                f" {q['reshaped_ms_total']:7.2f} ms"
            )
        say(
            f"  slowest statement: {slow['execution_ms']:.2f} ms, {slow['rows']} rows,"
            f" buffers hit {slow['shared_hit']} read {slow['shared_read']}: {slow['sql'][:90]}"
        )
        say("  plan nodes: " + ", ".join(f"{k} x{n}" for k, n in slow["nodes"].items()))
        scans = ", ".join(q["seq_scans"]) or "none"
        say(
            f"  sequential scans: {scans}   (of tenure: {'YES' if q['tenure_seq_scan'] else 'no'})"
            f" {verdict(not q['tenure_seq_scan'])}"
        )
        if q.get("wall_error"):
            say(f"  wall: the command failed: {q['wall_error']}")
        elif q["wall_ms"] is None:
            say("  wall: registry and bare psycopg: not run (server time over the limit)")
        else:
            say(
                f"  wall: registry {q['wall_ms']:7.1f} ms   bare psycopg, same statements"
                f" {q['bare_ms']:7.1f} ms   = {q['wall_ms'] / q['bare_ms']:.2f}x"
            )


def apply_fixes(url: str) -> None:
    """benchmarks/fixes.sql, one statement at a time, then fresh statistics."""
    text = (measure.HERE / "fixes.sql").read_text()
    with psycopg.connect(url, autocommit=True) as conn:
        for chunk in text.split(";\n"):
            code = "\n".join(ln for ln in chunk.splitlines() if not ln.lstrip().startswith("--"))
            if code.strip():
                conn.execute(code)  # type: ignore[arg-type]
        conn.execute("VACUUM (ANALYZE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--tenures", type=int, help="generate a world of this many tenures")
    what.add_argument("--bundle", type=Path, help="an existing bundle (from generate.py)")
    what.add_argument(
        "--loaded-db",
        help="measure only the queries, on this database already loaded (e.g. kept by --keep)",
    )
    parser.add_argument("--seed", type=int, default=1815)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "REGISTRY_BENCH_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="a server where the benchmark may create and drop databases",
    )
    parser.add_argument("--template", help="an existing migrated, seeded database to copy")
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--work", type=Path, help="scratch directory (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument(
        "--try-fixes",
        action="store_true",
        help="then apply benchmarks/fixes.sql to the loaded database and measure again",
    )
    parser.add_argument(
        "--statement-timeout", type=float, default=120, help="seconds allowed an EXPLAIN ANALYZE"
    )
    parser.add_argument(
        "--load-only", action="store_true", help="measure the loads only, not the queries"
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="registry-bench-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        server = Server(args.database_url)
        try:
            figures = bench(args, server, work)
        finally:
            if not args.keep:
                server.drop_all()
            else:
                print(f"kept databases: {', '.join(server.created)}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")


def bench(args: argparse.Namespace, server: Server, work: Path) -> dict[str, Any]:
    figures: dict[str, Any] = {"machine": measure.machine()}
    with psycopg.connect(server.admin) as conn:
        figures["postgresql"] = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    say(f"machine: {figures['machine']}")
    say(f"PostgreSQL {figures['postgresql']} at {mask(server.admin)}")

    if args.loaded_db:
        figures |= measure_all_queries(args, server, args.loaded_db, {}, work)
        return figures
    if args.bundle:
        bundle = args.bundle
        manifest = json.loads((bundle / "world.json").read_text())
    else:
        bundle = work / "bundle"
        start = time.perf_counter()
        manifest = generate(bundle, args.tenures, args.seed)
        figures["generate_s"] = time.perf_counter() - start
        say(
            f"generate.py --tenures {args.tenures} --seed {args.seed}: "
            f"{figures['generate_s']:.1f} s"
        )
    figures["world"] = manifest
    say("world: " + ", ".join(f"{n} {k}" for k, n in manifest["rows"].items()))

    template = args.template or build_template(server)

    # 1. load: the floor and the limit first, then the registry's loader, each in a
    # fresh copy of the template
    floor_db = server.create("floor", template)
    with psycopg.connect(server.url(floor_db)) as conn:
        start = time.perf_counter()
        prepared = copy_baseline.prepare(conn, bundle, work / "copy")
        figures["copy_prepare_s"] = time.perf_counter() - start
        conn.commit()
        figures["floor_s"] = copy_baseline.copy_all(conn, prepared, floor=True)
    say(
        f"load, the floor: COPY, triggers off:      {figures['floor_s']:8.1f} s"
        f"   (resolving keys to ids beforehand, not counted: {figures['copy_prepare_s']:.1f} s)"
    )
    server.drop(floor_db)
    copy_db = server.create("copy", template)
    with psycopg.connect(server.url(copy_db)) as conn:
        figures["copy_s"] = copy_baseline.copy_all(conn, prepared)
    say(f"load, raw COPY, timelines by trigger:     {figures['copy_s']:8.1f} s")

    bulk_db = server.create("bulk", template)
    loaded = run_loader(server.url(bulk_db), bundle, work / "import.log")
    figures["import"] = loaded
    query_db = copy_db
    if loaded["exit_code"] == 0:
        query_db = bulk_db
        ratio = loaded["seconds"] / figures["copy_s"]
        floor_ratio = loaded["seconds"] / figures["floor_s"]
        figures["load_ratio"], figures["floor_ratio"] = ratio, floor_ratio
        say(
            f"load, registry import bundle:             {loaded['seconds']:8.1f} s"
            f"   = {floor_ratio:.2f}x the floor (target <= {TARGET_FLOOR_RATIO:.0f}x)"
            f" {verdict(floor_ratio <= TARGET_FLOOR_RATIO)}, {ratio:.2f}x the raw COPY"
        )
        say(f"peak RSS of registry import bundle:       {loaded['peak_rss_mb']:8.0f} MB")
        copied, imported = row_counts(server.url(copy_db)), row_counts(server.url(bulk_db))
        figures["rows"] = {"copy": copied, "import": imported}
        for table in TABLES:
            mark = "" if copied[table] == imported[table] else "   <- differs"
            say(f"  rows {table:15s} COPY {copied[table]:>9}   import {imported[table]:>9}{mark}")
        for key, label, from_empty in (
            ("rebuild", "full rebuild of the derived tables, from empty:", True),
            ("rebuild_in_place", "full rebuild of the derived tables, in place:", False),
        ):
            rebuild = figures[key] = time_rebuild(server.url(bulk_db), from_empty=from_empty)
            ok = rebuild["rows_per_s"] >= TARGET_REBUILD_ROWS_S
            say(
                f"{label:46s} {rebuild['seconds']:6.1f} s"
                f"   {rebuild['rows']} rows = {rebuild['rows_per_s']:,.0f} rows/s"
                f" (target >= {TARGET_REBUILD_ROWS_S:,}) {verdict(ok)}"
            )
    else:
        say(
            f"load, registry import bundle: FAILED (exit {loaded['exit_code']}): "
            + " | ".join(loaded["output_tail"])
        )
        say("queries below run on the COPY-loaded database")
    if args.load_only:
        return figures
    figures |= measure_all_queries(args, server, query_db, manifest, work)
    return figures


def measure_all_queries(
    args: argparse.Namespace,
    server: Server,
    query_db: str,
    manifest: dict[str, Any],
    work: Path,
) -> dict[str, Any]:
    """2. queries on the loaded database, 3. start-up."""
    url = server.url(query_db)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")
        subject = subjects(conn)
    figures: dict[str, Any] = {"subjects": subject}
    as_of = manifest.get("as_of", "2025-06-01")
    say("queries, as committed:")
    figures["queries"] = measure_queries(url, subject, as_of, args, work, tuned=False)
    show_queries(figures["queries"])
    if args.try_fixes:
        apply_fixes(url)
        say("queries with benchmarks/fixes.sql applied and jit off:")
        figures["queries_fixed"] = measure_queries(url, subject, as_of, args, work, tuned=True)
        show_queries(figures["queries_fixed"])
    # 3. start-up
    help_ms = statistics.median(measure.timed([measure.REGISTRY, "--help"], args.runs)) * 1000
    pass_ms = statistics.median(measure.timed([sys.executable, "-c", "pass"], args.runs)) * 1000
    figures["help_ms"], figures["python_ms"] = help_ms, pass_ms
    say(f"registry --help: {help_ms:.1f} ms   (python -c pass: {pass_ms:.1f} ms)")
    return figures


def verdict(ok: bool) -> str:
    return "MET" if ok else "MISSED"


def mask(dsn: str) -> str:
    from registry.db import mask_text

    return mask_text(dsn)


def say(line: str) -> None:
    print(line, flush=True)


if __name__ == "__main__":
    main()
