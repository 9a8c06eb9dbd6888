"""CLI latency on the seeds: `registry who-heads kabul` against a bare psycopg script
running the same statements (captured from the command, see measure.py), and
`registry --help`. benchmarks/run.py measures the same at world scale.

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
import sys
import tempfile
from pathlib import Path

from measure import REGISTRY, bare_command, capture, timed


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
    who_heads = ["who-heads", "kabul", "--format", "json"]
    statements, _ = capture([*who_heads, "--database-url", target.dsn])
    work = Path(tempfile.mkdtemp(prefix="registry-latency-"))  # the statements, for bare.py
    cases = {
        "registry who-heads kabul --format json": [REGISTRY, *who_heads],
        "bare psycopg, same query": bare_command(target.dsn, statements, work, "who-heads"),
        "registry --help": [REGISTRY, "--help"],
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
