"""Revision 0017: reporting.evidence_as_of() reads the tables under
reporting.mission_evidence itself, one mission at a time, so the ids asked for reach
every branch as index conditions, and mission_evidence reads the heads and changes
from their tables. Every row must stay what revision 0016's function and 0014's view
give: on the seeds, and on a generated world imported and then re-imported with every
7th tenure and 11th status change superseded (read as recorded now and as recorded
before the re-import), for all missions at once, city by city as the answers ask, and
with an id twice and a NULL; compared both ways, duplicates counted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import URL

from registry.bulk import load_bundle
from tests.conftest import _dsn, install_frozen
from tests.test_bulk_timelines import _supersede, generate

DIFFERENCE = """
SELECT (SELECT count(*) FROM (SELECT * FROM {new} EXCEPT ALL SELECT * FROM {old}) a),
       (SELECT count(*) FROM (SELECT * FROM {old} EXCEPT ALL SELECT * FROM {new}) b),
       (SELECT count(*) FROM {old}),
       (SELECT count(*) FROM {old} WHERE evidence_on IS NOT NULL)
"""

DATES = ("1815-06-09", "1950-01-01", "2025-06-01")


def compare(conn: psycopg.Connection[Any], args: str, params: dict[str, Any]) -> list[int]:
    row = conn.execute(
        DIFFERENCE.format(
            new=f"reporting.evidence_as_of({args})", old=f"pg_temp.evidence_as_of_0016({args})"
        ),
        params,
    ).fetchone()
    assert row is not None
    return list(row)


def differences(url: URL, recorded: str | None = None) -> list[tuple[str, str, list[int]]]:
    """(date, how, [rows only the new function gives, only 0016's, 0016's rows, with
    evidence]) for each date and way of asking."""
    found = []
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        install_frozen(conn, "reporting.evidence_as_of", "0016")
        install_frozen(conn, "reporting.mission_evidence", "0014")
        if recorded is not None:
            conn.execute("SELECT set_config('registry.as_recorded', %s, false)", (recorded,))
        ids = [r[0] for r in conn.execute("SELECT id FROM mission ORDER BY id")]
        row = conn.execute(
            DIFFERENCE.format(new="reporting.mission_evidence", old="mission_evidence_0014")
        ).fetchone()
        assert row is not None
        found.append(("the view", "every date", list(row)))
        cities = [r[0] for r in conn.execute("SELECT DISTINCT city_id FROM mission")]
        for day in DATES:
            # Bound parameters: the function inlined, the ids a constant array.
            found.append(("all", day, compare(conn, "%(d)s, %(ids)s", {"d": day, "ids": ids})))
            odd = [ids[0], ids[0], None, *ids[1:5]]
            row = compare(conn, "%(d)s, %(ids)s", {"d": day, "ids": odd})
            found.append(("twice, NULL", day, row))
            by_city = [0, 0, 0, 0]
            for city in cities:
                # As registry.read.one_trip asks: the ids by a subquery, not inlined.
                row = compare(
                    conn,
                    "%(d)s::date, ARRAY(SELECT id FROM mission WHERE city_id = %(c)s)",
                    {"d": day, "c": city},
                )
                by_city = [a + b for a, b in zip(by_city, row, strict=True)]
            found.append(("city by city", day, by_city))
    return found


def assert_same(found: list[tuple[str, str, list[int]]]) -> None:
    for how, day, (only_new, only_old, rows, _) in found:
        assert rows > 0, (how, day)
        assert (how, day, only_new, only_old) == (how, day, 0, 0)
    assert sum(row[2][3] for row in found) > 0  # some evidence was compared


def test_the_seeds_evidence_is_what_0016_gives(seeded_db: URL) -> None:
    assert_same(differences(seeded_db))


def test_a_generated_world_evidence_is_what_0016_gives(seeded_db: URL, tmp_path: Path) -> None:
    world, revised = tmp_path / "world", tmp_path / "revised"
    generate(world, 3_000, 1815)
    _supersede(world, revised)
    with psycopg.connect(_dsn(seeded_db)) as conn:
        load_bundle(conn, world)
    with psycopg.connect(_dsn(seeded_db), autocommit=True) as conn:
        row = conn.execute("SELECT now()::text").fetchone()
        assert row is not None
        before = row[0]
    with psycopg.connect(_dsn(seeded_db)) as conn:
        load_bundle(conn, revised)
    assert_same(differences(seeded_db))
    assert_same(differences(seeded_db, recorded=before))
