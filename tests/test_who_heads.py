"""The articles' facts, asked through `registry who-heads` as a user would."""

from __future__ import annotations

import json

from tests.conftest import Registry


def heads(registry: Registry, city: str, *options: str) -> list[dict[str, object]]:
    code, out, err = registry("who-heads", city, "--format", "json", *options)
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def by_sending(rows: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    return {row["sending_code"]: row for row in rows}


def test_seventeen_missions_operate_in_kabul_today(registry: Registry) -> None:
    rows = heads(registry, "kabul", "--as-of", "2026-11-23")
    assert len(rows) == 17
    ranks = [row["rank"] for row in rows]
    assert ranks.count("Ambassador Extraordinary and Plenipotentiary") == 6
    assert ranks.count("Chargé d'Affaires ad interim") == 8
    assert ranks.count("Head of Technical Team") == 1
    assert ranks.count("Official Representative of the Special Services") == 1
    assert ranks.count(None) == 1


def test_json_has_the_documented_keys(registry: Registry) -> None:
    row = heads(registry, "kabul")[0]
    for key in (
        "sending",
        "sending_code",
        "mission_kind",
        "head",
        "rank",
        "rank_class",
        "since",
        "accredited_to",
        "source",
    ):
        assert key in row


def test_kazakhstan_has_no_named_head_since_the_dismissal_of_2024_09_09(registry: Registry) -> None:
    kz = by_sending(heads(registry, "kabul"))["KZ"]
    assert kz["head"] is None
    assert kz["head_status"] == "vacant"
    assert kz["since"] == "2024-09-09"


def test_yesengeldiyev_headed_kazakhstans_embassy_on_2024_01_01(registry: Registry) -> None:
    kz = by_sending(heads(registry, "kabul", "--as-of", "2024-01-01"))["KZ"]
    assert kz["head"] == "Alimkhan Yesengeldiyev"
    assert kz["rank"] == "Ambassador Extraordinary and Plenipotentiary"
    assert kz["since"] == "2018-04"  # month precision: no invented day


def test_before_any_attestation_the_registry_claims_no_head(registry: Registry) -> None:
    rows = by_sending(heads(registry, "kabul", "--as-of", "2024-01-01"))
    # The September 2024 article attests the other heads then, not earlier.
    assert set(rows) == {"KZ", "CN"}


def test_chinas_ambassador_presented_credentials_to_the_taliban_on_2023_09_13(
    registry: Registry,
) -> None:
    cn = by_sending(heads(registry, "kabul"))["CN"]
    assert cn["credentials"] == "2023-09-13"
    assert cn["credentials_to"] == "Islamic Emirate of Afghanistan (Taliban)"
    assert cn["since"] is None
    assert cn["first_attested"] == "2023-09-13"


def test_the_other_five_ambassadors_presented_credentials_to_the_republic(
    registry: Registry,
) -> None:
    rows = heads(registry, "kabul")
    republic = [
        r["sending_code"] for r in rows if r["credentials_to"] == "Islamic Republic of Afghanistan"
    ]
    assert sorted(republic) == ["AZ", "JP", "RU", "TM", "UZ"]


def test_precedence_puts_ambassadors_first_and_china_after_the_earlier_five(
    registry: Registry,
) -> None:
    order = [row["sending_code"] for row in heads(registry, "kabul")]
    assert order[:5] == ["AZ", "JP", "RU", "TM", "UZ"]  # before 2021-08-15, order unknown
    assert order[5] == "CN"
    assert order[-1] == "KZ"


def test_the_eu_delegation_is_headed_by_an_unnamed_charge_d_affaires(registry: Registry) -> None:
    eu = by_sending(heads(registry, "kabul"))["european-union"]
    assert eu["mission_kind"] == "delegation"
    assert eu["head"] is None
    assert eu["rank"] == "Chargé d'Affaires ad interim"
    assert eu["since"] is None


def test_planned_embassies_are_not_listed_as_operating(registry: Registry) -> None:
    codes = {row["sending_code"]: row["mission_kind"] for row in heads(registry, "kabul")}
    assert "EG" not in codes and "SA" not in codes
    assert codes["IT"] == "special-services representation"


def test_adilbayev_is_accredited_to_ethiopia_and_the_african_union(registry: Registry) -> None:
    kz = by_sending(heads(registry, "Addis Abeba"))["KZ"]
    assert kz["head"] == "Zhalgas Adilbayev"
    assert kz["accredited_to"] == ["Ethiopia", "African Union"]
    assert by_sending(heads(registry, "addis-ababa"))["CD"]["head"] == "Jean Leon Ilunga"


def test_city_names_fold_case_accents_and_aliases(registry: Registry) -> None:
    for name in ("Kabul", "KABUL", "kābul", "Kabul District"):
        assert len(heads(registry, name)) == 17, name
    assert heads(registry, "Nur-Sultan", "--as-of", "2024-12-01")[0]["sending_code"] == "AF"


def test_an_unknown_city_exits_2_and_suggests(registry: Registry) -> None:
    code, out, err = registry("who-heads", "kabull")
    assert code == 2
    assert "did you mean Kabul?" in err
    assert out == ""


def test_a_city_with_no_mission_on_record_exits_1(registry: Registry) -> None:
    code, out, err = registry("who-heads", "kabul", "--as-of", "1990-01-01")
    assert (code, out) == (1, "")  # no empty table frame
    assert err == "no mission on record in Kabul as of 1990-01-01\n"
    code, out, _ = registry("who-heads", "kabul", "--as-of", "1990-01-01", "--format", "json")
    assert (code, out) == (1, "[]\n")  # a machine format's empty document


def test_table_shows_unknown_starts_instead_of_made_up_dates(registry: Registry) -> None:
    code, out, _ = registry("who-heads", "kabul", "--wide")
    assert code == 0
    assert "unknown (attested 2024-09)" in out
    assert "no head on record" in out


def test_csv_has_a_header_and_one_line_per_mission(registry: Registry) -> None:
    code, out, _ = registry("who-heads", "kabul", "--format", "csv")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("sending,sending_code,mission_kind,head")
    assert len(lines) == 18


def test_a_bad_date_or_format_is_a_usage_error(registry: Registry) -> None:
    assert registry("who-heads", "kabul", "--as-of", "yesterday")[0] == 2
    assert registry("who-heads", "kabul", "--format", "xml")[0] == 2


def test_json_and_csv_carry_the_seat_and_residence_marks(registry: Registry) -> None:
    row = heads(registry, "kabul")[0]
    assert row["seat_inferred"] is False and row["resident_city"] is None
    _, out, _ = registry("who-heads", "kabul", "--format", "csv")
    assert ",seat_inferred,resident_city" in out.splitlines()[0]


def test_a_seat_inferred_and_a_non_resident_head_are_marked(fresh_registry: Registry) -> None:
    """A mission whose source named only the country, seated at the capital by
    inference; a head accredited from Tehran, where they reside."""
    fresh_registry.sql(
        "UPDATE mission SET seat_inferred = true WHERE id = (SELECT mission_id FROM"
        " reporting.mission WHERE sending_code = 'CN' AND city = 'Kabul') RETURNING id"
    )
    fresh_registry.sql(
        "INSERT INTO city (party_id, key, name, search_key, source_id)"
        " SELECT p.id, 'tehran', 'Tehran', 'tehran', p.source_id FROM party p"
        " WHERE p.code = 'IR' RETURNING id"
    )
    code, out, err = fresh_registry(
        "record", "appointment", "KZ", "kabul", "--unnamed", "--rank", "minister",
        "--from", "2025-03", "--resident-at", "Tehran", "--source", "kabul-2024-09",
    )  # fmt: skip
    assert code == 0, err
    assert "Minister (Plenipotentiary), non-resident, at Tehran, from 2025-03" in out
    rows = by_sending(heads(fresh_registry, "kabul", "--as-of", "2025-06-01"))
    assert rows["CN"]["seat_inferred"] is True
    assert rows["KZ"]["resident_city"] == "Tehran"
    code, table, _ = fresh_registry("who-heads", "kabul", "--as-of", "2025-06-01", "--wide")
    assert "embassy †" in table.replace("\n", " ")
    assert "† seat city inferred" in table
    assert "(non-resident," in table and "Tehran)" in table  # the Head cell may wrap
    code, out, _ = fresh_registry("represents", "CN", "--wide")
    assert "Kabul (inferred)" in out
    code, out, _ = fresh_registry("history", "KZ", "kabul", "--format", "json")
    minister = [r for r in json.loads(out) if r["rank"] == "Minister (Plenipotentiary)"]
    assert minister[0]["resident_city"] == "Tehran"
    assert "non-resident, at Tehran" in minister[0]["detail"]
    code, out, _ = fresh_registry("history", "CN", "kabul")
    assert "History of China embassy, Kabul (seat inferred)" in out
