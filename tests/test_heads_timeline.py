"""The heads timeline (revision 0008): who heads each mission, precomputed for every
date and recorded instant, kept by triggers, and giving the answers revision 0007
computed from the facts on every call."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import URL

from registry.paths import migrations_dir
from tests.conftest import Registry, _dsn

POCOM_SAMPLE = Path(__file__).parents[2] / "shared" / "data" / "pocom-sample"


def difference(*tables: str) -> str:
    """A query counting the rows by which these derived tables differ from their
    definitions over today's facts."""
    return "SELECT " + " + ".join(
        f"""(SELECT count(*) FROM (
            (SELECT * FROM {table} EXCEPT ALL
             SELECT * FROM {table}_of(ARRAY(SELECT id FROM mission)))
            UNION ALL
            (SELECT * FROM {table}_of(ARRAY(SELECT id FROM mission)) EXCEPT ALL
             SELECT * FROM {table})
        ) d)"""
        for table in tables
    )


# Both timelines (revisions 0008 and 0009) are kept by the same triggers.
DIFFERENCE = difference("heads_timeline", "mission_timeline")


def connect(url: URL) -> psycopg.Connection[Any]:
    return psycopg.connect(_dsn(url), autocommit=True)


def out_of_date_rows(url: URL) -> int:
    """Rows by which the two timelines differ from their definitions over today's facts."""
    with connect(url) as conn:
        row = conn.execute(DIFFERENCE).fetchone()
    assert row is not None
    return int(row[0])


def install_0007_heads_as_of(conn: psycopg.Connection[Any]) -> None:
    """Revision 0007's heads_as_of, computed from the views on each call, as
    pg_temp.heads_as_of_0007: the answer the timeline must reproduce."""
    script = ScriptDirectory(str(migrations_dir()))
    sql = script.get_revision("0007").module.REPORTING_SQL  # type: ignore[union-attr]
    function = re.search(r"CREATE FUNCTION reporting\.heads_as_of\(.*?\n\$\$;", sql, re.S)
    assert function is not None
    conn.execute(function.group(0).replace("reporting.heads_as_of(", "pg_temp.heads_as_of_0007("))


def answers(conn: psycopg.Connection[Any], function: str, day: dt.date) -> list[tuple[Any, ...]]:
    return conn.execute(
        f"SELECT * FROM {function}(%s) ORDER BY mission_id",
        (day,),  # type: ignore[arg-type]
    ).fetchall()


def boundary_days(conn: psycopg.Connection[Any], every: int = 1) -> list[dt.date]:
    """The dates on which some answer changes, and the day before each."""
    days = [
        d
        for (d,) in conn.execute(
            "SELECT DISTINCT d FROM (SELECT lower(valid) d FROM tenure UNION"
            " SELECT upper(valid) FROM tenure UNION SELECT occurred_on FROM status_change) x"
            " WHERE d IS NOT NULL ORDER BY d"
        )
    ][::every]
    return sorted({x for d in days for x in (d, d - dt.timedelta(days=1))})


def test_the_timeline_gives_every_answer_revision_0007_computed_from_the_seeds(
    shared_db: URL,
) -> None:
    with connect(shared_db) as conn:
        install_0007_heads_as_of(conn)
        days = [*boundary_days(conn), dt.date(2026, 11, 23)]
        for day in days:
            assert answers(conn, "reporting.heads_as_of", day) == answers(
                conn, "pg_temp.heads_as_of_0007", day
            ), day


def test_the_timeline_gives_the_answers_of_0007_over_two_centuries_of_us_chiefs(
    seeded_db: URL,
) -> None:
    reg = Registry(seeded_db)
    code, _, err = reg("import", "pocom", str(POCOM_SAMPLE))
    assert code == 0, err
    assert out_of_date_rows(seeded_db) == 0
    with connect(seeded_db) as conn:
        install_0007_heads_as_of(conn)
        for day in boundary_days(conn, every=25):
            assert answers(conn, "reporting.heads_as_of", day) == answers(
                conn, "pg_temp.heads_as_of_0007", day
            ), day


def test_a_recorded_appointment_shows_at_once_and_what_was_held_before_stays(
    fresh_registry: Registry,
) -> None:
    reg = fresh_registry
    before = reg.sql("SELECT now()")[0][0]
    code, _, err = reg(
        "record", "appointment", "kazakhstan", "kabul", "--new-person", "Talgat Shaldanbay",
        "--rank", "charge-d-affaires", "--ad-interim", "--from", "2025-03-01",
        "--source-title", "New chargé d'affaires in Kabul", "--source-publisher", "Kazinform",
        "--source-date", "2025-03-12",
    )  # fmt: skip
    assert code == 0, err
    kazakh_embassy = (
        "SELECT head, head_status FROM reporting.heads_as_of('2025-06-01')"
        " WHERE sending_code = 'KZ' AND city = 'Kabul'"
    )
    now = reg.sql(kazakh_embassy)
    assert now == [("Talgat Shaldanbay", "named")]
    with connect(reg.url) as conn:
        conn.execute("SELECT set_config('registry.as_recorded', %s, false)", (before.isoformat(),))
        then = conn.execute(kazakh_embassy).fetchall()  # type: ignore[arg-type]
    assert then == [(None, "vacant")]
    assert out_of_date_rows(reg.url) == 0


# Each derived row's version (xmin) and place (ctid): a row written again has new ones.
VERSIONS = {
    table: f"SELECT mission_id, xmin::text, ctid::text FROM {table} ORDER BY 1, 2, 3"
    for table in ("heads_timeline", "mission_timeline", "fact_evidence")
}


def test_a_refresh_writes_only_the_rows_that_differ(seeded_db: URL) -> None:
    """Revision 0023: refreshing every mission when no fact changed writes nothing; a
    head recorded in Kabul rewrites rows of the Kazakh embassy only."""
    reg = Registry(seeded_db)
    before = {table: reg.sql(query) for table, query in VERSIONS.items()}
    with connect(seeded_db) as conn:
        conn.execute("SELECT refresh_timelines(ARRAY(SELECT id FROM mission))")
    assert {table: reg.sql(query) for table, query in VERSIONS.items()} == before
    code, _, err = reg(
        "record", "appointment", "kazakhstan", "kabul", "--new-person", "Talgat Shaldanbay",
        "--rank", "charge-d-affaires", "--ad-interim", "--from", "2025-03-01",
        "--source-title", "New chargé d'affaires in Kabul", "--source-publisher", "Kazinform",
        "--source-date", "2025-03-12",
    )  # fmt: skip
    assert code == 0, err
    [(kazakh,)] = reg.sql(
        "SELECT mission_id FROM reporting.heads_as_of('2025-06-01')"
        " WHERE sending_code = 'KZ' AND city = 'Kabul'"
    )
    for table, query in VERSIONS.items():
        after = reg.sql(query)
        rewritten = {row[0] for row in set(after) - set(before[table])}
        assert rewritten <= {kazakh}, table
        kept = [row for row in before[table] if row[0] != kazakh]
        assert [row for row in after if row[0] != kazakh] == kept, table
    assert reg.sql(VERSIONS["heads_timeline"]) != before["heads_timeline"]
    assert out_of_date_rows(seeded_db) == 0


def test_a_refresh_mends_rows_changed_lost_or_added_behind_its_back(seeded_db: URL) -> None:
    """Revision 0027: one join of the held rows with the fresh ones finds a row whose
    values differ, a row missing and a row the facts do not give, in all three tables,
    and a refresh leaves each table equal to its definition."""
    differences = difference("heads_timeline", "mission_timeline", "fact_evidence")
    with connect(seeded_db) as conn:
        conn.execute("UPDATE heads_timeline SET head = 'Nobody' WHERE mission_id % 3 = 0")
        conn.execute("DELETE FROM heads_timeline WHERE mission_id % 5 = 0")
        conn.execute(
            "INSERT INTO heads_timeline"
            ' SELECT (jsonb_populate_record(h, \'{"valid": "[1000-01-01,1000-01-02)"}\')).*'
            " FROM (SELECT DISTINCT ON (mission_id, recorded) h FROM heads_timeline h"
            "        WHERE mission_id % 7 = 0) x"
        )
        conn.execute("UPDATE mission_timeline SET note = 'forged' WHERE mission_id % 3 = 0")
        conn.execute("DELETE FROM mission_timeline WHERE mission_id % 5 = 0")
        conn.execute("UPDATE fact_evidence SET evidence_source = 'forged' WHERE mission_id % 3 = 0")
        conn.execute("DELETE FROM fact_evidence WHERE mission_id % 5 = 0")
        conn.execute(
            "INSERT INTO fact_evidence SELECT mission_id, evidence_on - 100000, fact, fact_id,"
            " recorded, evidence_precision, evidence_attests, evidence_source,"
            " evidence_source_key, evidence_operating FROM fact_evidence WHERE mission_id % 7 = 0"
        )
        [(damaged,)] = conn.execute(differences).fetchall()
        assert damaged > 100
        conn.execute("SELECT refresh_timelines(ARRAY(SELECT id FROM mission))")
        assert conn.execute(differences).fetchall() == [(0,)]


def test_renaming_a_state_or_a_person_reaches_the_timeline(seeded_db: URL) -> None:
    with connect(seeded_db) as conn:
        conn.execute("UPDATE party SET name = 'Republic of Kazakhstan' WHERE code = 'KZ'")
        conn.execute("UPDATE person SET name = 'Zh. Adilbayev' WHERE name = 'Zhalgas Adilbayev'")
    assert out_of_date_rows(seeded_db) == 0
    reg = Registry(seeded_db)
    sending = "SELECT DISTINCT sending FROM reporting.heads_timeline WHERE sending_code = 'KZ'"
    assert reg.sql(sending) == [("Republic of Kazakhstan",)]
    assert reg.sql("SELECT count(*) FROM heads_timeline WHERE head = 'Zh. Adilbayev'") != [(0,)]


def test_a_transaction_may_refresh_the_timeline_once_at_commit(seeded_db: URL) -> None:
    with connect(seeded_db) as conn:
        with conn.transaction():
            conn.execute("SET LOCAL registry.heads_timeline = 'at commit'")
            conn.execute(
                "UPDATE tenure SET recorded = tstzrange(lower(recorded), now())"
                " WHERE upper_inf(recorded) AND mission_id = (SELECT mission_id FROM"
                " reporting.heads_as_of('2024-01-01') WHERE sending_code = 'CN' AND city = 'Kabul')"
            )
            queued = conn.execute("SELECT count(*) FROM heads_timeline_queue").fetchone()
            assert queued == (1,)
            china = conn.execute(
                "SELECT count(*) FROM reporting.heads_as_of('2024-01-01') WHERE sending_code = 'CN'"
            ).fetchone()
            assert china == (1,), "refreshed only at commit"
        assert conn.execute("SELECT count(*) FROM heads_timeline_queue").fetchone() == (0,)
        china = conn.execute(
            "SELECT count(*) FROM reporting.heads_as_of('2024-01-01') WHERE sending_code = 'CN'"
        ).fetchone()
        assert china == (0,), "China's ambassador retracted: no row for its embassy any more"
    assert out_of_date_rows(seeded_db) == 0


def test_a_legal_erasure_of_a_tenure_leaves_no_trace_in_the_timeline(seeded_db: URL) -> None:
    with connect(seeded_db) as conn, conn.transaction():
        conn.execute("ALTER TABLE status_change DISABLE TRIGGER status_change_keep_history")
        conn.execute("ALTER TABLE tenure DISABLE TRIGGER tenure_keep_history")
        person = "(SELECT id FROM person WHERE name = 'Alimkhan Yesengeldiyev')"
        conn.execute(
            f"DELETE FROM status_change WHERE tenure_id IN"
            f" (SELECT id FROM tenure WHERE person_id = {person})"
        )
        conn.execute(f"DELETE FROM tenure WHERE person_id = {person}")
        conn.execute("ALTER TABLE tenure ENABLE TRIGGER tenure_keep_history")
        conn.execute("ALTER TABLE status_change ENABLE TRIGGER status_change_keep_history")
    assert Registry(seeded_db).sql(
        "SELECT count(*) FROM heads_timeline WHERE head = 'Alimkhan Yesengeldiyev'"
    ) == [(0,)]
    assert out_of_date_rows(seeded_db) == 0


DERIVED = ("heads_timeline", "mission_timeline", "fact_evidence")


def derived_rows(url: URL, where: str = "true") -> list[int]:
    return [
        Registry(url).sql(f"SELECT count(*) FROM {table} WHERE {where}")[0][0] for table in DERIVED
    ]


def test_a_mission_deleted_by_its_owner_takes_its_derived_rows_with_it(seeded_db: URL) -> None:
    """No foreign key ties the derived rows to mission (revision 0026): a trigger on
    mission deletes them. The facts' own triggers are off here, as only the tables'
    owner can do, so that nothing else would."""
    kazakhstan = (
        "(SELECT m.id FROM mission m JOIN party p ON p.id = m.sending_party_id"
        " JOIN city c ON c.id = m.city_id WHERE p.code = 'KZ' AND c.name = 'Kabul')"
    )
    assert all(derived_rows(seeded_db, f"mission_id = {kazakhstan}"))
    before = derived_rows(seeded_db)
    with connect(seeded_db) as conn, conn.transaction():
        (mission_id,) = conn.execute(f"SELECT {kazakhstan}").fetchone() or (None,)
        referencing = conn.execute(
            "SELECT conrelid::regclass::text, a.attname FROM pg_constraint k"
            " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]"
            " WHERE k.contype = 'f' AND k.confrelid = 'mission'::regclass"
        ).fetchall()
        for table, _ in referencing:
            conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for table, column in referencing:
            conn.execute(f"DELETE FROM {table} WHERE {column} = %s", (mission_id,))
        conn.execute("DELETE FROM mission WHERE id = %s", (mission_id,))
        for table, _ in referencing:
            conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    after = derived_rows(seeded_db)
    assert all(0 < a < b for a, b in zip(after, before, strict=True))
    assert derived_rows(seeded_db, f"mission_id = {mission_id}") == [0, 0, 0]
    assert out_of_date_rows(seeded_db) == 0


def test_mission_truncated_empties_the_derived_tables(seeded_db: URL) -> None:
    with connect(seeded_db) as conn:
        conn.execute("TRUNCATE mission CASCADE")
    assert derived_rows(seeded_db) == [0, 0, 0]


def test_writers_cannot_write_the_timeline_themselves(seeded_db: URL) -> None:
    with connect(seeded_db) as conn:
        conn.execute("SET ROLE registry_writer")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("DELETE FROM heads_timeline")


def test_a_mission_shows_only_from_when_the_registry_recorded_it(seeded_db: URL) -> None:
    """Facts stamped before their mission (a long import that met a mission recorded
    meanwhile) show from the mission's own recording, as revision 0007 had it."""
    with connect(seeded_db) as conn:
        install_0007_heads_as_of(conn)
        (before,) = conn.execute("SELECT now()").fetchone()  # type: ignore[misc]
        conn.execute(
            "UPDATE mission SET recorded_at = now() + interval '1 hour'"
            " WHERE id = (SELECT mission_id FROM reporting.heads_as_of('2024-01-01')"
            "             WHERE sending_code = 'CN' AND city = 'Kabul')"
        )
        for moment in (before, before + dt.timedelta(hours=2)):
            conn.execute(
                "SELECT set_config('registry.as_recorded', %s, false)", (moment.isoformat(),)
            )
            assert answers(conn, "reporting.heads_as_of", dt.date(2024, 1, 1)) == answers(
                conn, "pg_temp.heads_as_of_0007", dt.date(2024, 1, 1)
            ), moment
        china = "SELECT count(*) FROM reporting.heads_as_of('2024-01-01') WHERE sending_code = 'CN'"
        conn.execute("SELECT set_config('registry.as_recorded', %s, false)", (before.isoformat(),))
        assert conn.execute(china).fetchone() == (0,)
    assert out_of_date_rows(seeded_db) == 0


def test_a_change_the_timeline_does_not_show_leaves_it_alone(seeded_db: URL) -> None:
    with connect(seeded_db) as conn:
        rows = "SELECT count(*), max(xmin::text::bigint) FROM heads_timeline"
        untouched = conn.execute(rows).fetchone()
        conn.execute("UPDATE source SET url = 'https://example.org/moved'")
        conn.execute("UPDATE person SET description = 'diplomat'")
        assert conn.execute(rows).fetchone() == untouched


def test_what_a_kind_of_status_change_means_reaches_the_timeline(seeded_db: URL) -> None:
    with connect(seeded_db) as conn:
        conn.execute("UPDATE status_change_kind SET mission_status = 'suspended'"
                     " WHERE mission_status = 'operating'")  # fmt: skip
    assert out_of_date_rows(seeded_db) == 0


def test_facts_written_under_repeatable_read_are_refused_not_left_half_kept(
    seeded_db: URL,
) -> None:
    with connect(seeded_db) as conn:
        conn.execute("SET default_transaction_isolation = 'repeatable read'")
        with pytest.raises(psycopg.errors.FeatureNotSupported, match="READ COMMITTED"):
            conn.execute(
                "UPDATE tenure SET recorded = tstzrange(lower(recorded), now())"
                " WHERE upper_inf(recorded) AND person_id ="
                " (SELECT id FROM person WHERE name = 'Alimkhan Yesengeldiyev')"
            )
    assert out_of_date_rows(seeded_db) == 0


def test_analysts_cannot_refresh_the_timeline(seeded_db: URL) -> None:
    with connect(seeded_db) as conn:
        conn.execute("SET ROLE registry_analyst")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT refresh_heads_timeline(ARRAY[1])")
