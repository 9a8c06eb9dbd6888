"""A bundle says what the registry's reference data of the world says: when a party
existed and its Correlates of War number (parties.csv), which party became which
(successions.csv), and the subdivisions consular districts cover (subdivisions.csv)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Registry, write

SOURCE = "kabul-2024-09"


def test_a_bundle_states_a_cold_war_state_its_successors_and_its_provinces(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """The Kingdom of Sardinia (1720-1861) became Italy; its Savoy was a province
    the French consulate in Turin covered."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write(
        bundle,
        "parties.csv",
        "code,name,kind,source_key,existed_from,existed_until,cow_code\n"
        f"xx-sardinia,Kingdom of Sardinia,historical_state,{SOURCE},1720,1861-03-17,\n",
    )
    write(
        bundle,
        "successions.csv",
        "predecessor_code,successor_code,how,occurred_on,source_key\n"
        f"xx-sardinia,IT,absorption,1861-03-17,{SOURCE}\n",
    )
    write(
        bundle,
        "subdivisions.csv",
        "code,party_code,name,type,parent_code,source_key\n"
        f"XX-SAV,xx-sardinia,Savoy,Duchy,,{SOURCE}\n"
        f"XX-CHA,xx-sardinia,Chambéry,Province,XX-SAV,{SOURCE}\n",
    )
    code, out, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    assert "  party_succession: 1 inserted, 0 superseded" in out
    assert "  subdivision: 2 inserted, 0 superseded" in out
    assert fresh_registry.sql(
        "SELECT name, kind, existed::text, cow_code FROM party WHERE code = 'xx-sardinia'"
    ) == [("Kingdom of Sardinia", "historical_state", "[1720-01-01,1861-03-17)", None)]
    assert fresh_registry.sql(
        "SELECT a.code, b.code, s.how, s.occurred_on::text, s.occurred_precision"
        " FROM party_succession s JOIN party a ON a.id = s.predecessor_id"
        " JOIN party b ON b.id = s.successor_id WHERE a.code = 'xx-sardinia'"
    ) == [("xx-sardinia", "IT", "absorption", "1861-03-17", "day")]
    assert fresh_registry.sql(
        "SELECT s.code, s.name, s.search_key, s.type, s.parent_code FROM subdivision s"
        " JOIN party p ON p.id = s.party_id WHERE p.code = 'xx-sardinia' ORDER BY 1"
    ) == [
        ("XX-CHA", "Chambéry", "chambery", "Province", "XX-SAV"),
        ("XX-SAV", "Savoy", "savoy", "Duchy", None),
    ]
    code, out, _ = fresh_registry("import", "bundle", str(bundle))
    assert code == 0 and out.startswith("nothing changed"), out


def test_what_a_bundle_says_of_the_world_is_checked_before_anything_is_written(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write(
        bundle,
        "parties.csv",
        "code,name,kind,source_key,existed_from,existed_until,cow_code\n"
        f"xx-a,A,historical_state,{SOURCE},1900,1899,\n"
        f"xx-b,B,historical_state,{SOURCE},,,1000\n"
        f"xx-c,C,historical_state,{SOURCE},,,0\n",
    )
    write(
        bundle,
        "successions.csv",
        "predecessor_code,successor_code,how,occurred_on,source_key\n"
        f"xx-a,xx-a,split,1899,{SOURCE}\n"
        f"xx-b,ZZ,conquest,1900,{SOURCE}\n",
    )
    write(
        bundle,
        "subdivisions.csv",
        "code,party_code,name,type,parent_code,source_key\n"
        f"ZZ-1,ZZ,Somewhere,Province,ZZ-0,{SOURCE}\n",
    )
    code, _, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 2
    assert [line.replace(str(bundle) + "/", "") for line in err.splitlines()] == [
        "parties.csv:3: cow_code: not a Correlates of War state number (1-999)",
        "parties.csv:4: cow_code: not a Correlates of War state number (1-999)",
        "parties.csv:2: existed_until: ends before it starts (1900)",
        "successions.csv:3: how: unknown kind of succession 'conquest' (split, merger, "
        "absorption, dissolution, independence)",
        "successions.csv:2: successor_code: a party does not succeed itself",
        "subdivisions.csv:2: parent_code: unknown subdivision 'ZZ-0'",
        "successions.csv:3: successor_code: unknown party 'ZZ'",
        "subdivisions.csv:2: party_code: unknown party 'ZZ'",
        "registry: 8 error(s); nothing was written",
    ]
    assert fresh_registry.sql("SELECT count(*) FROM party WHERE code LIKE 'xx-%'") == [(0,)]


def test_a_consular_district_may_cover_a_subdivision_the_same_bundle_states(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write(
        bundle,
        "subdivisions.csv",
        f"code,party_code,name,type,source_key\nDE-XX,DE,Neuland,Land,{SOURCE}\n",
    )
    write(
        bundle,
        "missions.csv",
        f"key,sending_code,host_code,city_key,kind,source_key\nkz,KZ,DE,munich,consulate,{SOURCE}\n",
    )
    write(bundle, "districts.csv", f"mission_key,subdivision_code,source_key\nkz,DE-XX,{SOURCE}\n")
    code, out, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    assert "  mission_jurisdiction: 1 inserted, 0 superseded" in out
