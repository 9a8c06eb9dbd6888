"""Reading and checking a bundle's files alone, no database: `staged_rows` over every
file of the bundle, as `registry import bundle` streams them into its COPYs (the
client's share of staging). Median of ``--runs`` and each run; run it with another
checkout first on PYTHONPATH to compare (issue 19)::

    .venv/bin/python benchmarks/bundle_read.py /tmp/w100k --runs 3
    PYTHONPATH=/tmp/before .venv/bin/python benchmarks/bundle_read.py /tmp/w100k --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from measure import machine

import registry
from registry.bundle.read import staged_rows
from registry.bundle.report import Errors
from registry.bundle.spec import FILES


def read_once(directory: Path) -> tuple[float, int]:
    errors = Errors()
    rows = 0
    start = time.perf_counter()
    for spec in FILES:
        path = directory / spec.file
        if path.exists():
            rows += sum(1 for _ in staged_rows(path, spec, errors))
    seconds = time.perf_counter() - start
    if errors:
        raise SystemExit(f"the bundle has errors: {errors}")
    return seconds, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    print(f"registry package: {Path(registry.__file__).parent}")
    runs = [read_once(args.bundle) for _ in range(args.runs)]
    seconds = [s for s, _ in runs]
    rows = runs[0][1]
    median = statistics.median(seconds)
    print(
        f"{rows:,} rows read and checked: {median:.2f} s, median of {args.runs}"
        f" [{', '.join(f'{s:.2f}' for s in seconds)}] = {rows / median:,.0f} rows/s"
    )


if __name__ == "__main__":
    main()
