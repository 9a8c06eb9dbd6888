"""CLI latency on the seeds: `registry who-heads kabul --format json` against its floor,
a bare psycopg script (bare.py: import psycopg, connect with the options registry
connects with, the one select that answers, the rows printed as JSON), on
PostgreSQL over TCP (--database-url) and on the embedded server over its socket, in
one run; `history kazakhstan kabul` and `represents kazakhstan` (JSON) likewise
against bare.py with the statements each sends; and `registry --help` against
`python -c pass`.

Usage (from the repository root, with the project installed in .venv):

    .venv/bin/python benchmarks/cli_latency.py \
        --database-url postgresql://postgres@127.0.0.1:5432/DB [--runs 9] \
        [--compare /path/to/other/checkout/.venv/bin/registry]

DB must be migrated to head and seeded (`alembic upgrade head`, `registry load`).
The embedded server is the default one (REGISTRY_DATA_DIR, started if needed);
--no-embedded leaves it out. --compare times another checkout's `registry` in the
same rounds (before and after, side by side, on the same databases).

Every command runs once to warm caches (bytecode too: cached in a directory of the
run's, PYTHONPYCACHEPREFIX, as an installed registry has it, whatever
PYTHONDONTWRITEBYTECODE says), then --runs rounds; in each round every
command runs once, in turn, so that a busy moment of a shared machine falls on all
of them alike. Wall clock per process (subprocess, output captured). Printed: the
median, and the fastest and slowest in brackets, of each, and the median of its own
CPU time; each command's ratio of wall-clock medians to its floor. Targets (issue
19): who-heads within 1.25x of the floor on both servers; --help under 100 ms (the
other two commands' ratios are shown without a target).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import REGISTRY, bare_command, capture, machine

WHO_HEADS = ["who-heads", "kabul", "--format", "json"]
# The other read commands timed, each against bare.py sending every statement it sends.
OTHERS = {
    "history": ["history", "kazakhstan", "kabul", "--format", "json"],
    "represents": ["represents", "kazakhstan", "--as-of", "2024-01-01", "--format", "json"],
}
TARGET_RATIO = 1.25
TARGET_HELP_MS = 100


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall-clock seconds, and the process's own CPU seconds (user and system: the
    database server's work is not in it), of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if done.returncode not in (0, 1):  # 1 = nothing on record: still a full answer
        lines = (done.stderr or done.stdout).decode(errors="replace").strip().splitlines()
        raise SystemExit(f"{' '.join(cmd)}: exit {done.returncode}: {(lines or ['?'])[-1]}")
    return elapsed, cpu


def _floor(dsn: str, work: Path, name: str, command: list[str], last_only: bool) -> list[str]:
    """bare.py with the statements that answer ``command``, captured from this
    checkout's code: who-heads' one select (the last statement it sends), or all."""
    statements, code = capture([*command, "--database-url", dsn])
    if code != 0:
        raise SystemExit(f"registry {' '.join(command)} on {name}: exit {code}")
    return bare_command(dsn, statements[-1:] if last_only else statements, work, name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url", help="a PostgreSQL server over TCP, migrated and seeded")
    parser.add_argument("--no-embedded", action="store_true", help="leave the embedded server out")
    parser.add_argument(
        "--compare", metavar="REGISTRY", help="another checkout's registry executable, timed too"
    )
    args = parser.parse_args()

    from registry.db import resolve

    # Bytecode as an installed registry has it (pip compiles on install): cached once
    # by the warm-up, in a directory of this run's, never in a checkout's __pycache__.
    base_env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REGISTRY_DATABASE_URL", "PYTHONDONTWRITEBYTECODE")
    }
    base_env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="registry-latency-pyc-")
    servers: list[tuple[str, str, dict[str, str]]] = []  # (label, dsn, env)
    if args.database_url:
        target = resolve(args.database_url)
        servers.append(
            (f"TCP: {target.where}", target.dsn, {**base_env, "REGISTRY_DATABASE_URL": target.dsn})
        )
    if not args.no_embedded:
        os.environ.pop("REGISTRY_DATABASE_URL", None)
        target = resolve(None)
        servers.append((f"embedded: {target.where}", target.dsn, base_env))
    if not servers:
        raise SystemExit("nothing to measure: give --database-url, or leave out --no-embedded")

    binaries = {"registry": REGISTRY}
    if args.compare:
        binaries["compared"] = args.compare
    work = Path(tempfile.mkdtemp(prefix="registry-latency-"))  # the statements, for bare.py
    cases: dict[tuple[str, str], tuple[list[str], dict[str, str]]] = {}
    for label, dsn, env in servers:
        cases[(label, "floor")] = (_floor(dsn, work, f"floor{len(cases)}", WHO_HEADS, True), env)
        for name, binary in binaries.items():
            cases[(label, name)] = ([binary, *WHO_HEADS], env)
        for command, argv in OTHERS.items():
            key = f"{label}: {command}"
            floor = _floor(dsn, work, f"floor{len(cases)}", argv, False)
            cases[(key, "floor")] = (floor, env)
            for name, binary in binaries.items():
                cases[(key, name)] = ([binary, *argv], env)
    cases[("--help", "floor")] = ([sys.executable, "-c", "pass"], base_env)
    for name, binary in binaries.items():
        cases[("--help", name)] = ([binary, "--help"], base_env)

    times: dict[tuple[str, str], list[float]] = {key: [] for key in cases}
    cpu: dict[tuple[str, str], list[float]] = {key: [] for key in cases}
    for cmd, env in cases.values():
        _run(cmd, env)  # warm-up
    for _ in range(args.runs):
        for key, (cmd, env) in cases.items():
            wall, used = _run(cmd, env)
            times[key].append(wall)
            cpu[key].append(used)

    print(f"machine: {machine()}")
    print(
        f"{args.runs} rounds after one warm-up, the commands interleaved round by round; "
        "wall clock per process, output captured; median (fastest-slowest) in ms"
    )
    print(f"bytecode cached by the warm-up in {base_env['PYTHONPYCACHEPREFIX']} (as installed)")
    print("floor of who-heads: benchmarks/bare.py running the one select who-heads answers with")
    print("floor of history, represents: bare.py running every statement the command sends")
    print("floor of --help: python -c pass (the interpreter's start)")
    print(
        "cpu: median of the process's own user+system CPU time (the server's is not in "
        "it): steadier than wall clock when the machine is shared"
    )
    for name, binary in binaries.items():
        print(f"{name}: {binary}")

    def shown(key: tuple[str, str]) -> str:
        t = times[key]
        return (
            f"{statistics.median(t) * 1000:7.1f} ({min(t) * 1000:6.1f}-{max(t) * 1000:6.1f})"
            f"   cpu {statistics.median(cpu[key]) * 1000:6.1f}"
        )

    labels = list(dict.fromkeys(label for label, _ in cases))
    for label in labels:
        floor = statistics.median(times[(label, "floor")])
        print(f"\n{label}")
        print(f"  {'floor':10s} {shown((label, 'floor'))}")
        for name in binaries:
            median = statistics.median(times[(label, name)])
            if label == "--help":
                verdict = "met" if median * 1000 < TARGET_HELP_MS else "NOT met"
                note = f"target < {TARGET_HELP_MS} ms: {verdict}"
            elif ": " in label:  # history, represents: no target
                note = f"{median / floor:.2f}x the floor"
            else:
                ratio = median / floor
                verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
                note = f"{ratio:.2f}x the floor (target <= {TARGET_RATIO}x: {verdict})"
            print(f"  {name:10s} {shown((label, name))}   {note}")


if __name__ == "__main__":
    main()
