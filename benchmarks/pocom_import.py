"""`registry import pocom` against its floor, ElementTree parsing the same XML files,
in one run: the first import into a fresh copy of a migrated and seeded template, then
a re-import of the unchanged sample into the same database (issue 19: re-import
within 3x of the floor, first import within 5x).

Usage (from the repository root, with the project installed in .venv):

    .venv/bin/python benchmarks/pocom_import.py \
        --database-url postgresql://postgres@127.0.0.1:5432/postgres [--runs 5] \
        [--pocom ../shared/data/pocom-sample] [--compare /path/to/checkout]

The script creates (and drops) databases named pocombench_* on that server: a
template (`alembic upgrade head` and the seeds), and a copy of it per round.
--compare PATH times another checkout's registry package (PATH first on PYTHONPATH,
this checkout's interpreter and template) in the same rounds: before and after, side
by side.

Each round runs, in turn: the floor (a process that imports ElementTree, then times
`ET.parse` of every *.xml file under the sample, sorted: the figure is the parse
alone, start-up not counted), then per registry under test the first import into a
fresh copy of the template and a re-import into it (`registry import pocom DIR`,
wall clock of the whole process, start-up included, as a user waits for it), then
for this checkout a re-import with --force (since revision 0024 an unchanged
re-import recalls the last import without reading the files; --force reads and
compares every row, as every re-import did before). The
imports run once to warm the caches (bytecode in a directory of the run's) first.
Printed: the median of each, fastest and slowest in brackets, and beside its target
the median of the rounds' ratios to their own floor (and the ratio of the medians).
Every import of one kind must print the same report (the database's name and the time
of a recalled import aside): a line says so if they differ. --compare needs a
checkout at the same schema revision.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg
from measure import REGISTRY, machine

ROOT = Path(__file__).resolve().parents[1]
TARGETS: dict[str, float | None] = {
    "first import": 5.0,
    "re-import": 3.0,
    "re-import --force": None,  # read and compared again: what 0023 always did
}
FLOOR = """
import pathlib, sys, time, xml.etree.ElementTree as ET
files = sorted(pathlib.Path(sys.argv[1]).rglob("*.xml"))
start = time.perf_counter()
for f in files:
    ET.parse(f)
print(time.perf_counter() - start, len(files))
"""


def _admin(url: str) -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(url, autocommit=True)


def _with_db(url: str, name: str) -> str:
    from registry.db import parse_url

    return (
        parse_url(url)
        .set(drivername="postgresql", database=name)
        .render_as_string(hide_password=False)
    )


def _template(url: str, name: str) -> None:
    from registry import schema
    from registry.db import parse_url
    from registry.paths import seeds_dir
    from registry.seeds.load import load_paths

    with _admin(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    target = parse_url(_with_db(url, name))
    schema.upgrade(target)
    load_paths(target, [seeds_dir()])


def _floor(pocom: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", FLOOR, str(pocom)], capture_output=True, text=True, check=True
    )
    return float(done.stdout.split()[0])


def _import(
    cmd: list[str], env: dict[str, str], url: str, pocom: Path, *options: str
) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [*cmd, "import", "pocom", str(pocom), *options, "--database-url", url],
        capture_output=True,
        text=True,
        env=env,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        last = (done.stderr or done.stdout).strip().splitlines() or ["?"]
        raise SystemExit(f"{' '.join(cmd)} import pocom: exit {done.returncode}: {last[-1]}")
    # The report names the database, and a recalled one the time of the import.
    return elapsed, _WHEN.sub("TIME", done.stdout.replace(url, "DB"))


_WHEN = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC")


def _shown(values: list[float]) -> str:
    return f"{statistics.median(values):7.3f} s [{min(values):.3f}-{max(values):.3f}]"


def _ratio(values: list[float], floors: list[float], target: float | None) -> str:
    """The median of each round's time over that round's floor (a busy moment of a
    shared machine slows both alike), and the ratio of the medians."""
    per_round = statistics.median(v / f for v, f in zip(values, floors, strict=True))
    of_medians = statistics.median(values) / statistics.median(floors)
    said = f"{per_round:5.2f}x the floor (per round; {of_medians:.2f}x of the medians)"
    if target is None:
        return said
    return f"{said}, target {target:g}x: {'met' if per_round <= target else 'missed'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pocom", type=Path, default=ROOT.parent / "shared/data/pocom-sample")
    parser.add_argument("--compare", type=Path, help="another checkout, timed alongside")
    args = parser.parse_args()
    pocom = args.pocom.resolve()
    # Bytecode as an installed registry has it (pip compiles on install): cached by the
    # warm-up round in a directory of this run's, whatever PYTHONDONTWRITEBYTECODE says.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REGISTRY_DATABASE_URL", "PYTHONDONTWRITEBYTECODE")
    }
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="pocombench-pyc-")
    variants: dict[str, dict[str, str]] = {"this": env}
    if args.compare:
        other = dict(env)
        other["PYTHONPATH"] = str(args.compare.resolve())
        other["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="pocombench-pyc-")
        variants["compare"] = other
    run = uuid.uuid4().hex[:8]
    template = f"pocombench_{run}_template"
    made: list[str] = [template]
    times: dict[tuple[str, str], list[float]] = {}
    floors: list[float] = []
    reports: dict[tuple[str, str], set[str]] = {}
    try:
        _template(args.database_url, template)
        count = 0

        def fresh() -> str:
            nonlocal count
            count += 1
            name = f"pocombench_{run}_{count}"
            with _admin(args.database_url) as conn:
                conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            made.append(name)
            return _with_db(args.database_url, name)

        def drop(url: str) -> None:
            name = url.rsplit("/", 1)[1]
            with _admin(args.database_url) as conn:
                conn.execute(f'DROP DATABASE "{name}"')
            made.remove(name)

        for round_ in range(args.runs + 1):  # round 0 warms up, not counted
            floor = _floor(pocom)
            for label, variant in variants.items():
                url = fresh()
                first, first_out = _import([REGISTRY], variant, url, pocom)
                again, again_out = _import([REGISTRY], variant, url, pocom)
                measured = {"first import": (first, first_out), "re-import": (again, again_out)}
                if label == "this":  # a checkout before revision 0024 always reads
                    measured["re-import --force"] = _import(
                        [REGISTRY], variant, url, pocom, "--force"
                    )
                drop(url)
                if round_ == 0:
                    continue
                for what, (took, out) in measured.items():
                    times.setdefault((label, what), []).append(took)
                    reports.setdefault((label, what), set()).add(out)
            if round_:
                floors.append(floor)
                print(f"round {round_}: floor {floor:.3f} s", file=sys.stderr)
    finally:
        with _admin(args.database_url) as conn:
            for name in reversed(made):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    print(machine())
    print(f"pocom: {pocom} ({sum(1 for _ in pocom.rglob('*.xml'))} XML files), {args.runs} rounds")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'ElementTree parse (floor)':40} {_shown(floors)}")
    for label in variants:
        name = "" if label == "this" else f" ({args.compare})"
        for what, target in TARGETS.items():
            if (label, what) not in times:
                continue
            values = times[(label, what)]
            print(f"{what + name:40} {_shown(values)}  {_ratio(values, floors, target)}")
            if len(reports[(label, what)]) != 1:
                print(f"  the {what}s of {label} reported differently")
    if "compare" in variants:
        for what in TARGETS:
            if ("compare", what) not in times:
                continue
            pairs = zip(times[("this", what)], times[("compare", what)], strict=True)
            ratio = statistics.median(a / b for a, b in pairs)
            print(f"{what}: this / compare = {ratio:.2f} (median of the rounds' ratios)")


if __name__ == "__main__":
    main()
