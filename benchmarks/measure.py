"""What the benchmarks share: the SQL a command really runs, the plans of that SQL,
and wall-clock timing of commands as separate processes.

The SQL is never retyped here: `capture` runs the real command in-process with
psycopg.connect patched to record every statement and its parameters, so the
EXPLAINs and the bare psycopg floor (bare.py) run exactly what `registry` runs.
"""

from __future__ import annotations

import os
import pickle
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
REGISTRY = str(BIN / "registry")

Statement = tuple[str, Any]


def capture(args: list[str]) -> tuple[list[Statement], int]:
    """Run `registry ARGS` in this process; the statements it sent, and its exit code."""
    from typer.testing import CliRunner

    from registry.cli import app

    log: list[Statement] = []

    class Recording(psycopg.Connection):  # type: ignore[type-arg]
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            log.append((str(query), params))
            return super().execute(query, params, **kwargs)

    original = psycopg.connect
    psycopg.connect = Recording.connect  # type: ignore[assignment]
    try:
        result = CliRunner().invoke(app, args)
    finally:
        psycopg.connect = original  # type: ignore[assignment]
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return log, result.exit_code


def bare_command(dsn: str, statements: list[Statement], work: Path, name: str) -> list[str]:
    """The floor: a plain psycopg script running the same statements, printing JSON."""
    path = work / f"{name}.statements.pickle"
    from registry.db import READ_OPTIONS

    job = {"dsn": dsn, "statements": statements, "options": READ_OPTIONS}
    path.write_bytes(pickle.dumps(job))
    return [sys.executable, str(HERE / "bare.py"), str(path)]


@dataclass
class Plan:
    """What EXPLAIN (ANALYZE, BUFFERS) says of one statement (median of the runs)."""

    sql: str
    execution_ms: float
    planning_ms: float
    rows: int
    seq_scans: list[str]  # relations read by a Seq Scan
    nodes: Counter[str] = field(default_factory=Counter)
    indexes: set[str] = field(default_factory=set)
    shared_hit: int = 0
    shared_read: int = 0
    timed_out: bool = False


def _walk(node: dict[str, Any], plan: Plan) -> None:
    kind = node["Node Type"]
    plan.nodes[kind] += 1
    if kind == "Seq Scan":
        plan.seq_scans.append(node.get("Relation Name", "?"))
    if "Index Name" in node:
        plan.indexes.add(node["Index Name"])
    for child in node.get("Plans", []):
        _walk(child, plan)


def explain(conn: psycopg.Connection[Any], sql: str, params: Any, runs: int = 5) -> Plan:
    """EXPLAIN (ANALYZE, BUFFERS) once to warm the cache, then `runs` times (once only
    when a run takes over a second). Over the connection's statement_timeout, the
    plan without ANALYZE, marked timed out."""
    if sql.lstrip().split(None, 1)[0].upper() in ("SET", "RESET"):
        # A setting the command makes for its next statement: make it, nothing to plan.
        conn.execute(sql, params)
        return Plan(" ".join(sql.split()), 0.0, 0.0, 0, [])
    query = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql
    try:
        start = time.perf_counter()
        first = conn.execute(query, params).fetchone()
    except psycopg.errors.QueryCanceled:
        conn.rollback()  # the command's transaction is lost; plan this one alone
        row = conn.execute("EXPLAIN (FORMAT JSON) " + sql, params).fetchone()
        assert row is not None
        plan = Plan(" ".join(sql.split()), float("inf"), float("nan"), 0, [], timed_out=True)
        _walk(row[0][0]["Plan"], plan)
        return plan
    assert first is not None
    results = [first[0][0]]
    if time.perf_counter() - start < 1:
        results = []
        for _ in range(runs):
            row = conn.execute(query, params).fetchone()
            assert row is not None
            results.append(row[0][0])
    results.sort(key=lambda r: r["Execution Time"])
    best = results[len(results) // 2]
    top = best["Plan"]
    plan = Plan(
        sql=" ".join(sql.split()),
        execution_ms=best["Execution Time"],
        planning_ms=statistics.median(r["Planning Time"] for r in results),
        rows=top.get("Actual Rows", 0),
        seq_scans=[],
        shared_hit=top.get("Shared Hit Blocks", 0),
        shared_read=top.get("Shared Read Blocks", 0),
    )
    _walk(top, plan)
    return plan


class CommandFailed(RuntimeError):
    """A timed command did not answer (exit other than 0 or 1)."""


def timed(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    """Wall-clock seconds of `runs` runs of a command, after one warm-up run."""
    env = env or dict(os.environ)
    ok = (0, 1)  # 1 = nothing on record: still a full answer
    start = time.perf_counter()
    first = subprocess.run(cmd, capture_output=True, env=env, text=True)
    if first.returncode not in ok:
        lines = (first.stderr or first.stdout).strip().splitlines() or ["no output"]
        raise CommandFailed(f"exit {first.returncode}: {lines[-1]}")
    if time.perf_counter() - start > 5:  # a slow command: one run says enough
        runs = 1
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def machine() -> str:
    """CPU model, cores, memory and Python version, for the figures' caption."""
    import platform

    cpu = "unknown CPU"
    memory = ""
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = next(ln.split(":", 1)[1].strip() for ln in info.splitlines() if "model name" in ln)
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {mem_kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )
