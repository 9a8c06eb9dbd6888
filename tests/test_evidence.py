"""Issue 20: every row carries its latest evidence, and a complete list (the Kabul
article's "missions currently operating") retires what it leaves out, until newer
evidence of the mission's own brings it back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.conftest import Registry, write
from tests.test_import_wikidata import SAMPLE

AS_OF = ("--as-of", "2026-11-23")
ARTICLE = "Redefining Diplomacy: Kazakhstan's Strategic Shift in Relations With Afghanistan"


def heads(registry: Registry, *options: str) -> list[dict[str, object]]:
    code, out, err = registry("who-heads", "kabul", "--format", "json", *AS_OF, *options)
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def names(rows: list[dict[str, object]]) -> list[tuple[object, object]]:
    return sorted((row["sending_code"], row["mission_kind"]) for row in rows)


def test_each_row_carries_its_latest_evidence(registry: Registry) -> None:
    rows = {row["sending_code"]: row for row in heads(registry)}
    assert {k: rows["AZ"][k] for k in rows["AZ"] if k.startswith("evidence")} == {
        "evidence_on": "2024-09",
        "evidence_attests": "head in post",
        "evidence_source": ARTICLE,
        "evidence_not_in_list_of": None,
        "evidence_not_in_list_source": None,
        "evidence_conflicts": 0,
    }
    assert rows["KZ"]["evidence_on"] == "2024-09-09"
    assert rows["KZ"]["evidence_attests"] == "head dismissed by decree"


@pytest.mark.skipif(not SAMPLE.is_file(), reason=f"the Wikidata sample is not at {SAMPLE}")
def test_the_2024_list_retires_the_embassies_wikidata_still_listed_in_2022(
    fresh_registry: Registry,
) -> None:
    code, _, err = fresh_registry("import", "wikidata-embassies", str(SAMPLE))
    assert code == 0, err
    shown = heads(fresh_registry)
    assert len(shown) == 17  # the seventeen of the article's list
    assert [row["sending_code"] for row in shown].count("IN") == 1  # the technical team
    hidden = [row for row in heads(fresh_registry, "--all") if row["evidence_not_in_list_of"]]
    assert ("DE", "embassy") in names(hidden)
    # India's embassy and technical team are one post (docs/forms.md): its embassy of the
    # 2022 extract is the post's past, in history, not a row of --all.
    assert [row["sending_code"] for row in heads(fresh_registry, "--all")].count("IN") == 1
    germany = next(row for row in hidden if row["sending_code"] == "DE")
    assert germany["evidence_not_in_list_of"] == "2024-09"
    assert germany["evidence_not_in_list_source"] == ARTICLE
    assert germany["evidence_on"] == "2022-11-16"  # the extract's listing, older than the list
    assert len(shown) + len(hidden) == len(heads(fresh_registry, "--all"))


@pytest.mark.skipif(not SAMPLE.is_file(), reason=f"the Wikidata sample is not at {SAMPLE}")
def test_a_mission_reported_again_after_the_list_reappears(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    fresh_registry("import", "wikidata-embassies", str(SAMPLE))
    news = write(
        tmp_path,
        "germany.yaml",
        """
sources:
  - key: de-kabul-2025-03
    title: Germany reopens its embassy in Kabul
    publisher: Example
    published: 2025-03
source: de-kabul-2025-03
missions:
  - sending: DE
    kind: embassy
    city: Kabul
    status:
      - {change: reported-operating, date: 2025-03}
""",
    )
    code, _, err = fresh_registry("load", str(news))
    assert code == 0, err
    germany = next(row for row in heads(fresh_registry) if row["sending_code"] == "DE")
    assert germany["evidence_on"] == "2025-03"
    assert germany["evidence_source"] == "Germany reopens its embassy in Kabul"
    assert germany["evidence_not_in_list_of"] is None
    # Before the news it was still left out.
    before = heads(fresh_registry, "--as-of", "2025-01-01")
    assert "DE" not in [row["sending_code"] for row in before]


def test_a_later_list_that_leaves_a_mission_out_retires_it_and_says_why(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    listed = write(
        tmp_path,
        "list.yaml",
        """
sources:
  - key: kabul-list-2025-06
    title: Diplomatic List, Kabul
    publisher: Example
    published: 2025-06
complete_lists:
  - city: Kabul
    date: 2025-06
    source: kabul-list-2025-06
    kinds: [embassy]
    missions:
      - {sending: CN, kind: embassy}
""",
    )
    code, _, err = fresh_registry("load", str(listed))
    assert code == 0, err
    code, again, _ = fresh_registry("load", str(listed))
    assert "nothing changed" in again
    shown = names(heads(fresh_registry))
    # Embassies other than China's are retired; the delegation, technical team and
    # special-services representation are of kinds the list does not cover.
    assert shown == [
        ("CN", "embassy"),
        ("IN", "technical team"),
        ("IT", "special-services representation"),
        ("european-union", "delegation"),
    ]
    russia = next(row for row in heads(fresh_registry, "--all") if row["sending_code"] == "RU")
    assert russia["evidence_not_in_list_of"] == "2025-06"
    assert russia["evidence_not_in_list_source"] == "Diplomatic List, Kabul"


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "{sending: FR, kind: embassy}",
            "missions[0]: no embassy of 'FR' in Kabul on record on 2024-09",
        ),
        ("{sending: XX, kind: embassy}", "missions[0].sending: unknown party 'XX'"),
    ],
)
def test_a_list_naming_an_unknown_mission_is_refused_with_its_line(
    fresh_registry: Registry, tmp_path: Path, entry: str, message: str
) -> None:
    bad = write(
        tmp_path,
        "bad.yaml",
        f"source: kabul-2024-09\ncomplete_lists:\n  - city: Kabul\n    date: 2024-09\n"
        f"    missions:\n      - {entry}\n",
    )
    before = fresh_registry.sql("SELECT count(*) FROM complete_list")
    code, _, err = fresh_registry("load", str(bad))
    assert code == 2
    assert "bad.yaml:6: complete_lists[0]." + message in err
    assert fresh_registry.sql("SELECT count(*) FROM complete_list") == before


def test_a_list_dated_in_the_future_is_refused(fresh_registry: Registry, tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "future.yaml",
        "source: kabul-2024-09\ncomplete_lists:\n  - city: Kabul\n    date: 2999-01\n"
        "    missions:\n      - {sending: CN, kind: embassy}\n",
    )
    code, _, err = fresh_registry("load", str(bad))
    assert code == 2
    assert "future.yaml:4: complete_lists[0].date: 2999-01 is in the future" in err


def test_a_list_of_no_kind_is_refused(fresh_registry: Registry, tmp_path: Path) -> None:
    bad = write(
        tmp_path,
        "kinds.yaml",
        "source: kabul-2024-09\ncomplete_lists:\n  - city: Kabul\n    date: 2024-09\n"
        "    kinds: []\n    missions: []\n",
    )
    code, _, err = fresh_registry("load", str(bad))
    assert code == 2
    assert "kinds.yaml:5: complete_lists[0].kinds: an empty list covers no mission" in err


def bundle(tmp_path: Path, lists: str) -> Path:
    directory = tmp_path / "bundle"
    directory.mkdir()
    write(
        directory,
        "sources.csv",
        "key,title,publisher,url,published_on\n"
        'dl-kabul-2025-06,"Diplomatic List, Kabul",Example,,2025-06\n',
    )
    write(
        directory,
        "missions.csv",
        "key,sending_code,host_code,city_key,kind,source_key\n"
        "cn,CN,AF,kabul,embassy,\npk,PK,AF,kabul,embassy,\n",
    )
    write(directory, "complete_lists.csv", lists)
    return directory


def test_a_bundle_states_a_complete_list(fresh_registry: Registry, tmp_path: Path) -> None:
    directory = bundle(
        tmp_path,
        "city_key,listed_on,mission_key,kinds,source_key\n"
        "AF:kabul,2025-06,cn,embassy,\nAF:kabul,2025-06,pk,embassy,\n",
    )
    code, _, err = fresh_registry("import", "bundle", str(directory))
    assert code == 0, err
    code, again, err = fresh_registry("import", "bundle", str(directory), "--force")
    assert code == 0 and "nothing changed" in again + err
    embassies = [row for row in heads(fresh_registry) if row["mission_kind"] == "embassy"]
    assert sorted(row["sending_code"] for row in embassies) == ["CN", "PK"]
    assert all(row["evidence_on"] == "2025-06" for row in embassies)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("AF:kabul,2025-06,xx,", "complete_lists.csv:2: mission_key: unknown mission key 'xx'"),
        ("AF:kabul,2999-01,cn,", "complete_lists.csv:2: listed_on: is in the future"),
        ("AF:nowhere,2025-06,cn,", "complete_lists.csv:2: city_key: unknown or ambiguous city"),
    ],
)
def test_a_bundle_list_that_cannot_be_placed_is_refused(
    fresh_registry: Registry, tmp_path: Path, row: str, message: str
) -> None:
    directory = bundle(tmp_path, f"city_key,listed_on,mission_key,source_key\n{row}\n")
    before = fresh_registry.sql("SELECT count(*) FROM complete_list")
    code, _, err = fresh_registry("import", "bundle", str(directory))
    assert code == 2
    assert message in err, err
    assert fresh_registry.sql("SELECT count(*) FROM complete_list") == before


def test_a_bundle_list_names_missions_on_record_by_sender_and_kind(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """The embassies of China and Pakistan in Kabul are on record (the seeds): a list
    names them without a mission of its own bundle; stated again with another note,
    the list takes it."""
    header = "city_key,listed_on,mission_key,sending_code,mission_kind,kinds,note,source_key\n"
    directory = bundle(
        tmp_path,
        header + "AF:kabul,2025-06,,CN,embassy,embassy,first,\n"
        "AF:kabul,2025-06,,PK,embassy,embassy,first,\n",
    )
    (directory / "missions.csv").unlink()
    code, out, err = fresh_registry("import", "bundle", str(directory))
    assert code == 0, err
    assert "complete_list: 1 inserted" in out and "complete_list_mission: 2 inserted" in out
    embassies = [row for row in heads(fresh_registry) if row["mission_kind"] == "embassy"]
    assert sorted(row["sending_code"] for row in embassies) == ["CN", "PK"]
    (directory / "complete_lists.csv").write_text(
        header + "AF:kabul,2025-06,,CN,embassy,embassy,second,\n"
        "AF:kabul,2025-06,,PK,embassy,embassy,second,\n",
        encoding="utf-8",
    )
    code, out, err = fresh_registry("import", "bundle", str(directory))
    assert code == 0, err
    assert "complete_list: 0 inserted, 1 superseded" in out
    assert fresh_registry.sql(
        "SELECT note FROM complete_list WHERE note IN ('first', 'second')"
    ) == [("second",)]


def test_a_bundle_list_may_name_no_mission(fresh_registry: Registry, tmp_path: Path) -> None:
    """A source saying no embassy operates in Kabul: every embassy there is presumed
    closed from that date."""
    directory = bundle(tmp_path, "city_key,listed_on,mission_key,kinds,source_key\n")
    (directory / "complete_lists.csv").write_text(
        "city_key,listed_on,mission_key,kinds,source_key\nAF:kabul,2025-06,,embassy,\n",
        encoding="utf-8",
    )
    (directory / "missions.csv").unlink()
    code, _, err = fresh_registry("import", "bundle", str(directory))
    assert code == 0, err
    assert [row for row in heads(fresh_registry) if row["mission_kind"] == "embassy"] == []


def test_a_bundle_naming_a_mission_both_ways_hears_only_that(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    header = "city_key,listed_on,mission_key,sending_code,mission_kind,source_key\n"
    directory = bundle(tmp_path, header + "AF:kabul,2025-06,xx,CN,embassy,\n")
    code, _, err = fresh_registry("import", "bundle", str(directory))
    assert code == 2
    assert "complete_lists.csv:2: mission_key: give mission_key or sending_code" in err
    assert "on record" not in err


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "AF:kabul,2025-06,,CN,embassy,embassy,A,\nAF:kabul,2025-06,,PK,embassy,embassy,B,\n",
            "complete_lists.csv:3: note: contradicts complete_lists.csv:2, the same list of "
            "AF:kabul on 2025-06-01: note 'A' there, 'B' here",
        ),
        (
            "AF:kabul,2025-06,,CN,embassy,embassy,,\nAF:kabul,2025-06,,PK,embassy,,,\n",
            "complete_lists.csv:3: kinds: contradicts complete_lists.csv:2, the same list of "
            "AF:kabul on 2025-06-01: kinds embassy there, every kind here",
        ),
        (
            "AF:kabul,2025-06,,CN,embassy,,,\nAF:kabul,2025-06-01,,PK,embassy,,,\n",
            "complete_lists.csv:3: listed_on: contradicts complete_lists.csv:2, the same list "
            "of AF:kabul on 2025-06-01: listed_on to the month there, to the day here",
        ),
        (
            "AF:kabul,2025-06,,,,,,\nAF:kabul,2025-06,,PK,embassy,,,\n",
            "complete_lists.csv:2: mission_key: names no mission, but complete_lists.csv:3 "
            "names one in the same list",
        ),
    ],
)
def test_rows_of_one_list_that_disagree_are_refused(
    fresh_registry: Registry, tmp_path: Path, rows: str, message: str
) -> None:
    header = "city_key,listed_on,mission_key,sending_code,mission_kind,kinds,note,source_key\n"
    directory = bundle(tmp_path, header + rows)
    before = fresh_registry.sql("SELECT count(*) FROM complete_list")
    code, _, err = fresh_registry("import", "bundle", str(directory))
    assert code == 2
    assert message in err, err
    assert fresh_registry.sql("SELECT count(*) FROM complete_list") == before


def test_two_seed_files_stating_one_list_differently_are_refused_at_both(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    for name, note, sending in (("a.yaml", "first", "CN"), ("b.yaml", "second", "PK")):
        write(
            tmp_path,
            name,
            "source: kabul-2024-09\ncomplete_lists:\n  - city: Kabul\n    date: 2024-09\n"
            f"    note: {note}\n    missions:\n      - {{sending: {sending}, kind: embassy}}\n",
        )
    code, _, err = fresh_registry("load", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert code == 2
    assert "b.yaml:5: complete_lists[0].note: contradicts " in err, err
    assert "a.yaml:5, the same list of AF:kabul on 2024-09-01: note 'first' there" in err, err


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("AF:kabul,2025-06,cn,CN,embassy,", "mission_key: give mission_key or sending_code"),
        ("AF:kabul,2025-06,,CN,,", "mission_kind: give sending_code and mission_kind together"),
        ("AF:kabul,2025-06,,XX,embassy,", "sending_code: unknown party 'XX'"),
        ("AF:kabul,2025-06,,CN,embasy,", "mission_kind: unknown mission kind 'embasy'"),
        (
            "AF:kabul,2025-06,,FR,embassy,",
            "sending_code: no embassy of 'FR' in Kabul on record on 2025-06",
        ),
    ],
)
def test_a_bundle_list_naming_a_mission_it_cannot_find_is_refused(
    fresh_registry: Registry, tmp_path: Path, row: str, message: str
) -> None:
    header = "city_key,listed_on,mission_key,sending_code,mission_kind,source_key\n"
    directory = bundle(tmp_path, header + row + "\n")
    before = fresh_registry.sql("SELECT count(*) FROM complete_list")
    code, _, err = fresh_registry("import", "bundle", str(directory))
    assert code == 2
    assert f"complete_lists.csv:2: {message}" in err, err
    assert fresh_registry.sql("SELECT count(*) FROM complete_list") == before


def test_record_states_a_complete_list(fresh_registry: Registry) -> None:
    code, out, err = fresh_registry(
        "record", "complete-list", "kabul", "--on", "2025-06", "--kinds", "embassy",
        "--mission", "CN", "--mission", "PK:embassy",
        "--source-title", "Diplomatic List, Kabul", "--source-publisher", "Example",
        "--source-date", "2025-06",
    )  # fmt: skip
    assert code == 0, err
    assert "complete list" in out and "recorded: the missions in kabul on 2025-06 (embassy)" in out
    assert out.count("  named: ") == 2
    embassies = [row for row in heads(fresh_registry) if row["mission_kind"] == "embassy"]
    assert sorted(row["sending_code"] for row in embassies) == ["CN", "PK"]
    # Recorded time: as the registry stood before the list was recorded (moved to the
    # day after tomorrow here, the seeds being recorded today), every embassy shows.
    fresh_registry.sql(
        "UPDATE complete_list SET recorded_at = now() + interval '2 days'"
        " WHERE listed_on = '2025-06-01' RETURNING id"
    )
    today = dt.date.today().isoformat()
    before = heads(fresh_registry, "--as-recorded-on", today)
    assert len([row for row in before if row["mission_kind"] == "embassy"]) == 14


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--on", "2999-01", "--mission", "CN"), "--on: 2999-01 is in the future"),
        (("--on", "2025-06", "--mission", "FR"), "--mission FR: MISSION: no mission of France"),
    ],
)
def test_record_refuses_a_list_it_cannot_place(
    fresh_registry: Registry, options: tuple[str, ...], message: str
) -> None:
    before = fresh_registry.sql("SELECT count(*) FROM complete_list")
    code, _, err = fresh_registry(
        "record", "complete-list", "kabul", *options, "--source", "kabul-2024-09"
    )
    assert code == 2
    assert message in err, err
    assert "nothing written" in err
    assert fresh_registry.sql("SELECT count(*) FROM complete_list") == before


def test_sources_disagreeing_on_one_date_are_a_conflict_shown_both_sides(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    news = write(
        tmp_path,
        "japan.yaml",
        """
sources:
  - key: jp-kabul-2024-09
    title: Japan suspends its embassy in Kabul
    publisher: Example
    published: 2024-09
  - key: jp-kabul-2024-09-later
    title: Japan's embassy in Kabul suspended again
    publisher: Example
    published: 2024-10
missions:
  - sending: JP
    kind: embassy
    city: Kabul
    source: jp-kabul-2024-09
    status:
      - {change: suspended, date: 2024-09}
""",
    )
    code, _, err = fresh_registry("load", str(news))
    assert code == 0, err
    code, out, err = fresh_registry("conflicts", "kabul", "--format", "json")
    assert code == 0, err
    japan = [row for row in json.loads(out) if row["sending_code"] == "JP"]
    # One row for the two sources: each side's weightiest evidence of the day.
    sides = [
        (r["first_says"], r["first_source"], r["second_says"], r["second_source"]) for r in japan
    ]
    assert sides == [
        ("head in post", ARTICLE, "suspended operations", "Japan suspends its embassy in Kabul")
    ]
    assert japan[0]["disagreement"] == "operating"
    assert japan[0]["first_on"] == japan[0]["second_on"] == "2024-09"
    # The same as a party's: Japan's missions.
    code, out, _ = fresh_registry("conflicts", "japan", "--format", "json")
    assert [row["sending_code"] for row in json.loads(out)] == ["JP"] * len(japan)
    # who-heads marks the row (with --all: its latest status is suspended, not operating).
    code, out, _ = fresh_registry("who-heads", "kabul", "--format", "tsv", *AS_OF)
    assert "(sources disagree)" not in out  # a suspended mission is not in who-heads


def test_two_sources_dating_one_closure_differently_are_a_conflict(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    news = write(
        tmp_path,
        "closures.yaml",
        """
sources:
  - key: de-closed-a
    title: Germany closes its embassy in Kabul
    publisher: Example A
    published: 2021-08-15
  - key: de-closed-b
    title: German embassy in Kabul closed
    publisher: Example B
    published: 2021-08-31
missions:
  - sending: DE
    kind: embassy
    city: Kabul
    source: de-closed-a
    status:
      - {change: reported-operating, date: 2021-01}
      - {change: closed, date: 2021-08-15}
      - {change: closed, date: 2021-08-31, source: de-closed-b}
""",
    )
    code, _, err = fresh_registry("load", str(news))
    assert code == 0, err
    code, out, err = fresh_registry("conflicts", "germany", "--format", "json")
    assert code == 0, err
    [row] = json.loads(out)
    assert row["disagreement"] == "date of closed"
    assert (row["first_on"], row["first_source"]) == (
        "2021-08-15",
        "Germany closes its embassy in Kabul",
    )
    assert (row["second_on"], row["second_source"]) == (
        "2021-08-31",
        "German embassy in Kabul closed",
    )
    code, table, _ = fresh_registry("conflicts", "kabul")
    assert "closed" in table and "[1] Germany closes its embassy in Kabul" in table


def test_who_heads_marks_a_row_whose_latest_evidence_is_disputed(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    # Reported operating in the month of the list that leaves it out: neither wins.
    news = write(
        tmp_path,
        "germany.yaml",
        """
sources:
  - key: de-kabul-2024-09
    title: Germany's embassy in Kabul at work
    publisher: Example
    published: 2024-09
source: de-kabul-2024-09
missions:
  - sending: DE
    kind: embassy
    city: Kabul
    status:
      - {change: reported-operating, date: 2024-09}
""",
    )
    code, _, err = fresh_registry("load", str(news))
    assert code == 0, err
    germany = next(row for row in heads(fresh_registry) if row["sending_code"] == "DE")
    assert germany["evidence_conflicts"] == 1
    assert germany["evidence_not_in_list_of"] is None
    code, out, _ = fresh_registry("conflicts", "kabul", "--format", "json")
    [row] = json.loads(out)
    assert (row["first_says"], row["first_source"]) == (
        "reported as operating",
        "Germany's embassy in Kabul at work",
    )
    assert (row["second_says"], row["second_source"]) == ("not in the complete list", ARTICLE)
    code, out, _ = fresh_registry("who-heads", "kabul", "--format", "tsv", *AS_OF)
    assert "2024-09, reported as operating (sources disagree)" in out


def test_two_lists_of_one_day_give_every_command_the_same_source(
    fresh_registry: Registry,
) -> None:
    """China's embassy in Kabul named by two complete lists of June 2025, Japan's left
    out by both: who-heads and represents show the list whose source key comes first,
    for the missions named and for those left out, whichever was recorded first and
    whatever plan the server chose (docs/evidence.md, rule 5)."""
    for title in ("Diplomatic List, Kabul (second)", "Diplomatic List, Kabul (first)"):
        code, _, err = fresh_registry(
            "record", "complete-list", "kabul", "--on", "2025-06", "--kinds", "embassy",
            "--mission", "CN", "--mission", "PK", "--source-title", title,
            "--source-publisher", "Example", "--source-date", "2025-06",
        )  # fmt: skip
        assert code == 0, err
    keys = dict(fresh_registry.sql("SELECT title, key FROM source WHERE title LIKE 'Diplomatic%'"))
    first = min(keys, key=keys.__getitem__)
    in_kabul = {row["sending_code"]: row["evidence_source"] for row in heads(fresh_registry)}
    assert (in_kabul["CN"], in_kabul["PK"]) == (first, first)
    code, out, err = fresh_registry("represents", "china", "--format", "json", *AS_OF)
    assert code == 0, err
    (embassy,) = [row for row in json.loads(out) if row["city"] == "Kabul"]
    assert embassy["evidence_source"] == first
    left_out = {row["sending_code"]: row for row in heads(fresh_registry, "--all")}
    assert "JP" not in in_kabul
    assert left_out["JP"]["evidence_not_in_list_source"] == first
