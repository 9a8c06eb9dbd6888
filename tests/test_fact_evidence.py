"""Revision 0018: the evidence of the tenures and status changes is precomputed in
fact_evidence, which reporting.mission_evidence reads, and evidence_as_of() reads of
each mission only its latest date's evidence (the whole evidence of a post's forms
only), planned once a session. Every row must stay what revision 0017's function and
view give: on the seeds with a later complete list, a conflict and a post's forms
added; on a generated world imported and then re-imported with facts superseded; as
recorded now and as recorded before; for all missions at once, city by city as the
answers ask, and with an id twice and a NULL; compared both ways, duplicates counted.
And fact_evidence stays what fact_evidence_of() gives, whoever writes: the seeds, a
bundle, a renamed source, a relabelled kind of change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import URL

from registry.bulk import load_bundle
from tests.conftest import Registry, _dsn, install_frozen, write
from tests.test_bulk_timelines import _supersede, generate
from tests.test_forms import US_IN_KABUL

DIFFERENCE = """
SELECT (SELECT count(*) FROM (SELECT * FROM {new} EXCEPT ALL SELECT * FROM {old}) a),
       (SELECT count(*) FROM (SELECT * FROM {old} EXCEPT ALL SELECT * FROM {new}) b),
       (SELECT count(*) FROM {old}),
       (SELECT count(*) FROM {old} WHERE evidence_on IS NOT NULL),
       (SELECT count(*) FROM {old} WHERE omitted_on IS NOT NULL),
       (SELECT count(*) FROM {old} WHERE open_conflicts > 0),
       (SELECT count(*) FROM {old} WHERE succeeded_on IS NOT NULL)
"""

DATES = ("1815-06-09", "1950-01-01", "2025-06-01", "2026-11-23")

# What the seeds gain: a complete list of Kabul's embassies that leaves most out
# (tests/test_evidence.py), two sources disagreeing on Japan's embassy on one date,
# and the US embassy, liaison office and consulate in Kabul (tests/test_forms.py).
LATER_LIST = """
sources:
  - key: kabul-list-2025-06
    title: Diplomatic List, Kabul
    publisher: Example
    published: 2025-06
complete_lists:
  - city: Kabul
    date: 2025-06
    source: kabul-list-2025-06
    kinds: [embassy]
    missions:
      - {sending: CN, kind: embassy}
"""

DISAGREEING = """
sources:
  - key: jp-kabul-2024-09
    title: Japan suspends its embassy in Kabul
    publisher: Example
    published: 2024-09
missions:
  - sending: JP
    kind: embassy
    city: Kabul
    source: jp-kabul-2024-09
    status:
      - {change: suspended, date: 2024-09}
"""


def install_0017(conn: psycopg.Connection[Any]) -> None:
    """Revision 0017's reporting.mission_evidence and evidence_as_of(), as the temporary
    view mission_evidence_0017 and pg_temp.evidence_as_of_0017, reading that view."""
    install_frozen(conn, "reporting.mission_evidence", "0017")
    install_frozen(
        conn,
        "reporting.evidence_as_of",
        "0017",
        reading={"FROM reporting.mission_evidence e": "FROM pg_temp.mission_evidence_0017 e"},
    )


def compare(conn: psycopg.Connection[Any], args: str, params: dict[str, Any]) -> list[int]:
    row = conn.execute(
        DIFFERENCE.format(
            new=f"reporting.evidence_as_of({args})", old=f"pg_temp.evidence_as_of_0017({args})"
        ),
        params,
    ).fetchone()
    assert row is not None
    return list(row)


def differences(url: URL, recorded: str | None = None) -> list[tuple[str, str, list[int]]]:
    """(how, date, [rows only the new function gives, only 0017's, 0017's rows, with
    evidence, presumed closed by a list, disputed, succeeded by another form]) for each
    date and way of asking."""
    found = []
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        install_0017(conn)
        if recorded is not None:
            conn.execute("SELECT set_config('registry.as_recorded', %s, false)", (recorded,))
        ids = [r[0] for r in conn.execute("SELECT id FROM mission ORDER BY id")]
        view = DIFFERENCE.replace(" WHERE omitted_on IS NOT NULL", " WHERE false")
        view = view.replace(" WHERE open_conflicts > 0", " WHERE false")
        view = view.replace(" WHERE succeeded_on IS NOT NULL", " WHERE false")
        row = conn.execute(
            view.format(new="reporting.mission_evidence", old="mission_evidence_0017")
        ).fetchone()
        assert row is not None
        found.append(("the view", "every date", list(row)))
        cities = [r[0] for r in conn.execute("SELECT DISTINCT city_id FROM mission")]
        for day in DATES:
            found.append(("all", day, compare(conn, "%(d)s, %(ids)s", {"d": day, "ids": ids})))
            odd = [ids[0], ids[0], None, *ids[1:5]]
            row = compare(conn, "%(d)s, %(ids)s", {"d": day, "ids": odd})
            found.append(("twice, NULL", day, row))
            by_city = [0] * 7
            for city in cities:
                # As registry.read.one_trip asks: the ids by a subquery, not a constant.
                row = compare(
                    conn,
                    "%(d)s::date, ARRAY(SELECT id FROM mission WHERE city_id = %(c)s)",
                    {"d": day, "c": city},
                )
                by_city = [a + b for a, b in zip(by_city, row, strict=True)]
            found.append(("city by city", day, by_city))
    return found


def assert_same(found: list[tuple[str, str, list[int]]]) -> list[int]:
    """Asserts no row differs; returns, over every comparison, how many rows had
    evidence, were presumed closed by a list, disputed, succeeded."""
    for how, day, (only_new, only_old, rows, *_) in found:
        assert rows > 0, (how, day)
        assert (how, day, only_new, only_old) == (how, day, 0, 0)
    return [sum(row[2][n] for row in found) for n in (3, 4, 5, 6)]


def out_of_date(url: URL) -> int:
    """Rows by which fact_evidence differs from its definition, either way."""
    with psycopg.connect(_dsn(url)) as conn:
        row = conn.execute(
            "SELECT count(*) FROM ("
            " (SELECT * FROM fact_evidence"
            "  EXCEPT ALL SELECT * FROM fact_evidence_of(ARRAY(SELECT id FROM mission)))"
            " UNION ALL"
            " (SELECT * FROM fact_evidence_of(ARRAY(SELECT id FROM mission)) "
            "  EXCEPT ALL SELECT * FROM fact_evidence)) d"
        ).fetchone()
    assert row is not None
    return int(row[0])


def now(url: URL) -> str:
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        row = conn.execute("SELECT now()::text").fetchone()
    assert row is not None
    return str(row[0])


def test_the_seeds_with_a_list_a_conflict_and_forms_give_0017s_evidence(
    fresh_registry: Registry, seeded_db: URL, tmp_path: Path
) -> None:
    assert out_of_date(seeded_db) == 0
    before = now(seeded_db)
    for name, text in (
        ("list.yaml", LATER_LIST),
        ("japan.yaml", DISAGREEING),
        ("us.yaml", US_IN_KABUL),
    ):
        code, _, err = fresh_registry("load", str(write(tmp_path, name, text)))
        assert code == 0, err
    assert out_of_date(seeded_db) == 0
    evidence, omitted, disputed, succeeded = assert_same(differences(seeded_db))
    assert evidence > 0 and omitted > 0 and disputed > 0 and succeeded > 0
    evidence, *_ = assert_same(differences(seeded_db, recorded=before))
    assert evidence > 0


def test_a_generated_world_evidence_is_what_0017_gives(seeded_db: URL, tmp_path: Path) -> None:
    world, revised = tmp_path / "world", tmp_path / "revised"
    # 1,000 tenures hold every case compared (forms, lists, superseded versions): 0017's
    # function on every mission of 3,000 took three minutes of the suite
    generate(world, 1_000, 1815)
    _supersede(world, revised)
    with psycopg.connect(_dsn(seeded_db)) as conn:
        load_bundle(conn, world)
    before = now(seeded_db)
    with psycopg.connect(_dsn(seeded_db)) as conn:
        load_bundle(conn, revised)
    assert out_of_date(seeded_db) == 0
    evidence, _, _, succeeded = assert_same(differences(seeded_db))
    assert evidence > 0 and succeeded > 0
    evidence, *_ = assert_same(differences(seeded_db, recorded=before))
    assert evidence > 0


def test_a_renamed_source_and_a_relabelled_change_reach_the_evidence(seeded_db: URL) -> None:
    with psycopg.connect(_dsn(seeded_db)) as conn:
        conn.execute(
            "UPDATE source SET title = title || ' (revised)'"
            " WHERE id = (SELECT source_id FROM tenure ORDER BY id LIMIT 1)"
        )
        conn.execute(
            "UPDATE status_change_kind SET label = label || ' (revised)'"
            " WHERE code = (SELECT kind FROM status_change ORDER BY id LIMIT 1)"
        )
        revised = conn.execute(
            "SELECT count(*) FROM fact_evidence WHERE evidence_source LIKE '%(revised)'"
            " OR evidence_attests LIKE '%(revised)'"
        ).fetchone()
    assert revised is not None and revised[0] > 0
    assert out_of_date(seeded_db) == 0
