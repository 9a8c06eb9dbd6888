"""`registry import wikidata-embassies`: the database-of-embassies extract, via the bulk path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Registry

SAMPLE = (
    Path(__file__).parents[2]
    / "shared"
    / "data"
    / "wikidata-embassies"
    / "database_of_embassies-2022-11-16-sample.csv"
)
SMALL = (
    Path(__file__).parent / "data" / "wikidata-small" / "database_of_embassies-2022-11-16-small.csv"
)
EXTRACT = "database-of-embassies: diplomatic missions extracted from Wikidata (2022-11-16)"


def test_one_mission_two_sources_and_newer_facts_win(fresh_registry: Registry) -> None:
    cities = fresh_registry.sql(
        "SELECT count(*) FROM city WHERE party_id = (SELECT id FROM party WHERE code = 'AF')"
    )
    code, out, err = fresh_registry("import", "wikidata-embassies", str(SMALL))
    assert code == 0, err
    # 'Kabul District' is Kabul: the seeds' Kazakh embassy, now with two sources.
    assert fresh_registry.sql(
        "SELECT city, seat_inferred, array_length(sources, 1) FROM reporting.mission "
        "WHERE sending_code = 'KZ' AND host_code = 'AF'"
    ) == [("Kabul", False, 2)]
    assert (
        fresh_registry.sql(
            "SELECT count(*) FROM city WHERE party_id = (SELECT id FROM party WHERE code = 'AF')"
        )
        == cities
    )
    # The extract (2022) says Afghanistan's embassy in Oslo operates; the seeds' 2024
    # closure is newer and wins.
    assert fresh_registry.sql(
        "SELECT status, status_since::text FROM reporting.mission_current_status "
        "WHERE sending_code = 'AF' AND city = 'Oslo'"
    ) == [("closed", "2024-09-12")]
    assert fresh_registry.sql(
        "SELECT change_code, occurred_on::text, occurred_precision FROM "
        "reporting.mission_status_change WHERE sending_code = 'AF' AND city = 'Oslo' "
        f"AND source = '{EXTRACT}' ORDER BY occurred_on"
    ) == [("opened", "2002-05-14", "day"), ("reported-operating", "2022-11-16", "day")]
    # Alternative names, districts named after nothing the registry knows.
    assert fresh_registry.sql(
        "SELECT host_code, city FROM reporting.mission WHERE sending_code = 'DE' "
        "AND mission_kind_code = 'consulate-general' AND host_code = 'CN'"
    ) == [("CN", "Guangzhou")]
    assert fresh_registry.sql(
        "SELECT accredited_to FROM reporting.mission WHERE sending_code = 'AF' AND city = 'Oslo'"
    ) == [(["Norway", "Iceland"],)]
    # QIDs kept; the district's QID names Kabul.
    assert fresh_registry.sql(
        "SELECT subject_kind FROM reporting.external_identifier "
        "WHERE scheme = 'wikidata' AND value IN ('Q90000001', 'Q1995617') ORDER BY value"
    ) == [("city",), ("mission",)]
    for reported in (
        "unknown mission type 'floating embassy'",
        "unknown party 'Atlantis'",
        "database_of_embassies-2022-11-16-small.csv:8",
    ):
        assert reported in out, out
    again = fresh_registry("import", "wikidata-embassies", str(SMALL), "--force")
    assert again[0] == 0 and again[1].startswith("nothing changed"), again[1]


def test_strict_refuses_and_writes_nothing(fresh_registry: Registry) -> None:
    before = fresh_registry.sql("SELECT count(*) FROM mission_source")
    code, _, err = fresh_registry("import", "wikidata-embassies", str(SMALL), "--strict")
    assert code == 2
    assert "database_of_embassies-2022-11-16-small.csv:7: type: unknown mission type" in err
    assert fresh_registry.sql("SELECT count(*) FROM mission_source") == before


def test_a_file_without_a_date_needs_as_of(fresh_registry: Registry, tmp_path: Path) -> None:
    undated = tmp_path / "embassies.csv"
    undated.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = fresh_registry("import", "wikidata-embassies", str(undated))
    assert code == 2 and "--as-of" in err
    code, _, err = fresh_registry(
        "import", "wikidata-embassies", str(undated), "--as-of", "2022-11-16"
    )
    assert code == 0, err


@pytest.mark.skipif(not SAMPLE.is_file(), reason=f"the Wikidata sample is not at {SAMPLE}")
def test_the_sample_imports_and_reports_what_it_cannot_map(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    report = tmp_path / "unmapped.csv"
    code, out, err = fresh_registry(
        "import", "wikidata-embassies", str(SAMPLE), "--unmapped-report", str(report)
    )
    assert code == 0, err
    assert "could not be mapped" in out
    # What a person would refuse too is reported; the Order of Malta is a party now.
    assert "Portuguese colonization of the Americas" in report.read_text(encoding="utf-8")
    assert "Sovereign Military Order of Malta" not in report.read_text(encoding="utf-8")
    assert fresh_registry.sql(
        f"SELECT count(*) > 4000 FROM reporting.mission WHERE '{EXTRACT}' = ANY(sources)"
    ) == [(True,)]
