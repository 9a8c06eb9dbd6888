"""Issue 19: `registry import bundle` leaves both timelines to one set-based rebuild of
its missions at commit (revision 0013) instead of the triggers of each statement. On a
generated world, every heads_timeline and mission_timeline row after a bulk import is
what the triggers give for the same bundle, a first import and a re-import that
supersedes facts alike (missions that moved, revision 0019, among them)."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.types.range import Range
from sqlalchemy import URL

from registry.bulk import load_bundle
from registry.bundle import load

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from generate import generate

TIMELINES = ("heads_timeline", "mission_timeline", "fact_evidence")


def _dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _import(url: URL, bundle: Path, *, bulk: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "BULK_TIMELINES", bulk)
    with psycopg.connect(_dsn(url)) as conn:
        load_bundle(conn, bundle)


def _rows(url: URL) -> dict[str, Counter[tuple[Any, ...]]]:
    """Each timeline's rows, every recorded instant a load wrote (its transaction's
    now(), different in each database) replaced by the order of the loads."""
    with psycopg.connect(_dsn(url)) as conn:
        loads = [
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT lower(recorded) FROM tenure UNION"
                " SELECT DISTINCT upper(recorded) FROM tenure WHERE NOT upper_inf(recorded)"
                " ORDER BY 1 DESC LIMIT 2"
            )
        ]
        instants = {at: f"load {n}" for n, at in enumerate(sorted(loads))}

        def same(value: Any) -> Any:
            if isinstance(value, dt.datetime):
                return instants.get(value, value)
            if isinstance(value, Range):
                return (same(value.lower), same(value.upper), value.bounds, value.isempty)
            if isinstance(value, list):
                return tuple(value)
            return value

        return {
            table: Counter(
                tuple(same(v) for v in row)
                for row in conn.execute(f"SELECT * FROM {table}")  # type: ignore[call-overload]
            )
            for table in TIMELINES
        }


def _assert_same(bulk: URL, triggers: URL) -> None:
    by_bulk, by_triggers = _rows(bulk), _rows(triggers)
    for table in TIMELINES:
        assert by_bulk[table], table
        only_bulk = by_bulk[table] - by_triggers[table]
        only_triggers = by_triggers[table] - by_bulk[table]
        assert not only_bulk and not only_triggers, (table, only_bulk, only_triggers)


def _supersede(bundle: Path, changed: Path) -> None:
    """The same bundle with a note on every 7th tenure (new versions, their status
    changes moving to them) and one on every 11th status change."""
    changed.mkdir()
    for path in bundle.iterdir():
        text = path.read_text(encoding="utf-8")
        if path.name in ("tenures.csv", "status_changes.csv"):
            every = 7 if path.name == "tenures.csv" else 11
            rows = list(csv.DictReader(text.splitlines()))
            for n, row in enumerate(rows):
                if n % every == 0:
                    row["note"] = f"revised {n}"
            with (changed / path.name).open("w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
        else:
            (changed / path.name).write_text(text, encoding="utf-8")


def _move(world: Path, shift: int = 0) -> None:
    """Every 9th mission with a seat moved in 1900 (``shift`` years later: each seat a new
    version) to another city of its host (revision 0019's mission_seats.csv)."""
    cities: dict[str, list[str]] = {}
    for row in csv.DictReader((world / "cities.csv").read_text(encoding="utf-8").splitlines()):
        cities.setdefault(row["party_code"], []).append(row["key"])
    on = f"{1900 + shift}-03"
    lines = ["mission_key,city_key,from_on,until_on,source_key"]
    missions = csv.DictReader((world / "missions.csv").read_text(encoding="utf-8").splitlines())
    for n, row in enumerate(missions):
        others = [c for c in cities.get(row["host_code"], []) if c != row["city_key"]]
        if n % 9 or not row["city_key"] or not others:
            continue
        host = row["host_code"]
        lines += [
            f"{row['key']},{host}:{row['city_key']},,{on},",
            f"{row['key']},{host}:{others[0]},{on},,",
        ]
    (world / "mission_seats.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_a_bulk_import_leaves_the_timelines_the_triggers_would(
    databases: Any, seeded_template: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = tmp_path / "world"
    generate(world, 2_000, 1815)
    _move(world)
    revised = tmp_path / "revised"
    _supersede(world, revised)
    _move(revised, shift=1)
    bulk = databases.create(template=seeded_template)
    triggers = databases.create(template=seeded_template)

    _import(bulk, world, bulk=True, monkeypatch=monkeypatch)
    _import(triggers, world, bulk=False, monkeypatch=monkeypatch)
    _assert_same(bulk, triggers)

    _import(bulk, revised, bulk=True, monkeypatch=monkeypatch)
    _import(triggers, revised, bulk=False, monkeypatch=monkeypatch)
    _assert_same(bulk, triggers)
    with psycopg.connect(_dsn(bulk)) as conn:
        seats = conn.execute(
            "SELECT count(*) FILTER (WHERE supersedes_id IS NULL), count(supersedes_id)"
            " FROM mission_seat"
        ).fetchone()
    assert seats is not None and seats[0] > 100 and seats[1] == seats[0]


def test_facts_written_after_a_bulk_load_in_the_same_transaction_keep_their_triggers(
    seeded_db: URL, tmp_path: Path
) -> None:
    """load_bundle inside a caller's transaction: what the caller writes after it is
    kept by the triggers again (registry.bulk is the load's own)."""
    world = tmp_path / "world"
    generate(world, 50, 7)
    with psycopg.connect(_dsn(seeded_db)) as conn:
        conn.execute("SELECT 1")
        load_bundle(conn, world)
        setting = conn.execute("SELECT current_setting('registry.bulk', true)").fetchone()
        conn.commit()
    assert setting == ("off",)
