"""The world-scale benchmark runs end to end at a tiny scale. No timing is asserted:
only that it completes, prints every figure, and that the generated world loads
through `registry import bundle` into the same rows as the raw COPY baseline."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import psycopg
from sqlalchemy import URL

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
FIGURES = (
    "load, the floor: COPY, triggers off",
    "load, raw COPY, timelines by trigger",
    "load, registry import bundle",
    "full rebuild of the derived tables",
    "peak RSS of registry import bundle",
    "registry who-heads",
    "registry history",
    "registry represents",
    "server time (EXPLAIN ANALYZE)",
    "sequential scans",
    "bare psycopg, same statements",
    "registry --help",
)


def test_generated_world_is_deterministic(tmp_path: Path) -> None:
    for name in ("a", "b"):
        out = str(tmp_path / name)
        subprocess.run(
            [
                sys.executable,
                str(BENCHMARKS / "generate.py"),
                out,
                "--tenures",
                "300",
                "--seed",
                "7",
            ],
            check=True,
            capture_output=True,
        )
    first = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "tenures.csv" in first
    for name in first:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    tenures = (tmp_path / "a" / "tenures.csv").read_text(encoding="utf-8").splitlines()
    assert len(tenures) == 1 + 300
    read = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bundle_read.py"), str(tmp_path / "a"), "--runs", "1"],
        capture_output=True,
        text=True,
    )
    assert read.returncode == 0, read.stderr[-2000:]
    assert "rows read and checked" in read.stdout, read.stdout


def test_benchmark_runs_at_tiny_scale(server: URL, seeded_template: str, tmp_path: Path) -> None:
    admin = server.render_as_string(hide_password=False)
    options = ["--database-url", admin, "--template", seeded_template, "--work", str(tmp_path)]
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "run.py"), "--tenures", "300", "--runs", "1", *options],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for figure in FIGURES:
        assert figure in result.stdout, f"{figure!r} missing from:\n{result.stdout}"
    assert "FAILED" not in result.stdout, result.stdout
    assert "differs" not in result.stdout, result.stdout


def test_the_foreign_keys_cost_is_measured_and_the_database_left_as_it_was(
    seeded_db: URL,
) -> None:
    url = seeded_db.set(drivername="postgresql").render_as_string(hide_password=False)
    counts = "SELECT (SELECT count(*) FROM tenure), (SELECT count(*) FROM status_change)"
    with psycopg.connect(url) as conn:
        before = conn.execute(counts).fetchone()
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "foreign_keys.py"), "--rounds", "1", url],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "tenure: " in result.stdout and "fk_tenure_mission_id_mission" in result.stdout
    assert "status_change: " in result.stdout, result.stdout
    with psycopg.connect(url) as conn:
        assert conn.execute(counts).fetchone() == before
