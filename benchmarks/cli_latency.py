"""CLI latency: `registry who-heads kabul` against a bare psycopg script running
the same query, and `registry --help`.

Usage (from the repository root, with the project installed in .venv):

    .venv/bin/python benchmarks/cli_latency.py [--runs 15] [--database-url URL]

Without --database-url it uses the embedded default (starting it if needed).
Each command runs once to warm caches, then --runs times; the script prints the
median and the fastest wall-clock time of each and the ratio of medians.
Targets (issue 3): who-heads within 1.25x of the bare script; --help under 150 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def timed(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    subprocess.run(cmd, check=True, capture_output=True, env=env)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    env = dict(os.environ)
    from registry.db import resolve

    target = resolve(args.database_url)
    if args.database_url:
        env["REGISTRY_DATABASE_URL"] = args.database_url
    registry = str(BIN / "registry")
    cases = {
        "registry who-heads kabul --format json": [
            registry,
            "who-heads",
            "kabul",
            "--format",
            "json",
        ],
        "bare psycopg, same query": [
            sys.executable,
            str(HERE / "bare_who_heads.py"),
            target.dsn,
            "kabul",
        ],
        "registry --help": [registry, "--help"],
        "python -c pass (interpreter start)": [sys.executable, "-c", "pass"],
    }
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(f"database: {target.where}; {args.runs} runs after one warm-up, wall clock per process")
    medians = {}
    for name, cmd in cases.items():
        times = timed(cmd, args.runs, env)
        medians[name] = statistics.median(times)
        print(
            f"{name:45s} median {medians[name] * 1000:7.1f} ms"
            f"   fastest {min(times) * 1000:7.1f} ms"
        )
    ratio = medians["registry who-heads kabul --format json"] / medians["bare psycopg, same query"]
    print(f"who-heads / bare psycopg: {ratio:.2f}x (target <= 1.25x)")
    print(f"--help: {medians['registry --help'] * 1000:.0f} ms (target < 150 ms)")


if __name__ == "__main__":
    main()
