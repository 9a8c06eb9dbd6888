"""The mission timeline (revision 0009): every tenure and status change of a mission
with the names `registry history` shows, precomputed and kept by triggers, holding
exactly the rows reporting.head_of_mission and mission_status_change show, at every
recorded instant."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import URL

from tests.conftest import Registry
from tests.test_heads_timeline import connect, out_of_date_rows

POCOM_SAMPLE = Path(__file__).parents[2] / "shared" / "data" / "pocom-sample"
SEED = ("--source", "kabul-2024-09")

TENURE_COLUMNS = (
    "mission_id, tenure_id, head, rank, rank_class, started_on, start_precision,"
    " first_attested_on, attested_precision, ended_on, end_precision, credentials_on,"
    " credentials_precision, credentials_authority, resident_city, note, source"
)
CHANGE_COLUMNS = (
    "mission_id, tenure_id, status_change_id, change_code, change, occurred_on,"
    " occurred_precision, mission_status, actor, actor_authority, note, source"
)


def rows(conn: psycopg.Connection[Any], sql: str) -> list[tuple[Any, ...]]:
    return conn.execute(sql).fetchall()  # type: ignore[arg-type]


def assert_timeline_shows_what_the_views_show(conn: psycopg.Connection[Any]) -> None:
    """At the session's reporting.as_recorded()."""
    assert rows(
        conn,
        f"SELECT {TENURE_COLUMNS} FROM reporting.mission_timeline WHERE fact = 'tenure'"
        " ORDER BY tenure_id",
    ) == rows(conn, f"SELECT {TENURE_COLUMNS} FROM reporting.head_of_mission ORDER BY tenure_id")
    assert rows(
        conn,
        f"SELECT {CHANGE_COLUMNS} FROM reporting.mission_timeline WHERE fact = 'status_change'"
        " ORDER BY status_change_id",
    ) == rows(
        conn,
        f"SELECT {CHANGE_COLUMNS} FROM reporting.mission_status_change ORDER BY status_change_id",
    )


def recorded_instants(conn: psycopg.Connection[Any]) -> list[dt.datetime]:
    """Every instant at which what the registry held changed, and the moment before."""
    instants = [
        at
        for (at,) in conn.execute(
            "SELECT DISTINCT at FROM ("
            " SELECT lower(recorded) at FROM tenure UNION SELECT upper(recorded) FROM tenure"
            " UNION SELECT lower(recorded) FROM status_change"
            " UNION SELECT upper(recorded) FROM status_change"
            " UNION SELECT recorded_at FROM mission) x WHERE at IS NOT NULL ORDER BY at"
        )
    ]
    tick = dt.timedelta(microseconds=1)
    return sorted({x for at in instants for x in (at, at - tick)})


def at_every_recorded_instant(url: URL) -> int:
    """Checks the timeline against the views at every recorded instant; how many."""
    with connect(url) as conn:
        instants = recorded_instants(conn)
        for at in instants:
            conn.execute("SELECT set_config('registry.as_recorded', %s, false)", (at.isoformat(),))
            assert_timeline_shows_what_the_views_show(conn)
        conn.execute("RESET registry.as_recorded")
        assert_timeline_shows_what_the_views_show(conn)
    return len(instants)


def record(reg: Registry, *args: str) -> str:
    code, out, err = reg("record", *args)
    assert code == 0, err
    return out


def test_the_timeline_holds_what_the_views_show_of_the_seeds(shared_db: URL) -> None:
    assert at_every_recorded_instant(shared_db) >= 2


def test_the_timeline_holds_what_the_views_show_of_two_centuries_of_us_chiefs(
    seeded_db: URL,
) -> None:
    code, _, err = Registry(seeded_db)("import", "pocom", str(POCOM_SAMPLE))
    assert code == 0, err
    assert out_of_date_rows(seeded_db) == 0
    with connect(seeded_db) as conn:
        assert_timeline_shows_what_the_views_show(conn)


def test_corrections_and_retractions_show_in_the_timeline_as_in_the_views(
    fresh_registry: Registry,
) -> None:
    """Kazakhstan appoints a chargé in Kabul, corrects his rank, he leaves; China's
    embassy is suspended and the suspension retracted: at every instant in between,
    the timeline says what the views say."""
    reg = fresh_registry
    record(reg, "appointment", "KZ", "kabul", "--new-person", "Alibek Bakayev",
           "--rank", "charge-d-affaires-a-i", "--from", "2025-03", *SEED)  # fmt: skip
    record(reg, "departure", "left-post", "KZ", "kabul", "--on", "2025-08", *SEED)
    (tenure,) = reg.sql(
        "SELECT t.id FROM tenure t JOIN person p ON p.id = t.person_id"
        " WHERE p.name = 'Alibek Bakayev' AND upper_inf(t.recorded)"
    )[0]
    record(reg, "correction", "tenure", str(tenure), "--rank", "charge-d-affaires", *SEED)
    out = record(reg, "status", "suspended", "CN", "kabul", "--on", "2025-02", *SEED)
    record(reg, "retraction", "status-change", out.split()[2].rstrip(":"))
    assert out_of_date_rows(reg.url) == 0
    assert at_every_recorded_instant(reg.url) > 4


def test_a_mission_recorded_after_its_facts_shows_them_from_its_own_recording(
    seeded_db: URL,
) -> None:
    with connect(seeded_db) as conn:
        conn.execute(
            "UPDATE mission SET recorded_at = now() + interval '1 hour'"
            " WHERE id = (SELECT mission_id FROM reporting.mission"
            "             WHERE sending_code = 'CN' AND city = 'Kabul')"
        )
    assert out_of_date_rows(seeded_db) == 0
    at_every_recorded_instant(seeded_db)


def test_renaming_who_acted_or_what_a_change_is_called_reaches_the_timeline(
    seeded_db: URL,
) -> None:
    """Names only the mission timeline shows: the state or authority that acted in a
    status change, and a kind of change's label."""
    with connect(seeded_db) as conn:
        actor, authority, kind = conn.execute(
            "SELECT (SELECT min(actor_party_id) FROM status_change),"
            " (SELECT min(actor_authority_id) FROM status_change),"
            " (SELECT min(kind) FROM status_change)"
        ).fetchone()  # type: ignore[misc]
        assert None not in (actor, authority, kind), "the seeds name who acted"
        conn.execute("UPDATE party SET name = name || ' (renamed)' WHERE id = %s", (actor,))
        conn.execute("UPDATE authority SET name = name || ' (renamed)' WHERE id = %s", (authority,))
        conn.execute(
            "UPDATE status_change_kind SET label = label || ' (renamed)' WHERE code = %s", (kind,)
        )
        renamed = conn.execute(
            "SELECT count(*) FILTER (WHERE actor LIKE '%(renamed)'),"
            " count(*) FILTER (WHERE actor_authority LIKE '%(renamed)'),"
            " count(*) FILTER (WHERE change LIKE '%(renamed)') FROM reporting.mission_timeline"
        ).fetchone()
    assert renamed is not None and 0 not in renamed
    assert out_of_date_rows(seeded_db) == 0


def test_a_head_s_status_change_shows_at_once(seeded_db: URL) -> None:
    """China's ambassador presented credentials to the Taliban on 2023-09-13: a
    second record of it against his tenure (no mission of its own) reaches the
    timeline of China's embassy."""
    with connect(seeded_db) as conn:
        tenure, mission = conn.execute(
            "SELECT t.id, t.mission_id FROM tenure t JOIN mission m ON m.id = t.mission_id"
            " JOIN party p ON p.id = m.sending_party_id"
            " WHERE p.code = 'CN' AND upper_inf(t.recorded) ORDER BY t.id LIMIT 1"
        ).fetchone()  # type: ignore[misc]
        conn.execute(
            "INSERT INTO status_change (kind, occurred_on, occurred_precision, tenure_id,"
            " note, source_id) SELECT code, '2023-09-14', 'day', %s, 'a test', 1"
            " FROM status_change_kind WHERE applies_to = 'tenure' ORDER BY code LIMIT 1",
            (tenure,),
        )
        shown = conn.execute(
            "SELECT mission_id, tenure_id FROM reporting.mission_timeline WHERE note = 'a test'"
        ).fetchall()
    assert shown == [(mission, tenure)]
    assert out_of_date_rows(seeded_db) == 0


def test_writers_cannot_write_the_mission_timeline_nor_analysts_refresh_it(
    seeded_db: URL,
) -> None:
    with connect(seeded_db) as conn:
        conn.execute("SET ROLE registry_writer")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM mission_timeline")
    with connect(seeded_db) as conn:
        conn.execute("SET ROLE registry_analyst")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT refresh_mission_timeline(ARRAY[1])")
    with connect(seeded_db) as conn:
        conn.execute("SET ROLE registry_analyst")
        assert conn.execute("SELECT count(*) FROM reporting.mission_timeline").fetchone() != (0,)
