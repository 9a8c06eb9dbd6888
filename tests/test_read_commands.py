"""The questions people ask, one command each, answered from the seed data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Registry, import_gdr_berlin


def as_json(registry: Registry, *args: str) -> list[dict[str, object]]:
    code, out, err = registry(*args, "--format", "json")
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def test_history_shows_yesengeldiyev_from_april_2018_to_his_dismissal_by_decree(
    registry: Registry,
) -> None:
    rows = as_json(registry, "history", "kazakhstan", "kabul")
    assert rows[0]["date"] == "2018-04"
    assert rows[0]["head"] == "Alimkhan Yesengeldiyev"
    assert "2018-04 to 2024-09-09" in str(rows[0]["detail"])
    dismissal = [r for r in rows if r["event"] == "head dismissed by decree"]
    assert dismissal and dismissal[0]["date"] == "2024-09-09"
    assert "by Kazakhstan" in str(dismissal[0]["detail"])
    assert all(r["source"] for r in rows)


def test_history_of_chinas_embassy_shows_credentials_to_the_taliban(registry: Registry) -> None:
    rows = as_json(registry, "history", "CN", "Kabul")
    credentials = [r for r in rows if r["event"] == "credentials presented"]
    assert credentials[0]["date"] == "2023-09-13"
    assert credentials[0]["detail"] == "to Islamic Emirate of Afghanistan (Taliban)"


def test_history_by_mission_id(registry: Registry) -> None:
    (mission_id,) = registry.sql(
        "SELECT mission_id FROM reporting.mission WHERE sending_code = 'KZ' AND city = 'Kabul'"
    )[0]
    rows = as_json(registry, "history", str(mission_id))
    assert rows[0]["head"] == "Alimkhan Yesengeldiyev"
    assert registry("history", "999999")[0] == 2


def test_represents_kazakhstan_lists_kabul_and_addis_ababa(registry: Registry) -> None:
    rows = as_json(registry, "represents", "kazakhstan")
    assert [r["city"] for r in rows] == ["Kabul", "Addis Ababa"]  # by host: Afghanistan, Ethiopia
    assert rows[1]["head"] == "Zhalgas Adilbayev"


def test_accredited_to_the_african_union_shows_kazakhstans_permanent_representative(
    registry: Registry,
) -> None:
    rows = as_json(registry, "accredited-to", "african union")
    assert [(r["sending"], r["head"]) for r in rows] == [("Kazakhstan", "Zhalgas Adilbayev")]


def test_accredited_to_ethiopia_lists_both_resident_ambassadors(registry: Registry) -> None:
    rows = as_json(registry, "accredited-to", "ET")
    assert {r["sending_code"] for r in rows} == {"KZ", "CD"}


def test_person_lists_posts_over_time(registry: Registry) -> None:
    rows = as_json(registry, "person", "Yesengeldiyev")
    assert [(r["city"], r["since"], r["until"]) for r in rows] == [
        ("Kabul", "2018-04", "2024-09-09")
    ]
    # a transliteration finds the same person
    assert as_json(registry, "person", "Alimkhan Esengeldiev") == rows


def test_a_person_who_heads_no_mission_exits_1(registry: Registry) -> None:
    code, _, err = registry("person", "Ariel Cohen")
    assert code == 1
    assert "heads no mission" in err


def test_summary_of_kabul_today(registry: Registry) -> None:
    rows = as_json(registry, "summary", "kabul", "--as-of", "2026-11-23")
    by_rank = {r["value"]: r["missions"] for r in rows if r["dimension"] == "rank"}
    assert by_rank == {
        "Ambassador Extraordinary and Plenipotentiary": 6,
        "Chargé d'Affaires ad interim": 8,
        "Head of Technical Team": 1,
        "Official Representative of the Special Services": 1,
        "without a named head": 1,
    }


def test_precedence_in_kabul_says_when_the_order_is_unknown(registry: Registry) -> None:
    rows = as_json(registry, "precedence", "kabul")
    assert [r["position"] for r in rows[:6]] == ["1–5"] * 5 + ["6"]
    assert rows[0]["took_up_functions"] == "before 2021-08-15 (date unknown)"
    assert rows[5]["sending_code"] == "CN" and rows[5]["took_up_functions"] == "2023-09-13"
    _, out, _ = registry("precedence", "kabul")
    assert "Doyen: cannot be determined" in out


def test_precedence_names_a_doyen_when_the_order_is_known(registry: Registry) -> None:
    rows = as_json(registry, "precedence", "kabul", "--as-of", "2024-01-01")
    assert rows[0]["position"] == "1"
    assert rows[0]["sending_code"] == "KZ"  # in post since April 2018, China only from 2023


def test_recognition_of_afghanistans_missions(registry: Registry) -> None:
    rows = as_json(registry, "recognition", "afghanistan")
    changes = [a["change"] for r in rows for a in r["acts"]]  # type: ignore[attr-defined]
    assert changes.count("documents it issues declared illegitimate") == 14
    assert changes.count("recognised as legitimate") == 5
    closed = sorted(str(r["city"]) for r in rows if r["status"] == "closed")
    assert closed == ["London", "Oslo"]
    munich = next(r for r in rows if r["city"] == "Munich")
    assert "recognised as the sole consular centre in the host state" in [
        a["change"]
        for a in munich["acts"]  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize(
    "name", ["KZ", "KAZ", "kazakhstan", "KAZAKHSTAN", "Republic of Kazakhstan"]
)
def test_parties_resolve_by_code_name_and_alias(registry: Registry, name: str) -> None:
    assert len(as_json(registry, "represents", name)) == 2


@pytest.mark.parametrize("name", ["Kabul", "KABUL", "kābul", "Kabul District"])
def test_cities_resolve_the_same_way_everywhere(registry: Registry, name: str) -> None:
    assert as_json(registry, "summary", name)[0]["missions"] == 6


def test_an_unknown_party_exits_2_with_suggestions(registry: Registry) -> None:
    code, out, err = registry("represents", "kazakstan")
    assert code == 2
    assert "did you mean Kazakhstan" in err
    assert out == ""


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_every_format_renders(registry: Registry, fmt: str) -> None:
    code, out, _ = registry("represents", "KZ", "--format", fmt, "--wide")
    assert code == 0
    if fmt == "jsonl":
        assert [json.loads(line)["city"] for line in out.splitlines()] == ["Kabul", "Addis Ababa"]
    elif fmt == "csv":
        assert out.splitlines()[0].startswith("sending,sending_code")
    elif fmt == "table":
        assert "Addis Ababa" in out and "\x1b[" not in out  # pipes get plain output


def test_nothing_on_record_exits_1_with_valid_empty_json(registry: Registry) -> None:
    code, out, _ = registry("represents", "KZ", "--as-of", "1990-01-01", "--format", "json")
    assert code == 1
    assert json.loads(out) == []


def test_history_names_each_fact_for_a_correction(registry: Registry) -> None:
    rows = as_json(registry, "history", "kazakhstan", "kabul")
    (tenure,) = registry.sql(
        "SELECT tenure_id FROM reporting.head_of_mission WHERE head = 'Alimkhan Yesengeldiyev'"
    )[0]
    assert rows[0]["ref"] == f"tenure {tenure}"
    dismissal = next(r for r in rows if r["event"] == "head dismissed by decree")
    (change,) = registry.sql(
        "SELECT status_change_id FROM reporting.mission_status_change"
        " WHERE change_code = 'dismissed-by-decree'"
    )[0]
    assert dismissal["ref"] == f"status-change {change}"
    assert all(r["seat_inferred"] is False and r["resident_city"] is None for r in rows)
    _, table, _ = registry("history", "kazakhstan", "kabul")
    assert "Ref" in table and f"tenure {tenure}" in table


def test_person_rows_carry_the_seat_and_residence_marks(registry: Registry) -> None:
    (row,) = as_json(registry, "person", "Yesengeldiyev")
    assert (row["seat_inferred"], row["resident_city"]) == (False, None)


# -- Hostile input: every read command, one line and exit 2 --------------------------------

READ_COMMANDS = [
    ("who-heads", "kabul"),
    ("history", "kazakhstan", "kabul"),
    ("represents", "kazakhstan"),
    ("accredited-to", "ethiopia"),
    ("person", "yesengeldiyev"),
    ("summary", "kabul"),
    ("precedence", "kabul"),
    ("recognition", "afghanistan"),
]
WITH_AS_OF = [c for c in READ_COMMANDS if c[0] not in ("history", "person")]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9999-12-31T23:59-05:00", "is out of range"),
        ("0001-01-01T00:00+05:00", "is out of range"),
        ("2025-01-01T00:00+25:00", "is not a date or time"),
        ("2025-02-30", "is not a date or time"),
        ("garbage", "is not a date or time"),
        ("", "is not a date or time"),
    ],
)
def test_a_recorded_time_out_of_range_or_garbage_is_one_line(
    registry: Registry, value: str, message: str
) -> None:
    for command in READ_COMMANDS:
        code, out, err = registry(*command, "--as-recorded-on", value)
        assert code == 2, (command, err)
        assert out == ""
        assert err.startswith(f"registry: --as-recorded-on: {value!r} {message}"), err
        assert len(err.splitlines()) == 1


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "9999-12-31T23:59:59+14:00"])
def test_the_edges_of_the_calendar_are_recorded_times_like_any_other(
    registry: Registry, value: str
) -> None:
    """9999-12-31 once overflowed computing the end of the day; +14:00 is beyond
    PostgreSQL's offsets (the instant is sent in UTC)."""
    for command in READ_COMMANDS:
        code, _, err = registry(*command, "--as-recorded-on", value, "--format", "json")
        assert code in (0, 1), (command, err)  # answered, or nothing recorded by then
        assert "Traceback" not in err


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0000", "'0000' is not a date: year 0 is out of range"),
        ("2024-02-30", "'2024-02-30' is not a date: day is out of range for month"),
        ("24-01-01", "'24-01-01' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY"),
    ],
)
def test_a_bad_as_of_is_one_line(registry: Registry, value: str, message: str) -> None:
    for command in WITH_AS_OF:
        code, _, err = registry(*command, "--as-of", value)
        assert code == 2, command
        assert err == f"registry: --as-of: {message}\n"


def test_the_last_day_of_the_calendar_is_an_as_of_like_any_other(registry: Registry) -> None:
    for command in WITH_AS_OF:
        code, _, err = registry(*command, "--as-of", "9999-12-31", "--format", "json")
        assert code in (0, 1), (command, err)


NAMED = [
    ("who-heads", "city"),
    ("summary", "city"),
    ("precedence", "city"),
    ("represents", "party"),
    ("accredited-to", "party"),
    ("recognition", "party"),
    ("history", "party"),
    ("person", "person"),
]


@pytest.mark.parametrize("name", ["", "   ", "\t"])
def test_an_empty_name_is_a_usage_error_not_a_listing_of_everyone(
    registry: Registry, name: str
) -> None:
    for command, what in NAMED:
        code, out, err = registry(command, name)
        assert code == 2, command
        assert out == ""
        assert err == (
            f"registry: an empty {what} name matches nothing: give a name, alias or code\n"
        )
    code, _, err = registry("history", "kazakhstan", name)  # the seat city too
    assert (code, err) == (
        2,
        "registry: an empty city name matches nothing: give a name, alias or code\n",
    )


def test_a_name_no_name_could_be_is_a_usage_error(registry: Registry) -> None:
    code, _, err = registry("who-heads", "k" * 301)
    assert (code, err) == (
        2,
        "registry: the city name is 301 characters long; at most 300 are allowed\n",
    )
    code, _, err = registry("person", "\x1b[2J")
    assert (code, err) == (
        2,
        "registry: the person name contains the control character U+001B at position 1\n",
    )


def test_an_ambiguous_name_lists_a_few_candidates_and_counts_the_rest(
    registry: Registry,
) -> None:
    (people,) = registry.sql("SELECT count(*) FROM person WHERE search_key LIKE '%a%'")[0]
    assert isinstance(people, int) and people > 5
    code, _, err = registry("person", "a")
    assert code == 2
    assert err.startswith("registry: person 'a' is ambiguous: ")
    assert err.endswith(f" and {people - 5} more: give more of the name\n")
    assert err.count(", ") == 4  # five names


def test_a_mission_id_is_ascii_digits_of_an_integer(registry: Registry) -> None:
    assert registry("history", "9" * 5000)[2] == f"registry: no mission with id {'9' * 20}...\n"
    assert registry("history", "²")[2] == "registry: no party '²'\n"


# -- The database failing mid-read ----------------------------------------------------------


def test_a_statement_timeout_is_one_line(fresh_registry: Registry) -> None:
    """A server's statement_timeout, and a read held up past it (here by a lock)."""
    import psycopg

    from tests.conftest import _dsn

    database = fresh_registry.url.database
    with psycopg.connect(_dsn(fresh_registry.url), autocommit=True) as admin:
        admin.execute(f"ALTER DATABASE \"{database}\" SET statement_timeout = '200ms'")
    with psycopg.connect(_dsn(fresh_registry.url)) as locker:
        locker.execute("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE")
        code, out, err = fresh_registry("history", "kazakhstan", "kabul")
    assert code == 2
    assert out == ""
    assert err.startswith("registry: postgresql://"), err
    assert err.endswith(" cancelled the query: canceling statement due to statement timeout\n")
    assert len(err.splitlines()) == 1


def test_a_server_stopping_mid_read_is_one_line(fresh_registry: Registry) -> None:
    """The read waits on a lock; the server then ends its session, as a shutdown does."""
    import threading
    import time

    import psycopg

    from tests.conftest import _dsn

    with psycopg.connect(_dsn(fresh_registry.url)) as locker:
        locker.execute("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE")
        database = fresh_registry.url.database

        def terminate_the_waiting_read() -> None:
            with psycopg.connect(_dsn(fresh_registry.url), autocommit=True) as admin:
                for _ in range(200):
                    ended = admin.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        " WHERE datname = %s AND wait_event_type = 'Lock'",
                        (database,),
                    ).fetchall()
                    if ended:
                        return
                    time.sleep(0.05)

        killer = threading.Thread(target=terminate_the_waiting_read)
        killer.start()
        code, out, err = fresh_registry("who-heads", "kabul")
        killer.join()
    assert code == 2
    assert out == ""
    assert err.startswith("registry: lost the connection to postgresql://"), err
    assert "terminating connection due to administrator command" in err
    assert len(err.splitlines()) == 1


def test_a_bad_option_value_is_one_line(registry: Registry) -> None:
    code, _, err = registry("record", "retraction", "tenure", "1.5")
    assert (code, err) == (
        2,
        "registry: Invalid value for 'FACT_ID': '1.5' is not a valid integer. "
        "(see 'root record retraction --help')\n",
    )


def test_a_bare_word_given_as_the_database_url_is_not_echoed(tmp_path: object) -> None:
    from typer.testing import CliRunner

    from registry.cli import app

    result = CliRunner().invoke(app, ["who-heads", "kabul", "--database-url", "S3cr3t"])
    assert result.exit_code == 2
    assert "S3cr3t" not in result.stderr


def test_berlin_today_is_germanys_and_in_1985_says_which_berlin(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """An import gives the German Democratic Republic (1949-10-07 to 1990-10-03) a
    Berlin beside Germany's: asked of 2020, "berlin" can only be Germany's (where the
    seed files seat no mission); asked of 1985, it could be either, and the answer says
    how to name one."""
    import_gdr_berlin(fresh_registry, tmp_path)
    code, _, err = fresh_registry("who-heads", "berlin", "--as-of", "2020-01-01")
    assert (code, err) == (1, "no mission on record in Berlin as of 2020-01-01\n")
    code, out, err = fresh_registry("who-heads", "berlin", "--as-of", "1985-01-01")
    assert (code, out) == (2, "")
    assert err == (
        "registry: city 'berlin' is ambiguous: Berlin (German Democratic Republic), "
        "Berlin (Germany): say which, as listed: 'Berlin (German Democratic Republic)'\n"
    )
    code, _, err = fresh_registry(
        "who-heads", "Berlin (German Democratic Republic)", "--as-of", "1985-01-01"
    )
    assert (code, err) == (1, "no mission on record in Berlin as of 1985-01-01\n")


def test_munich_today_is_germanys_though_an_import_gave_the_kingdom_of_bavaria_one(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """A state that no longer exists, its dates not recorded (as rdcr's are): today it
    cannot be where a city is; before, it may have been, and its name in brackets,
    brackets and all, names its Munich."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "parties.csv").write_text(
        "code,name,kind,source_key\nbavaria,Bavaria (Kingdom),historical_state,kabul-2024-09\n"
    )
    (bundle / "cities.csv").write_text(
        "party_code,key,name,source_key\nbavaria,munich,Munich,kabul-2024-09\n"
    )
    code, _, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    _, _, err = fresh_registry("who-heads", "munich")
    assert err.startswith("no mission on record in Munich as of "), err
    _, _, err = fresh_registry("who-heads", "munich", "--as-of", "1850-01-01")
    assert err == (
        "registry: city 'munich' is ambiguous: Munich (Bavaria (Kingdom)), Munich (Germany): "
        "say which, as listed: 'Munich (Bavaria (Kingdom))'\n"
    )
    _, _, err = fresh_registry("who-heads", "Munich (Bavaria (Kingdom))", "--as-of", "1850-01-01")
    assert err == "no mission on record in Munich as of 1850-01-01\n"
