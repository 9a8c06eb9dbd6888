"""The world diplomats deal with (issue 21): parties of every kind with dated names
and successions, consular districts made of provinces, the kinds of mission and ranks
the world uses, all from reference data rather than code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Registry

WORLD = (
    Path(__file__).parent / "data" / "wikidata-world" / "database_of_embassies-2022-11-16-world.csv"
)


@pytest.fixture
def world(fresh_registry: Registry) -> Registry:
    code, _, err = fresh_registry("import", "wikidata-embassies", str(WORLD))
    assert code == 0, err
    return fresh_registry


def test_the_order_of_maltas_embassy_in_rome_is_accredited_to_the_holy_see_and_to_italy(
    world: Registry,
) -> None:
    assert world.sql(
        "SELECT sending, mission_kind, host, city, accredited_to FROM reporting.mission "
        "WHERE sending_code = 'order-of-malta'"
    ) == [("Sovereign Military Order of Malta", "embassy", "Italy", "Rome", ["Italy", "Holy See"])]
    assert world.sql(
        "SELECT kind, wikidata FROM reporting.party WHERE code IN ('order-of-malta', 'VA') "
        "ORDER BY code"
    ) == [("sovereign_entity", "Q159583"), ("sovereign_entity", "Q190353")]


def test_dahomey_and_benin_are_one_party(registry: Registry) -> None:
    assert registry.sql(
        "SELECT party, name, valid_from::text, valid_until::text FROM reporting.party_name "
        "WHERE party_id = (SELECT party_id FROM reporting.party WHERE code = 'BJ') "
        "AND valid_from IS NOT NULL ORDER BY valid_from"
    ) == [("Benin", "Dahomey", "1960-08-01", "1975-11-30"), ("Benin", "Benin", "1975-11-30", None)]
    assert registry.sql("SELECT count(*) FROM party WHERE code = 'DYBJ'") == [(0,)]
    assert registry("represents", "Dahomey", "--format", "json") == registry(
        "represents", "Benin", "--format", "json"
    )
    # Burma and Zaire likewise.
    assert registry.sql(
        "SELECT p.code FROM party_alias a JOIN party p ON p.id = a.party_id "
        "WHERE a.alias IN ('Burma', 'Zaire') ORDER BY a.alias"
    ) == [("MM",), ("CD",)]


def test_czechoslovakia_split_and_the_gdr_1949_1990_joined_germany(registry: Registry) -> None:
    assert registry.sql(
        "SELECT a.code, b.code, s.how, s.occurred_on::text FROM party_succession s "
        "JOIN party a ON a.id = s.predecessor_id JOIN party b ON b.id = s.successor_id "
        "WHERE a.code IN ('CSHH', 'DDDE') ORDER BY a.code, b.code"
    ) == [
        ("CSHH", "CZ", "split", "1993-01-01"),
        ("CSHH", "SK", "split", "1993-01-01"),
        ("DDDE", "DE", "absorption", "1990-10-03"),
    ]
    assert registry.sql(
        "SELECT name, kind, existed_from::text, existed_until::text, cow_code "
        "FROM reporting.party WHERE code = 'DDDE'"
    ) == [("German Democratic Republic", "historical_state", "1949-10-07", "1990-10-03", 265)]


def test_parties_of_every_kind(registry: Registry) -> None:
    assert registry.sql(
        "SELECT code, kind FROM party WHERE code IN ('XK', 'TW', 'sahrawi-republic', "
        "'CA-QC', 'european-parliament', 'VA') ORDER BY code"
    ) == [
        ("CA-QC", "subnational"),
        ("TW", "state_limited_recognition"),
        ("VA", "sovereign_entity"),
        ("XK", "state_limited_recognition"),
        ("european-parliament", "organisation"),
        ("sahrawi-republic", "state_limited_recognition"),
    ]


def test_the_consulate_general_in_guangzhous_district_covers_guangdong(world: Registry) -> None:
    assert world.sql(
        "SELECT subdivision_code FROM reporting.consular_district d "
        "JOIN reporting.mission m ON m.mission_id = d.mission_id "
        "WHERE m.sending_code = 'DE' AND m.city = 'Guangzhou' ORDER BY 1"
    ) == [("CN-FJ",), ("CN-GD",), ("CN-GX",), ("CN-HI",)]
    code, out, err = world(
        "accredited-to", "guangdong", "--as-of", "2023-01-01", "--format", "json"
    )
    assert code == 0, err
    assert [(p["sending"], p["mission_kind"], p["city"]) for p in json.loads(out)] == [
        ("Germany", "consulate general", "Guangzhou")
    ]
    code, out, err = world("accredited-to", "guangdong", "--as-of", "2023-01-01")
    assert " ".join(out.splitlines()[:2]) == (
        "Missions accredited to Guangdong Sheng (CN-GD, province of China), as of 2023-01-01"
    )
    # Accredited to China too (the district is China's), so listed there as before.
    code, out, err = world("accredited-to", "china", "--as-of", "2023-01-01", "--format", "tsv")
    assert "Guangzhou" in out


def test_a_consulate_in_munich_covers_bavaria_not_the_sub_national_party(
    world: Registry,
) -> None:
    assert world.sql(
        "SELECT m.mission_kind_code, d.subdivision_code, m.accredited_to "
        "FROM reporting.mission m JOIN reporting.consular_district d USING (mission_id) "
        "WHERE m.sending_code = 'BE'"
    ) == [("consulate-general", "DE-BY", ["Germany"])]


def test_high_commissions_and_offices_of_sub_national_governments(world: Registry) -> None:
    assert world.sql(
        "SELECT sending_code, mission_kind_code, host_code FROM reporting.mission "
        "WHERE sending_code IN ('CA', 'CA-QC', 'XK') ORDER BY 1"
    ) == [
        ("CA", "high-commission", "GB"),
        ("CA-QC", "subnational-office", "FR"),
        ("XK", "embassy", "AL"),
    ]
    assert world.sql(
        "SELECT vienna_class, cow_level FROM rank WHERE code = 'high-commissioner' "
        "UNION ALL SELECT vienna_class, cow_level FROM rank WHERE code = 'apostolic-delegate'"
    ) == [("a", 3), (None, 9)]


def test_what_a_person_would_refuse_is_reported_with_file_and_line(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    report = tmp_path / "unmapped.csv"
    code, _, err = fresh_registry(
        "import", "wikidata-embassies", str(WORLD), "--unmapped-report", str(report)
    )
    assert code == 0, err
    assert [
        line for line in report.read_text(encoding="utf-8").splitlines() if "unmapped" in line
    ] == [
        f"{WORLD.name},8,operator,Nordic countries,unknown party 'Nordic countries',unmapped",
    ]


def test_a_us_chief_to_dahomey_is_a_chief_to_benin(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """pocom names territories by former names too: Dahomey is Benin's, Upper Volta
    Burkina Faso's, so their chiefs are placed, not reported."""
    small = Path(__file__).parent / "data" / "pocom-small"
    pocom = tmp_path / "pocom"
    for path in small.rglob("*.xml"):
        target = pocom / path.relative_to(small)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    chief = (pocom / "missions-countries" / "afghanistan.xml").read_text(encoding="utf-8")
    for territory in ("dahomey", "upper-volta"):
        (pocom / "missions-countries" / f"{territory}.xml").write_text(
            chief.replace(
                "<contemporary-territory-id>afghanistan<",
                f"<contemporary-territory-id>{territory}<",
            ).replace("xa-19", f"{territory[:2]}-19"),
            encoding="utf-8",
        )
    report = tmp_path / "unmapped.csv"
    code, _, err = fresh_registry("import", "pocom", str(pocom), "--unmapped-report", str(report))
    assert code == 0, err
    assert "unknown territory" not in report.read_text(encoding="utf-8")
    assert fresh_registry.sql(
        "SELECT DISTINCT host_code FROM reporting.mission WHERE sending_code = 'US' "
        "AND host_code IN ('BJ', 'BF') ORDER BY 1"
    ) == [("BF",), ("BJ",)]
