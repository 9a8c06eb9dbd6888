"""Recorded time: the registry never forgets what it said.

A correction supersedes a fact instead of overwriting it; `--as-recorded-on`
answers "what did the registry say then", independently of `--as-of` (valid
time); every version names the database user who recorded it; and the database
itself refuses to rewrite history.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import URL

from registry.cli_common import as_recorded
from tests.conftest import Registry

SEED = ("--source", "kabul-2024-09")
KZ_KABUL = "SELECT mission_id FROM reporting.mission WHERE sending_code = 'KZ' AND city = 'Kabul'"


def heads(reg: Registry, *options: str) -> dict[Any, dict[str, Any]]:
    code, out, err = reg("who-heads", "kabul", "--format", "json", *options)
    assert code in (0, 1), err
    return {row["sending_code"]: row for row in json.loads(out)}


def recorded(reg: Registry, *args: str) -> str:
    code, out, err = reg("record", *args)
    assert code == 0, err
    return out


def instant(reg: Registry, query: str) -> str:
    """A recorded-time instant from the database, as --as-recorded-on takes it."""
    value = reg.sql(query)[0][0]
    assert isinstance(value, dt.datetime)
    return value.isoformat()


def test_a_date_means_the_end_of_that_day_in_utc() -> None:
    assert as_recorded("2025-03-01") == dt.datetime(2025, 3, 1, 23, 59, 59, 999999, dt.UTC)
    assert as_recorded("2025-03-01T14:30") == dt.datetime(2025, 3, 1, 14, 30, tzinfo=dt.UTC)
    assert as_recorded("2025-03-01T14:30+01:00") == dt.datetime(2025, 3, 1, 13, 30, tzinfo=dt.UTC)
    assert as_recorded(None) is None


def test_a_correction_supersedes_and_the_registry_still_says_what_it_said_before(
    fresh_registry: Registry,
) -> None:
    """Kazakhstan's embassy in Kabul, as if recorded on 10 January 2025 with an
    ambassador from January 2025, corrected today to a chargé d'affaires a.i."""
    (mission,) = fresh_registry.sql(KZ_KABUL)[0]
    fresh_registry.sql(
        f"UPDATE mission SET recorded_at = '2025-01-01' WHERE id = {mission} RETURNING id"
    )
    (tenure,) = fresh_registry.sql(
        "INSERT INTO tenure (mission_id, rank_code, valid, start_precision, source_id, recorded)"
        f" SELECT {mission}, 'ambassador-e-p', '[2025-01-01,)', 'month', id,"
        " tstzrange('2025-01-10 09:00+00', NULL) FROM source WHERE key = 'kabul-2024-09'"
        " RETURNING id"
    )[0]

    out = recorded(
        fresh_registry,
        "correction",
        "tenure",
        str(tenure),
        "--rank",
        "charge-d-affaires",
        "--ad-interim",
        *SEED,
    )
    assert f"tenure {tenure} superseded by " in out
    assert (
        "was: (name not reported), Ambassador Extraordinary and Plenipotentiary, from 2025-01"
        in out
    )
    assert "now: (name not reported), Chargé d'Affaires ad interim, from 2025-01" in out

    now = heads(fresh_registry, "--as-of", "2025-06-01")["KZ"]
    assert now["rank"] == "Chargé d'Affaires ad interim"
    then = heads(fresh_registry, "--as-of", "2025-06-01", "--as-recorded-on", "2025-02-01")
    assert list(then) == ["KZ"]  # the rest was recorded later
    assert then["KZ"]["rank"] == "Ambassador Extraordinary and Plenipotentiary"
    assert heads(fresh_registry, "--as-of", "2025-06-01", "--as-recorded-on", "2025-01-09") == {}

    versions = fresh_registry.sql(
        "SELECT tenure_version_id, supersedes_version_id, rank_code, recorded_until IS NULL,"
        " recorded_by = current_user FROM reporting.tenure_version"
        f" WHERE mission_id = {mission} AND lower(valid) = '2025-01-01' ORDER BY recorded_from"
    )
    assert [v[1:] for v in versions] == [
        (None, "ambassador-e-p", False, True),
        (tenure, "charge-d-affaires-a-i", True, True),
    ]


def test_history_as_recorded_at_an_instant_between_two_recordings(
    fresh_registry: Registry,
) -> None:
    recorded(
        fresh_registry,
        "appointment",
        "KZ",
        "kabul",
        "--new-person",
        "Alibek Bakayev",
        "--rank",
        "charge-d-affaires-a-i",
        "--from",
        "2025-03",
        *SEED,
    )
    first = instant(
        fresh_registry,
        "SELECT max(lower(recorded)) FROM tenure WHERE upper_inf(recorded)",
    )
    recorded(fresh_registry, "departure", "left-post", "KZ", "kabul", "--on", "2025-08", *SEED)
    code, out, err = fresh_registry(
        "history", "KZ", "kabul", "--as-recorded-on", first, "--format", "json"
    )
    assert code == 0, err
    then = [r["detail"] for r in json.loads(out) if r["head"] == "Alibek Bakayev"]
    assert then == ["Alibek Bakayev, Chargé d'Affaires ad interim: 2025-03 to no end on record"]
    code, out, err = fresh_registry("history", "KZ", "kabul", "--format", "json")
    now = [r["detail"] for r in json.loads(out) if r["head"] == "Alibek Bakayev"]
    assert now == ["Alibek Bakayev, Chargé d'Affaires ad interim: 2025-03 to 2025-08"]
    code, table, _ = fresh_registry("history", "KZ", "kabul", "--as-recorded-on", first, "--wide")
    assert f"as recorded on {first}" in table.replace("\n", "")


def test_a_retraction_hides_the_fact_from_now_on_not_from_the_past(
    fresh_registry: Registry,
) -> None:
    out = recorded(fresh_registry, "status", "suspended", "CN", "kabul", "--on", "2025-02", *SEED)
    change = out.split()[2].rstrip(":")
    when = instant(fresh_registry, f"SELECT lower(recorded) FROM status_change WHERE id = {change}")
    assert "CN" not in heads(fresh_registry, "--as-of", "2025-03-01")

    out = recorded(fresh_registry, "retraction", "status-change", change)
    assert out.startswith(
        f"status change {change} retracted: China embassy in Kabul, suspended operations, 2025-02"
    )
    assert "CN" in heads(fresh_registry, "--as-of", "2025-03-01")
    assert "CN" not in heads(fresh_registry, "--as-of", "2025-03-01", "--as-recorded-on", when)
    # Retracted is retracted: it cannot be corrected or retracted again.
    code, _, err = fresh_registry("record", "retraction", "status-change", change)
    assert code == 2 and "is not current (retracted)" in err


def test_a_retracted_tenure_takes_its_status_changes_with_it(fresh_registry: Registry) -> None:
    (tenure,) = fresh_registry.sql(
        "SELECT tenure_id FROM reporting.head_of_mission WHERE head = 'Alimkhan Yesengeldiyev'"
    )[0]
    out = recorded(fresh_registry, "retraction", "tenure", str(tenure))
    assert f"tenure {tenure} retracted: Kazakhstan embassy in Kabul, Alimkhan Yesengeldiyev" in out
    assert "retracted with it" in out
    assert fresh_registry.sql(
        f"SELECT count(*) FROM status_change WHERE tenure_id = {tenure} AND upper_inf(recorded)"
    ) == [(0,)]
    assert fresh_registry.sql(f"SELECT count(*) FROM tenure WHERE id = {tenure}") == [(1,)]


@pytest.fixture
def clerk(seeded_db: URL) -> Iterator[URL]:
    """A login in registry_writer, as ops would give a clerk who records news."""
    name = f"registry_test_clerk_{uuid.uuid4().hex[:8]}"
    admin = seeded_db.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN IN ROLE registry_writer").format(sql.Identifier(name))
        )
    try:
        yield seeded_db.set(username=name, password=None)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def test_every_version_names_the_database_user_who_recorded_it(
    fresh_registry: Registry, clerk: URL
) -> None:
    as_clerk = Registry(clerk)
    recorded(
        as_clerk,
        "appointment",
        "KZ",
        "kabul",
        "--unnamed",
        "--rank",
        "charge-d-affaires-a-i",
        "--from",
        "2025-03",
        *SEED,
    )
    recorded(as_clerk, "departure", "recalled", "KZ", "kabul", "--on", "2025-06", *SEED)
    by = fresh_registry.sql(
        "SELECT DISTINCT recorded_by FROM tenure WHERE lower(valid) = '2025-03-01'"
        " UNION SELECT recorded_by FROM status_change WHERE kind = 'recalled'"
    )
    assert by == [(clerk.username,)]
    seeded_by = fresh_registry.sql("SELECT DISTINCT recorded_by FROM tenure WHERE id < 5")
    assert seeded_by == fresh_registry.sql("SELECT current_user::text")


def test_the_database_refuses_to_rewrite_history(fresh_registry: Registry) -> None:
    (tenure,) = fresh_registry.sql("SELECT min(id) FROM tenure")[0]
    with pytest.raises(psycopg.errors.RestrictViolation, match="cannot be deleted"):
        fresh_registry.sql(f"DELETE FROM tenure WHERE id = {tenure}")
    with pytest.raises(psycopg.errors.RestrictViolation, match="can only be closed at now"):
        fresh_registry.sql(f"UPDATE tenure SET note = 'rewritten' WHERE id = {tenure}")
    with pytest.raises(psycopg.errors.RestrictViolation, match="cannot be deleted"):
        fresh_registry.sql("DELETE FROM status_change")
    recorded(fresh_registry, "correction", "tenure", str(tenure), "--note", "corrected", *SEED)
    with pytest.raises(psycopg.errors.RestrictViolation, match="superseded version"):
        fresh_registry.sql(
            f"UPDATE tenure SET recorded = tstzrange(lower(recorded), now()) WHERE id = {tenure}"
        )


@pytest.mark.parametrize(
    "command",
    [
        ("who-heads", "kabul"),
        ("history", "kazakhstan", "kabul"),
        ("represents", "kazakhstan"),
        ("accredited-to", "african union"),
        ("person", "yesengeldiyev"),
        ("summary", "kabul"),
        ("precedence", "kabul"),
        ("recognition", "afghanistan"),
    ],
)
def test_every_read_command_answers_as_recorded_on_a_date(
    registry: Registry, command: tuple[str, ...]
) -> None:
    """Before anything was recorded the registry said nothing; far ahead, what it says now."""
    code, out, err = registry(*command, "--as-recorded-on", "2000-01-01", "--format", "json")
    assert (code, json.loads(out)) == (1, []), err
    now = registry(*command, "--format", "json")
    assert registry(*command, "--as-recorded-on", "2999-12-31", "--format", "json") == now


def test_a_bad_recorded_date_is_a_usage_error(registry: Registry) -> None:
    code, _, err = registry("who-heads", "kabul", "--as-recorded-on", "yesterday")
    assert code == 2
    assert "--as-recorded-on: 'yesterday' is not a date or time" in err
