"""Issue 19, revision 0015: heads_timeline_of() computes its rows set-based (window
functions over every mission asked for) instead of index lookups per stretch. Every
row must stay what revision 0014's function gives: on the seeds, and on a generated
world imported and then re-imported with every 7th tenure and 11th status change
superseded (so missions hold several versions), compared both ways, duplicates
counted."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import URL

from registry.bulk import load_bundle
from tests.conftest import _dsn, install_frozen
from tests.test_bulk_timelines import _supersede, generate

# What each side gives for every mission; the new one as refresh_heads_timeline() runs
# it for many missions (nested loops off), and per mission, as a recorded fact does.
DIFFERENCE = """
SELECT (SELECT count(*) FROM (SELECT * FROM {new} EXCEPT ALL SELECT * FROM {old}) a),
       (SELECT count(*) FROM (SELECT * FROM {old} EXCEPT ALL SELECT * FROM {new}) b),
       (SELECT count(*) FROM {old})
"""


def differences(url: URL) -> list[tuple[str, int, int, int]]:
    """(how, rows only the new function gives, rows only 0014's gives, 0014's rows)."""
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        install_frozen(conn, "public.heads_timeline_of", "0014")
        ids = [r[0] for r in conn.execute("SELECT id FROM mission ORDER BY id")]
        found = []
        conn.execute("SET enable_nestloop = off")
        row = conn.execute(
            DIFFERENCE.format(
                new="heads_timeline_of(%(ids)s)", old="pg_temp.heads_timeline_of_0014(%(ids)s)"
            ),
            {"ids": ids},
        ).fetchone()
        assert row is not None
        found.append(("all missions at once", *row))
        conn.execute("RESET enable_nestloop")
        # The table as the import's refresh at commit left it.
        row = conn.execute(
            DIFFERENCE.format(new="heads_timeline", old="pg_temp.heads_timeline_of_0014(%(ids)s)"),
            {"ids": ids},
        ).fetchone()
        assert row is not None
        found.append(("heads_timeline", *row))
        apart = [0, 0, 0]
        for mission in ids[:: max(1, len(ids) // 60)]:
            row = conn.execute(
                DIFFERENCE.format(
                    new="heads_timeline_of(ARRAY[%(m)s])",
                    old="pg_temp.heads_timeline_of_0014(ARRAY[%(m)s])",
                ),
                {"m": mission},
            ).fetchone()
            assert row is not None
            apart = [a + b for a, b in zip(apart, row, strict=True)]
        found.append(("one mission at a time", *apart))
    return found


def assert_same(found: list[tuple[str, int, int, int]]) -> None:
    for how, only_new, only_old, rows in found:
        assert rows > 0, how
        assert (how, only_new, only_old) == (how, 0, 0)


def test_the_seeds_timeline_is_what_0014_gives(seeded_db: URL) -> None:
    assert_same(differences(seeded_db))


def test_a_generated_world_timeline_is_what_0014_gives(
    seeded_db: URL, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world, revised = tmp_path / "world", tmp_path / "revised"
    generate(world, 3_000, 1815)
    _supersede(world, revised)
    for bundle in (world, revised):
        with psycopg.connect(_dsn(seeded_db)) as conn:
            load_bundle(conn, bundle)
        assert_same(differences(seeded_db))
