"""The bulk path (registry/bundle/, as registry.bulk) through `registry import bundle`:
COPY, checks, upserts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import Registry

BUNDLE = Path(__file__).parent / "data" / "bundle-small"
COUNT_FACTS = (
    "SELECT (SELECT count(*) FROM mission) + (SELECT count(*) FROM tenure)"
    " + (SELECT count(*) FROM status_change) + (SELECT count(*) FROM city)"
    " + (SELECT count(*) FROM person) + (SELECT count(*) FROM external_id)"
)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    copy = tmp_path / "bundle"
    shutil.copytree(BUNDLE, copy)
    return copy


def test_a_bundle_loads_then_changes_nothing(fresh_registry: Registry) -> None:
    code, out, err = fresh_registry("import", "bundle", str(BUNDLE))
    assert code == 0, err
    assert "tenure: 4 inserted" in out
    assert out.splitlines()[-1].startswith("imported into")
    # Read and compared again (--force), not recalled: the writer itself finds nothing to do.
    code, out, _ = fresh_registry("import", "bundle", str(BUNDLE), "--force")
    assert code == 0
    assert out.startswith("nothing changed"), out
    assert "0 inserted, 0 superseded" in out


def test_what_a_bundle_says_lands_in_the_reporting_views(fresh_registry: Registry) -> None:
    assert fresh_registry("import", "bundle", str(BUNDLE))[0] == 0
    rows = fresh_registry.sql(
        "SELECT head, rank_code, started_on::text, start_precision, end_precision, "
        "resident_city, seat_inferred FROM reporting.head_of_mission "
        "WHERE sending_code = 'US' AND city = 'Kabul' ORDER BY valid"
    )
    assert rows == [
        ("Ann Envoy", "envoy-e-mp", "1935-05-04", "day", "year", "Tehran", True),
        ("Bob Chargé", "charge-d-affaires-a-i", "1937-01-01", "year", None, None, True),
    ]
    # A historical state with its own Berlin; an unnamed head; external identifiers.
    assert fresh_registry.sql(
        "SELECT host_code, host_kind, city FROM reporting.mission WHERE host_code = 'prussia'"
    ) == [("prussia", "historical_state", "Berlin")]
    assert fresh_registry.sql(
        "SELECT subject_kind FROM reporting.external_identifier WHERE scheme LIKE 'test-%' "
        "ORDER BY 1"
    ) == [("city",), ("mission",), ("person",)]
    # The non-resident accreditation from Tehran.
    assert fresh_registry.sql(
        "SELECT a.party_code, a.resident FROM reporting.accreditation a "
        "JOIN reporting.mission m USING (mission_id) WHERE m.city = 'Tehran' ORDER BY 1"
    ) == [("AF", False), ("IR", True)]


def test_a_changed_tenure_is_superseded_and_its_events_follow(
    fresh_registry: Registry, bundle: Path
) -> None:
    assert fresh_registry("import", "bundle", str(bundle))[0] == 0
    tenures = (bundle / "tenures.csv").read_text(encoding="utf-8")
    (bundle / "tenures.csv").write_text(
        tenures.replace("1935-05-04,1936,", "1935-05-04,1936-03-16,"), encoding="utf-8"
    )
    code, out, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    assert "tenure: 0 inserted, 1 superseded" in out
    versions = fresh_registry.sql(
        "SELECT upper(valid)::text, is_current FROM reporting.tenure_version v "
        "JOIN reporting.mission m USING (mission_id) WHERE m.city = 'Kabul' "
        "AND head = 'Ann Envoy' ORDER BY recorded_from"
    )
    assert versions == [("1936-01-01", False), ("1936-03-16", True)]
    events = fresh_registry.sql(
        "SELECT change_code FROM reporting.mission_status_change sc "
        "JOIN reporting.head_of_mission h USING (tenure_id) WHERE h.head = 'Ann Envoy' "
        "AND h.city = 'Kabul' ORDER BY 1"
    )
    assert events == [("appointed",), ("left-post",)]
    # As `registry record correction` moves them (registry.versions): each a copy of
    # a closed version of the old tenure, pointing back to it, in the old ids' order.
    moved = fresh_registry.sql(
        "SELECT new.kind, new.occurred_on = old.occurred_on, new.note IS NOT DISTINCT FROM"
        " old.note, old.tenure_id = new_tenure.supersedes_id, upper_inf(old.recorded)"
        "  FROM status_change new JOIN status_change old ON old.id = new.supersedes_id"
        "  JOIN tenure new_tenure ON new_tenure.id = new.tenure_id"
        " WHERE upper_inf(new.recorded) ORDER BY new.id"
    )
    assert moved == [("appointed", True, True, True, False), ("left-post", True, True, True, False)]


def assert_refused(reg: Registry, bundle: Path, *expected: str) -> None:
    before = reg.sql(COUNT_FACTS)
    code, _, err = reg("import", "bundle", str(bundle))
    assert code == 2, err
    assert "nothing was written" in err
    for text in expected:
        assert text in err, err
    assert reg.sql(COUNT_FACTS) == before


def test_bad_values_are_refused_with_file_line_and_field(
    fresh_registry: Registry, bundle: Path
) -> None:
    with (bundle / "tenures.csv").open("a", encoding="utf-8") as f:
        f.write("t5,us-kabul,,ambassadorr,1950-13,,,,,\n")
        f.write("t6,us-nowhere,,minister,1951,,,,,\n")
    assert_refused(
        fresh_registry,
        bundle,
        "tenures.csv:6: started_on: '1950-13' is not a date",
        "tenures.csv:7: mission_key: unknown mission key 'us-nowhere'",
    )


def test_unknown_references_are_refused(fresh_registry: Registry, bundle: Path) -> None:
    with (bundle / "missions.csv").open("a", encoding="utf-8") as f:
        f.write("x,ZZ,AF,kabul,embassy,,\n")
    with (bundle / "tenures.csv").open("a", encoding="utf-8") as f:
        f.write("t5,us-kabul,,ambassadorr,1950,,,,,\n")
    assert_refused(
        fresh_registry,
        bundle,
        "missions.csv:5: sending_code: unknown party 'ZZ'",
        "tenures.csv:6: rank_code: unknown rank 'ambassadorr'",
    )
    # Errors name the bundle's files by their path.
    code, _, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 2 and f"{bundle / 'missions.csv'}:5: sending_code" in err


def test_two_heads_at_once_are_refused(fresh_registry: Registry, bundle: Path) -> None:
    with (bundle / "tenures.csv").open("a", encoding="utf-8") as f:
        f.write("t5,us-kabul,,minister,1938,1939,,,,\n")
    assert_refused(fresh_registry, bundle, "tenures.csv:6: started_on: overlaps the tenure on line")


def test_unmapped_values_are_reported_and_refused_under_strict(
    fresh_registry: Registry, bundle: Path
) -> None:
    (bundle / "unmapped.csv").write_text(
        "file,line,field,value,message,severity\n"
        "chiefs.xml,12,role-title-id,archduke,unknown role 'archduke',unmapped\n",
        encoding="utf-8",
    )
    before = fresh_registry.sql(COUNT_FACTS)
    code, _, err = fresh_registry("import", "bundle", str(bundle), "--strict")
    assert code == 2 and "chiefs.xml:12: role-title-id: unknown role 'archduke'" in err
    assert fresh_registry.sql(COUNT_FACTS) == before
    code, out, _ = fresh_registry("import", "bundle", str(bundle))
    assert code == 0
    assert "1 could not be mapped" in out and "unknown role 'archduke'" in out


CHINA_IN_KABUL = (
    "SELECT head, rank_code, started_on::text, start_precision, first_attested_on::text, "
    "attested_precision, ended_on, credentials_on::text, credentials_precision, "
    "credentials_authority, accredited_to, source FROM reporting.head_of_mission "
    "WHERE sending_code = 'CN' AND city = 'Kabul'"
)
TENURES = (
    "key,mission_key,person_key,rank_code,started_on,attested_on,ended_on,credentials_on,"
    "credentials_to,note,source_key,resident_city_key\n"
)


def _china_in_kabul(directory: Path, started: str, attested: str, to: str) -> Path:
    """The Kabul seeds' China ambassador (seeds/missions/kabul.yaml) as a bundle."""
    directory.mkdir()
    (directory / "missions.csv").write_text(
        "key,sending_code,host_code,city_key,kind,source_key\n"
        "cn-kabul,CN,AF,kabul,embassy,kabul-2024-09\n",
        encoding="utf-8",
    )
    (directory / "tenures.csv").write_text(
        TENURES + f"t1,cn-kabul,,ambassador-e-p,{started},{attested},,2023-09-13,{to},,"
        "kabul-2024-09,\n",
        encoding="utf-8",
    )
    return directory


def test_a_bundle_says_an_attested_start_and_to_whom_credentials_went(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seeded = fresh_registry.sql(CHINA_IN_KABUL)
    assert [row[2:10] for row in seeded] == [
        (
            None,
            None,
            "2023-09-13",
            "day",
            None,
            "2023-09-13",
            "day",
            "Islamic Emirate of Afghanistan (Taliban)",
        )
    ], seeded
    same = _china_in_kabul(tmp_path / "same", "", "2023-09-13", "af-emirate")
    code, out, err = fresh_registry("import", "bundle", str(same), "--force")
    assert code == 0, err
    assert out.startswith("nothing changed"), out
    # Another authority is another fact (a new version); the bundle then restores the
    # seed's: every reporting column as the seed file gives it.
    other = _china_in_kabul(tmp_path / "other", "", "2023-09-13", "af-republic")
    code, out, err = fresh_registry("import", "bundle", str(other))
    assert code == 0, err
    assert "tenure: 0 inserted, 1 superseded" in out, out
    assert fresh_registry.sql(CHINA_IN_KABUL) != seeded
    assert fresh_registry("import", "bundle", str(same))[0] == 0
    assert fresh_registry.sql(CHINA_IN_KABUL) == seeded


def test_a_tenure_gives_one_start(fresh_registry: Registry, tmp_path: Path) -> None:
    both = _china_in_kabul(tmp_path / "both", "2023-09-01", "2023-09-13", "af-nobody")
    code, _, err = fresh_registry("import", "bundle", str(both))
    assert code == 2
    assert "tenures.csv:2: attested_on: give started_on (the start is known) or" in err, err
    assert "tenures.csv:2: credentials_to: unknown authority 'af-nobody'" in err, err
    neither = _china_in_kabul(tmp_path / "neither", "", "", "af-emirate")
    code, _, err = fresh_registry("import", "bundle", str(neither))
    assert code == 2
    assert "tenures.csv:2: started_on: required" in err, err
