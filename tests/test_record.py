"""`registry record ...`: news taken in one fact at a time, as a clerk would type it.

Every refusal is one line naming the option at fault, exit 2, and the database
exactly as it was (row counts of every fact table unchanged).
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import URL, create_engine
from sqlalchemy.pool import NullPool

from registry.dates import PartialDate
from registry.record import (
    Appointment,
    Conflict,
    MissionRef,
    PersonRef,
    SourceRef,
    record_appointment,
)
from tests.conftest import Registry, import_gdr_berlin

COUNTS = (
    "SELECT (SELECT count(*) FROM tenure), (SELECT count(*) FROM status_change),"
    " (SELECT count(*) FROM person), (SELECT count(*) FROM source),"
    " (SELECT count(*) FROM mission)"
)
NEWS = (
    "--source-title",
    "New chargé d'affaires in Kabul",
    "--source-publisher",
    "Kazinform",
    "--source-date",
    "2025-03-12",
)
SEED = ("--source", "kabul-2024-09")


def heads(reg: Registry, city: str, as_of: str) -> dict[Any, dict[str, Any]]:
    code, out, err = reg("who-heads", city, "--as-of", as_of, "--format", "json")
    assert code == 0, err
    return {row["sending_code"]: row for row in json.loads(out)}


def history(reg: Registry, *mission: str) -> list[dict[str, Any]]:
    code, out, err = reg("history", *mission, "--format", "json")
    assert code == 0, err
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def refused(reg: Registry, *args: str) -> str:
    """Runs a recording that must be refused; returns its one-line error."""
    before = reg.sql(COUNTS)
    code, out, err = reg("record", *args)
    assert code == 2, (out, err)
    assert out == ""
    assert err.startswith("registry: ") and err.count("\n") == 1, err
    assert "nothing written" in err
    assert reg.sql(COUNTS) == before
    return err


def recorded(reg: Registry, *args: str) -> str:
    code, out, err = reg("record", *args)
    assert code == 0, err
    return out


def appoint_charge(reg: Registry, name: str, start: str, *more: str) -> str:
    return recorded(
        reg,
        "appointment",
        "kazakhstan",
        "kabul",
        "--new-person",
        name,
        "--rank",
        "charge-d-affaires",
        "--ad-interim",
        "--from",
        start,
        *more,
        *NEWS,
    )


# --- appointments -------------------------------------------------------------------


def test_a_new_charge_in_kabul_is_recorded_with_the_news_item_as_source(
    fresh_registry: Registry,
) -> None:
    out = appoint_charge(fresh_registry, "Alibek Bakayev", "2025-03")
    lines = out.splitlines()
    assert lines[0].startswith("source ") and "as --source kazinform-2025-03-12" in lines[0]
    assert lines[1].startswith("person ") and "Alibek Bakayev (key alibek-bakayev)" in lines[1]
    assert lines[2].startswith("tenure ")
    assert (
        "Kazakhstan embassy in Kabul, Alibek Bakayev, Chargé d'Affaires ad interim, "
        "from 2025-03 (source kazinform-2025-03-12)" in lines[2]
    )
    kz = heads(fresh_registry, "kabul", "2025-04-01")["KZ"]
    assert (kz["head"], kz["rank"], kz["since"]) == (
        "Alibek Bakayev",
        "Chargé d'Affaires ad interim",
        "2025-03",
    )
    assert kz["source"] == "New chargé d'affaires in Kabul"
    # Before his start, the embassy had no head on record since the 2024 dismissal.
    assert heads(fresh_registry, "kabul", "2025-02-01")["KZ"]["head_status"] == "vacant"


def test_a_second_head_over_an_open_tenure_is_refused_unless_it_ends_previous(
    fresh_registry: Registry,
) -> None:
    first = appoint_charge(fresh_registry, "Alibek Bakayev", "2025-03")
    first_id = first.splitlines()[-1].split()[1]
    err = refused(
        fresh_registry,
        "appointment",
        "KZ",
        "kabul",
        "--new-person",
        "Dana Omarova",
        "--rank",
        "ambassador-e-p",
        "--from",
        "2025-09",
        *SEED,
    )
    assert f"overlaps tenure {first_id} (Alibek Bakayev" in err
    assert "--ends-previous" in err

    out = recorded(
        fresh_registry,
        "appointment",
        "KZ",
        "kabul",
        "--new-person",
        "Dana Omarova",
        "--rank",
        "ambassador-e-p",
        "--from",
        "2025-09",
        "--ends-previous",
        *SEED,
    )
    assert f"tenure {first_id} superseded by " in out
    assert "Alibek Bakayev ended 2025-09" in out
    timeline = [
        r for r in history(fresh_registry, "KZ", "kabul") if r["event"] == "head of mission"
    ]
    assert [r["detail"] for r in timeline[-2:]] == [
        "Alibek Bakayev, Chargé d'Affaires ad interim: 2025-03 to 2025-09",
        "Dana Omarova, Ambassador Extraordinary and Plenipotentiary: 2025-09 to no end on record",
    ]


def test_ends_previous_with_no_open_tenure_is_refused(fresh_registry: Registry) -> None:
    err = refused(
        fresh_registry,
        "appointment",
        "KZ",
        "kabul",
        "--unnamed",
        "--rank",
        "charge-d-affaires-a-i",
        "--from",
        "2025-03",
        "--ends-previous",
        *SEED,
    )
    assert (
        "--ends-previous: no head of Kazakhstan embassy in Kabul is on record without an end" in err
    )


def test_an_unnamed_head_first_attested_and_a_person_on_record(fresh_registry: Registry) -> None:
    out = recorded(
        fresh_registry,
        "appointment",
        "KZ",
        "kabul",
        "--person",
        "Alimkhan Esengeldiev",  # an alias of Yesengeldiyev
        "--rank",
        "Ambassador",
        "--attested",
        "2025-05",
        *SEED,
    )
    assert "Alimkhan Yesengeldiyev, Ambassador, first attested 2025-05" in out
    assert "person " not in out  # nobody new
    kz = heads(fresh_registry, "kabul", "2025-06-01")["KZ"]
    assert (kz["since"], kz["first_attested"]) == (None, "2025-05")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("kazakstan", "kabul"), "MISSION: no party 'kazakstan'; did you mean Kazakhstan"),
        (("KZ", "kabull"), "MISSION: no city 'kabull'; did you mean Kabul?"),
        (("FR", "kabul"), "MISSION: no mission of France in Kabul on record"),
        (("KZ", "kabul", "--kind", "consulate"), "no consulate mission of Kazakhstan in Kabul"),
        (("999999",), "MISSION: no mission with id 999999"),
    ],
)
def test_an_unknown_mission_is_refused_with_a_suggestion(
    fresh_registry: Registry, args: tuple[str, ...], message: str
) -> None:
    err = refused(
        fresh_registry,
        "appointment",
        *args,
        "--unnamed",
        "--rank",
        "charge-d-affaires-a-i",
        "--from",
        "2025-03",
        *SEED,
    )
    assert message in err


def test_a_mission_known_elsewhere_is_suggested(fresh_registry: Registry) -> None:
    err = refused(
        fresh_registry,
        "status",
        "opened",
        "KZ",
        "oslo",
        "--on",
        "2025-03",
        *SEED,
    )
    assert "on record: Kazakhstan embassy in Kabul" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--person", "Yesengeldy"), "--person: no person 'Yesengeldy'; did you mean"),
        (("--new-person", "Alimkhan Esengeldiev"), "is on record already: use --person"),
        (("--person", "X", "--unnamed"), "give one of --person, --new-person or --unnamed"),
        ((), "name the head: --person NAME, --new-person NAME, or --unnamed"),
    ],
)
def test_the_head_must_be_on_record_or_explicitly_new(
    fresh_registry: Registry, args: tuple[str, ...], message: str
) -> None:
    err = refused(
        fresh_registry,
        "appointment",
        "KZ",
        "kabul",
        *args,
        "--rank",
        "ambassador-e-p",
        "--from",
        "2025-03",
        *SEED,
    )
    assert message in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--from", "2025-03", "--until", "2025-01"), "--until: ends (2025-01) before it starts"),
        (
            ("--from", "2025-03", "--credentials", "2025-02-20", "--credentials-to", "af-emirate"),
            "--credentials: credentials presented before the appointment",
        ),
        (
            ("--from", "2025-03", "--credentials", "2025-04", "--credentials-to", "af-republic"),
            "--credentials-to: Islamic Republic of Afghanistan was not in power on 2025-04",
        ),
        (("--from", "2025-13"), "--from: '2025-13' is not a date"),
        (("--from", "2025", "--attested", "2025"), "give exactly one of --from"),
        (("--attested", "2025", "--ends-previous"), "--ends-previous needs --from"),
        (("--from", "2025", "--rank", "ambasador"), "--rank: unknown rank 'ambasador'"),
        (("--from", "2025", "--rank", "ambassador", "--ad-interim"), "--ad-interim: only a chargé"),
    ],
)
def test_a_tenure_that_cannot_be_is_refused(
    fresh_registry: Registry, args: tuple[str, ...], message: str
) -> None:
    rank = () if "--rank" in args else ("--rank", "ambassador-e-p")
    err = refused(fresh_registry, "appointment", "KZ", "kabul", "--unnamed", *rank, *args, *SEED)
    assert message in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--source", "kabul-2024"), "--source: unknown source 'kabul-2024' (did you mean"),
        ((), "every fact needs a source"),
        (("--source-title", "A title"), "a new source needs --source-publisher, --source-date"),
        (
            ("--source", "kabul-2024-09", "--source-title", "T"),
            "--source kabul-2024-09 names a known source: drop the --source-* options",
        ),
        (
            ("--source", "my-new-source", "--source-title", "T"),
            "--source: no source 'my-new-source' is on record, and a new source's key is made"
            " for it: drop --source to record the one the --source-* options describe",
        ),
        (
            ("--source-title", "T", "--source-publisher", "P", "--source-date", "March 2025"),
            "--source-date: 'March 2025' is not a date",
        ),
    ],
)
def test_every_fact_needs_a_known_or_fully_described_source(
    fresh_registry: Registry, args: tuple[str, ...], message: str
) -> None:
    err = refused(
        fresh_registry,
        "appointment",
        "KZ",
        "kabul",
        "--unnamed",
        "--rank",
        "ambassador-e-p",
        "--from",
        "2025-03",
        *args,
    )
    assert message in err


def test_dry_run_shows_the_changes_and_writes_nothing(fresh_registry: Registry) -> None:
    before = fresh_registry.sql(COUNTS)
    out = appoint_charge(fresh_registry, "Alibek Bakayev", "2025-03", "--dry-run")
    assert "tenure " in out and out.rstrip().endswith("dry run: nothing written")
    assert fresh_registry.sql(COUNTS) == before


def test_the_same_news_item_named_twice_is_one_source(fresh_registry: Registry) -> None:
    appoint_charge(fresh_registry, "Alibek Bakayev", "2025-03")
    out = recorded(fresh_registry, "status", "suspended", "KZ", "kabul", "--on", "2025-10", *NEWS)
    assert not out.startswith("source ")
    assert "(source kazinform-2025-03-12)" in out


# --- credentials --------------------------------------------------------------------


def test_credentials_of_a_head_attested_only(fresh_registry: Registry) -> None:
    out = recorded(
        fresh_registry,
        "credentials",
        "AZ",
        "kabul",
        "--to",
        "af-republic",
        "--on",
        "2019-05",
        *SEED,
    )
    assert "superseded by" in out and "credentials 2019-05 to Islamic Republic" in out
    creds = [
        r for r in history(fresh_registry, "AZ", "kabul") if r["event"] == "credentials presented"
    ]
    assert [(r["date"], r["detail"]) for r in creds] == [
        ("2019-05", "to Islamic Republic of Afghanistan")
    ]


def test_credentials_before_the_appointment_or_to_an_unknown_authority_are_refused(
    fresh_registry: Registry,
) -> None:
    appoint_charge(fresh_registry, "Alibek Bakayev", "2025-03")
    err = refused(
        fresh_registry, "credentials", "KZ", "kabul", "--to", "af-emirate", "--on", "2025-02", *SEED
    )
    assert "--on: credentials presented (2025-02) before the appointment" in err
    err = refused(
        fresh_registry, "credentials", "KZ", "kabul", "--to", "taliban", "--on", "2025-04", *SEED
    )
    assert "--to: unknown authority 'taliban'" in err


def test_credentials_need_a_head_without_an_end_or_a_tenure_id(fresh_registry: Registry) -> None:
    err = refused(fresh_registry, "credentials", "KZ", "kabul", "--to", "af-emirate", *SEED)
    assert "has no head on record without an end: give --tenure ID" in err
    err = refused(fresh_registry, "credentials", "--tenure", "999999", "--to", "af-emirate", *SEED)
    assert "--tenure: no tenure 999999" in err


# --- departures ---------------------------------------------------------------------


def test_a_recall_ends_the_tenure_and_is_dated(fresh_registry: Registry) -> None:
    out = recorded(
        fresh_registry,
        "departure",
        "recalled",
        "AZ",
        "kabul",
        "--on",
        "2025-01-15",
        "--actor",
        "AZ",
        *SEED,
    )
    assert "ended 2025-01-15" in out
    assert "head recalled, 2025-01-15, by Azerbaijan" in out
    az = heads(fresh_registry, "kabul", "2025-02-01")["AZ"]
    assert (az["head_status"], az["since"]) == ("vacant", "2025-01-15")
    assert heads(fresh_registry, "kabul", "2025-01-01")["AZ"]["head_status"] == "unnamed"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("recalled", "AZ", "kabul", "--on", "2024-08"), "--on: ends (2024-08) before it starts"),
        (("recaled", "AZ", "kabul", "--on", "2025"), "(did you mean 'recalled'?)"),
        (("opened", "AZ", "kabul", "--on", "2025"), "CAUSE: 'opened' is not a way a tenure ends"),
        (("died", "KZ", "kabul", "--on", "2025"), "has no head on record without an end"),
    ],
)
def test_a_departure_that_cannot_be_is_refused(
    fresh_registry: Registry, args: tuple[str, ...], message: str
) -> None:
    assert message in refused(fresh_registry, "departure", *args, *SEED)


def test_a_tenure_that_has_ended_cannot_end_again(fresh_registry: Registry) -> None:
    (tenure,) = fresh_registry.sql(
        "SELECT tenure_id FROM reporting.head_of_mission WHERE head = 'Alimkhan Yesengeldiyev'"
    )[0]
    err = refused(
        fresh_registry, "departure", "died", "--tenure", str(tenure), "--on", "2025-01", *SEED
    )
    assert "has ended already: to change its end, record a correction" in err


# --- status and recognition ---------------------------------------------------------


def test_a_suspension_takes_the_embassy_off_the_list_and_a_resumption_back(
    fresh_registry: Registry,
) -> None:
    out = recorded(fresh_registry, "status", "suspended", "CN", "kabul", "--on", "2025-02", *SEED)
    assert "China embassy in Kabul, suspended operations, 2025-02 (source kabul-2024-09)" in out
    recorded(fresh_registry, "status", "resumed", "CN", "kabul", "--on", "2025-06", *SEED)
    assert "CN" not in heads(fresh_registry, "kabul", "2025-03-01")
    assert "CN" in heads(fresh_registry, "kabul", "2025-07-01")


def test_brazil_opening_an_embassy_in_kabul_brings_a_new_mission_on_record(
    fresh_registry: Registry,
) -> None:
    out = recorded(
        fresh_registry,
        "status",
        "opened",
        "brazil",
        "kabul",
        "--new-mission",
        "--kind",
        "embassy",
        "--on",
        "2026-01",
        *NEWS,
    )
    assert "Brazil embassy in Kabul" in out.splitlines()[1]
    assert "opened, 2026-01" in out
    assert "BR" not in heads(fresh_registry, "kabul", "2025-12-01")
    brazil = heads(fresh_registry, "kabul", "2026-02-01")["BR"]
    assert brazil["head_status"] == "unknown"
    sources = fresh_registry.sql(
        "SELECT sources FROM reporting.mission WHERE sending_code = 'BR' AND city = 'Kabul'"
    )
    assert sources == [(["New chargé d'affaires in Kabul"],)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("opened", "kazakhstan", "kabul", "--kind", "embassy"),
            "--new-mission: Kazakhstan embassy in Kabul is on record already",
        ),
        (("closed", "brazil", "kabul", "--kind", "embassy"), "recorded new only as opened"),
        (("opened", "brazil", "kabul"), "give the sending party, the seat city and --kind"),
        (("opened", "brazil", "kabul", "--kind", "embasy"), "unknown mission kind 'embasy'"),
        (
            ("opened", "brazil", "kabul", "--kind", "embassy", "--accredited-to", "narnia"),
            "--accredited-to: no party 'narnia'",
        ),
        (
            ("opened", "brazil", "kabul", "--kind", "embassy", *("--accredited-to", "AF") * 2),
            "--accredited-to: Afghanistan is given twice",
        ),
    ],
)
def test_a_new_mission_that_cannot_be_is_refused(
    fresh_registry: Registry, args: tuple[str, ...], message: str
) -> None:
    err = refused(
        fresh_registry, "status", *args[:3], "--new-mission", *args[3:], "--on", "2026-01", *SEED
    )
    assert message in err


def test_brazils_new_embassy_in_kabul_is_accredited_to_afghanistan_and_to_the_un(
    fresh_registry: Registry,
) -> None:
    out = recorded(
        fresh_registry,
        *("status", "opened", "brazil", "kabul", "--new-mission", "--kind", "embassy"),
        *("--accredited-to", "AF", "--accredited-to", "united nations", "--on", "2026-01"),
        *SEED,
    )
    assert out.splitlines()[1:3] == [
        "accreditation recorded: Brazil embassy in Kabul to Afghanistan (resident)",
        "accreditation recorded: Brazil embassy in Kabul to United Nations (non-resident)",
    ]
    assert fresh_registry.sql(
        "SELECT party_code, resident FROM reporting.accreditation a"
        " JOIN reporting.mission m USING (mission_id)"
        " WHERE m.sending_code = 'BR' AND m.city = 'Kabul' ORDER BY party_code"
    ) == [("AF", True), ("united-nations", False)]


def test_accreditations_are_given_only_to_a_new_mission(fresh_registry: Registry) -> None:
    err = refused(
        fresh_registry,
        *("status", "resumed", "kazakhstan", "kabul", "--accredited-to", "AF", "--on", "2026-01"),
        *SEED,
    )
    assert "--accredited-to: only with --new-mission" in err


def test_a_status_on_record_twice_or_of_the_wrong_kind_is_refused(fresh_registry: Registry) -> None:
    recorded(fresh_registry, "status", "suspended", "CN", "kabul", "--on", "2025-02", *SEED)
    err = refused(fresh_registry, "status", "suspended", "CN", "kabul", "--on", "2025-02", *SEED)
    assert "suspended on 2025-02 is on record already (status change " in err
    err = refused(
        fresh_registry, "status", "recognised-legitimate", "CN", "kabul", "--on", "2025", *SEED
    )
    assert "CHANGE: 'recognised-legitimate' is not one of opened" in err
    err = refused(fresh_registry, "status", "opend", "CN", "kabul", "--on", "2025", *SEED)
    assert "(did you mean 'opened'?)" in err


def test_an_act_of_recognition_by_the_taliban_shows_in_recognition(
    fresh_registry: Registry,
) -> None:
    out = recorded(
        fresh_registry,
        "recognition",
        "recognised-legitimate",
        "AF",
        "berlin",
        "--on",
        "2025-05",
        "--authority",
        "af-emirate",
        *SEED,
    )
    assert "recognised as legitimate, 2025-05, by Islamic Emirate of Afghanistan (Taliban)" in out
    code, table, err = fresh_registry("recognition", "afghanistan", "--format", "json")
    assert code == 0, err
    berlin = next(r for r in json.loads(table) if r["city"] == "Berlin")
    assert ("recognised as legitimate", "2025-05") in [
        (a["change"], a["date"]) for a in berlin["acts"]
    ]


def test_recognition_of_a_head_needs_a_head(fresh_registry: Registry) -> None:
    err = refused(
        fresh_registry,
        "recognition",
        "host-accredited-charge",
        "KZ",
        "kabul",
        "--on",
        "2025",
        *SEED,
    )
    assert "has no head on record without an end" in err
    out = recorded(
        fresh_registry,
        "recognition",
        "host-accredited-charge",
        "IR",
        "kabul",
        "--on",
        "2024-10",
        *SEED,
    )
    assert "Iran embassy in Kabul, tenure " in out
    assert "host accredited the head as chargé d'affaires, 2024-10" in out


# --- two clerks at once -------------------------------------------------------------


def _appointment(name: str, start: str) -> Appointment:
    return Appointment(
        mission=MissionRef("AZ", "kabul"),
        person=PersonRef(name, new=True),
        rank="ambassador-e-p",
        source=SourceRef(key="kabul-2024-09"),
        start=PartialDate.parse(start),
        ends_previous=True,
    )


def test_two_clerks_recording_the_same_embassys_new_head_at_once_one_wins(
    fresh_registry: Registry, seeded_db: URL
) -> None:
    """Both end the open tenure of Azerbaijan's ambassador in Kabul. The second,
    held by the first's lock, must not end the head the first just recorded."""
    before = fresh_registry.sql(COUNTS)
    first, second = (create_engine(seeded_db, poolclass=NullPool) for _ in range(2))
    outcome: dict[str, BaseException | list[str]] = {}
    with first.connect() as conn_a:
        tx_a = conn_a.begin()
        record_appointment(conn_a, _appointment("First Clerk's Ambassador", "2025-03"))
        pid_a = conn_a.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()

        def clerk_b() -> None:
            with second.connect() as conn_b, conn_b.begin():
                try:
                    outcome["b"] = record_appointment(
                        conn_b, _appointment("Second Clerk's Ambassador", "2025-04")
                    )
                except BaseException as exc:  # handed to the main thread
                    outcome["b"] = exc

        thread = threading.Thread(target=clerk_b)
        thread.start()
        # Wait (no timing assertion) until the second clerk is blocked behind the first.
        while not fresh_registry.sql(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            f" AND {pid_a} = ANY(pg_blocking_pids(pid))"
        )[0][0]:
            assert thread.is_alive(), outcome
            time.sleep(0.01)
        tx_a.commit()
        thread.join()
    for engine in (first, second):
        engine.dispose()
    assert isinstance(outcome["b"], Conflict), outcome
    assert "someone else recorded a fact of this mission at the same moment" in str(outcome["b"])
    tenures, changes, people, sources, missions = fresh_registry.sql(COUNTS)[0]
    # The first clerk's write only: one new head, one superseded version, one person.
    assert (tenures, changes, people, sources, missions) == (
        before[0][0] + 2,
        before[0][1],
        before[0][2] + 1,
        before[0][3],
        before[0][4],
    )
    az = heads(fresh_registry, "kabul", "2025-05-01")["AZ"]
    assert az["head"] == "First Clerk's Ambassador"


def test_a_mission_seated_nowhere_known_is_named_by_its_host_country(
    fresh_registry: Registry,
) -> None:
    out = recorded(fresh_registry, "status", "closed", "AF", "belgium", "--on", "2025-01", *SEED)
    assert "Afghanistan diplomatic mission (kind not stated) in Belgium, closed, 2025-01" in out
    err = refused(fresh_registry, "status", "closed", "AF", "germany", "--on", "2025-01", *SEED)
    assert "Afghanistan has 3 missions in Germany: " in err
    assert "consulate general in Munich (id " in err


def test_credentials_in_the_month_an_authority_took_power_are_accepted(
    fresh_registry: Registry,
) -> None:
    """The Taliban took power on 2021-08-15: 'August 2021' may be after that."""
    out = recorded(
        fresh_registry, "credentials", "AZ", "kabul", "--to", "af-emirate", "--on", "2021-08", *SEED
    )
    assert "credentials 2021-08 to Islamic Emirate" in out
    err = refused(
        fresh_registry, "credentials", "AZ", "kabul", "--to", "af-emirate", "--on", "2021-07", *SEED
    )
    assert "was not in power on 2021-07 (from 2021-08-15 to now)" in err


def test_a_departure_before_the_credentials_is_refused(fresh_registry: Registry) -> None:
    appoint_charge(
        fresh_registry,
        "Alibek Bakayev",
        "2025-01",
        "--credentials",
        "2025-06-10",
        "--credentials-to",
        "af-emirate",
    )
    err = refused(fresh_registry, "departure", "recalled", "KZ", "kabul", "--on", "2025-03", *SEED)
    assert "--on: credentials presented (2025-06-10) after the tenure ended (2025-03)" in err


def test_a_database_without_the_registry_schema_is_refused_like_for_reading(
    empty_db: URL,
) -> None:
    code, out, err = Registry(empty_db)(
        "record", "status", "resumed", "KZ", "kabul", "--on", "2025", *SEED
    )
    assert (code, out) == (2, "")
    assert "has no registry schema" in err and "alembic upgrade head" in err


def test_a_status_change_is_corrected_with_old_and_new_shown(fresh_registry: Registry) -> None:
    out = recorded(fresh_registry, "status", "suspended", "CN", "kabul", "--on", "2025-02", *SEED)
    change = out.split()[2].rstrip(":")
    out = recorded(
        fresh_registry,
        "correction",
        "status-change",
        change,
        "--on",
        "2025-02-20",
        "--actor",
        "AF",
        *NEWS,
    )
    assert f"status change {change} superseded by " in out
    assert "China embassy in Kabul, corrected (source kazinform-2025-03-12)" in out
    assert "was: suspended operations, 2025-02 (source kabul-2024-09)" in out
    assert "now: suspended operations, 2025-02-20, by Afghanistan (source kazinform-" in out
    err = refused(fresh_registry, "correction", "status-change", change, "--on", "2025-03", *SEED)
    assert f"status change {change} is not current; its correction is status change " in err
    err = refused(fresh_registry, "correction", "status-change", "1", "--until", "2025", *SEED)
    assert "that option corrects a tenure, not a status-change" in err
    err = refused(fresh_registry, "correction", "mission", "1", *SEED)
    assert "KIND must be tenure or status-change" in err


def test_a_correction_that_says_what_is_on_record_already_is_refused(
    fresh_registry: Registry,
) -> None:
    out = recorded(fresh_registry, "status", "suspended", "CN", "kabul", "--on", "2025-02", *SEED)
    change = out.split()[2].rstrip(":")
    err = refused(fresh_registry, "correction", "status-change", change, "--on", "2025-02", *SEED)
    assert err == (
        f"registry: nothing to correct: status change {change} already states this, "
        "from the same source; nothing written\n"
    )
    appoint_charge(fresh_registry, "Alibek Bakayev", "2025-03")
    ((tenure,),) = fresh_registry.sql(
        "SELECT tenure_id FROM reporting.head_of_mission WHERE head = 'Alibek Bakayev'"
    )
    assert "nothing to correct: tenure" in refused(
        fresh_registry, "correction", "tenure", str(tenure), "--from", "2025-03", *NEWS
    )


def test_a_correction_that_would_overlap_another_head_is_refused(fresh_registry: Registry) -> None:
    appoint_charge(fresh_registry, "Alibek Bakayev", "2025-03", "--until", "2025-06")
    out = appoint_charge(fresh_registry, "Dana Omarova", "2025-06")
    (tenure,) = fresh_registry.sql(
        "SELECT tenure_id FROM reporting.head_of_mission WHERE head = 'Alibek Bakayev'"
    )[0]
    err = refused(fresh_registry, "correction", "tenure", str(tenure), "--until", "2025-08", *SEED)
    assert "overlaps tenure " in err and "(Dana Omarova" in err
    assert "Dana Omarova" in out


def test_a_corrected_tenure_takes_its_status_changes_along_and_says_so(
    fresh_registry: Registry,
) -> None:
    """Yesengeldiyev's tenure in Kabul corrected: his dismissal by decree (a change of
    the tenure) follows it to the new version, each move a line of its own."""
    ((tenure,),) = fresh_registry.sql(
        "SELECT tenure_id FROM reporting.head_of_mission WHERE head = 'Alimkhan Yesengeldiyev'"
    )
    changes = [
        row[0]
        for row in fresh_registry.sql(
            f"SELECT id FROM status_change WHERE tenure_id = {tenure} AND upper_inf(recorded)"
            " ORDER BY id"
        )
    ]
    assert changes
    out = recorded(fresh_registry, "correction", "tenure", str(tenure), "--from", "2018-05", *NEWS)
    ((new_tenure,),) = fresh_registry.sql(f"SELECT id FROM tenure WHERE supersedes_id = {tenure}")
    moved = fresh_registry.sql(
        f"SELECT supersedes_id, id FROM status_change WHERE tenure_id = {new_tenure}"
        " ORDER BY supersedes_id"
    )
    assert [old for old, _ in moved] == changes
    assert [line for line in out.splitlines() if line.startswith("status change ")] == [
        f"status change {old} superseded by {new}: moved to tenure {new_tenure}"
        for old, new in moved
    ]


def test_a_script_records_chinas_embassy_suspended_in_one_transaction_of_its_own(
    fresh_registry: Registry,
) -> None:
    """registry.record.transaction.record: what `registry record` does, from Python."""
    from registry.record import Event, record_event
    from registry.record.transaction import record

    suspended = Event(
        MissionRef("CN", "kabul"),
        "suspended",
        PartialDate.parse("2025-02"),
        SourceRef(key="kabul-2024-09"),
    )

    def suspend(conn: Any) -> list[str]:
        return record_event(conn, suspended, lambda code, applies_to, status: True)

    before = fresh_registry.sql(COUNTS)
    tried = record(fresh_registry.url, suspend, dry_run=True)
    assert not tried.written and fresh_registry.sql(COUNTS) == before
    done = record(fresh_registry.url, suspend)
    said = ": China embassy in Kabul, suspended operations, 2025-02 (source kabul-2024-09)"
    assert done.written and len(done.lines) == len(tried.lines) == 1
    assert tried.lines[0].endswith(said) and done.lines[0].endswith(said)
    assert "CN" not in heads(fresh_registry, "kabul", "2025-03-01")


def test_a_note_quoting_a_url_with_its_password_is_said_masked(fresh_registry: Registry) -> None:
    out = recorded(
        fresh_registry, "status", "reported-operating", "kazakhstan", "kabul", "--on", "2025-07",
        "--note", "see postgresql://ops:s3cret@db/registry", *SEED,
    )  # fmt: skip
    assert "s3cret" not in out
    assert "2025-07; see postgresql://ops:***@db/registry (source kabul-2024-09)" in out


def test_a_superseded_tenure_names_its_latest_correction_and_says_when_that_was_retracted(
    fresh_registry: Registry,
) -> None:
    """Yesengeldiyev's tenure corrected twice: the first version points at the last,
    not the middle one; once the last is retracted, the first says so."""
    (first,) = fresh_registry.sql(
        "SELECT t.id FROM tenure t JOIN person p ON p.id = t.person_id"
        " WHERE p.key = 'alimkhan-yesengeldiyev' AND upper_inf(t.recorded)"
    )[0]
    middle = recorded(fresh_registry, "correction", "tenure", str(first), "--note", "a", *NEWS)
    second = middle.split("superseded by ")[1].split(":")[0]
    last = recorded(fresh_registry, "correction", "tenure", second, "--note", "b", *NEWS)
    third = last.split("superseded by ")[1].split(":")[0]
    err = refused(fresh_registry, "correction", "tenure", str(first), "--note", "c", *NEWS)
    assert err == (
        f"registry: TENURE: tenure {first} is a superseded version; "
        f"its correction is tenure {third}; nothing written\n"
    )
    recorded(fresh_registry, "retraction", "tenure", third)
    err = refused(fresh_registry, "correction", "tenure", str(first), "--note", "c", *NEWS)
    assert err == (
        f"registry: TENURE: tenure {first} is a superseded version; "
        f"its latest correction, tenure {third}, was retracted; nothing written\n"
    )


def test_afghanistans_embassy_in_berlin_is_found_though_the_gdr_has_a_berlin_too(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """A recording of 2025 means the Berlin of Germany, the one of the two countries
    that existed then."""
    import_gdr_berlin(fresh_registry, tmp_path)
    out = recorded(
        fresh_registry, "recognition", "recognised-legitimate", "AF", "berlin", "--on", "2025-05",
        "--authority", "af-emirate", *SEED,
    )  # fmt: skip
    assert (
        "Afghanistan diplomatic mission (kind not stated) in Berlin, recognised as legitimate"
        in out
    )


def test_no_embassy_opens_in_berlin_of_the_gdr_after_the_gdr_ceased_to_exist(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    import_gdr_berlin(fresh_registry, tmp_path)
    opening = ("status", "opened", "brazil", "Berlin (German Democratic Republic)",
               "--new-mission", "--kind", "embassy", *SEED)  # fmt: skip
    assert refused(fresh_registry, *opening, "--on", "2026-01") == (
        "registry: --new-mission: German Democratic Republic existed from 1949-10-07 until "
        "1990-10-03, not on 2026-01-01: no mission of it or in it opens then; nothing written\n"
    )
    out = recorded(fresh_registry, *opening, "--on", "1980-01")
    assert "Brazil embassy in Berlin, opened, 1980-01 (source kabul-2024-09)" in out
