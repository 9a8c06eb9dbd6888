"""`registry import rdcr` and `registry relations`: the Office of the Historian's guide
to US recognition and relations, through the bulk path, as one timeline per pair."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from registry.importers.rdcr import classify, patterns
from tests.conftest import Registry

SAMPLE = Path(__file__).parents[2] / "shared" / "data" / "rdcr-sample"
SMALL = Path(__file__).parent / "data" / "rdcr-small"
GUIDE = (
    "A Guide to the United States' History of Recognition, Diplomatic, and Consular "
    "Relations, by Country, since 1776 (HistoryAtState/rdcr)"
)
COUNT_FACTS = (
    "SELECT (SELECT count(*) FROM mission) + (SELECT count(*) FROM status_change)"
    " + (SELECT count(*) FROM relation_event) + (SELECT count(*) FROM person)"
)
needs_sample = pytest.mark.skipif(
    not SAMPLE.is_dir(), reason=f"the rdcr sample is not at {SAMPLE} (../shared beside the clone)"
)


def timeline(reg: Registry, *pair: str) -> list[list[str]]:
    code, out, err = reg("relations", *pair, "--format", "tsv")
    assert code == 0, err
    return [line.split("\t")[:6] for line in out.splitlines()[1:]]


def test_the_us_recognised_afghanistan_in_1921_on_the_day_the_text_gives(
    fresh_registry: Registry,
) -> None:
    code, out, err = fresh_registry("import", "rdcr", str(SMALL))
    assert code == 0, err
    assert fresh_registry.sql(
        "SELECT event_code, occurred_on::text, occurred_precision, party_code, "
        "counterpart_code, person_key, source FROM reporting.relation_event "
        "WHERE counterpart_code = 'AF' ORDER BY occurred_on"
    ) == [
        ("recognised", "1921-07-26", "day", "US", "AF", None, GUIDE),
        # Hornibrook presented his credentials: pocom's person id ties him
        ("relations-established", "1935-05-04", "day", "US", "AF",
         "hornibrook-william-harrison", GUIDE),
    ]  # fmt: skip
    # <date when="1921-07-21">July 26, 1921</date>: said, and the text's day kept
    assert (
        "date/@when: the attribute says 1921-07-21, the text 'July 26, 1921': kept the "
        "text's day 1921-07-26  (e.g. articles/afghanistan.xml:43)"
    ) in out
    assert fresh_registry.sql(
        "SELECT x.value, p.key FROM external_id x JOIN person p ON p.id = x.person_id "
        "WHERE x.scheme = 'pocom-person'"
    ) == [("hornibrook-william-harrison", "hornibrook-william-harrison")]


def test_the_us_embassy_in_kabul_closed_in_1989_and_reopened_in_2002(
    fresh_registry: Registry,
) -> None:
    assert fresh_registry("import", "rdcr", str(SMALL))[0] == 0
    assert timeline(fresh_registry, "united states", "afghanistan") == [
        ["1921-07-26", "recognition", "recognised", "United States", "Afghanistan", ""],
        ["1935-05-04", "relations", "diplomatic relations established", "United States",
         "Afghanistan", ""],
        ["1942-06-06", "mission", "opened", "United States", "Afghanistan", "legation in Kabul"],
        ["1948-06-05", "mission", "raised in rank (a legation to an embassy, ...)", "United States",
         "Afghanistan", "legation in Kabul"],
        ["1948-06-05", "mission", "opened", "United States", "Afghanistan", "embassy in Kabul"],
        ["1989-01-30", "mission", "closed", "United States", "Afghanistan", "embassy in Kabul"],
        ["2001-12-17", "mission", "opened", "United States", "Afghanistan",
         "liaison office in Kabul"],
        ["2002-01-17", "mission", "re-opened", "United States", "Afghanistan",
         "embassy in Kabul"],
        ["2021-08-31", "mission", "suspended operations", "United States", "Afghanistan",
         "embassy in Kabul"],
    ]  # fmt: skip
    # The seeds' Kabul is the city the guide's embassy sits in: one city, not two.
    assert fresh_registry.sql(
        "SELECT count(*) FROM city c JOIN party p ON p.id = c.party_id "
        "WHERE p.code = 'AF' AND c.key = 'kabul'"
    ) == [(1,)]


def test_the_relations_of_a_pair_read_the_same_either_way_round(
    fresh_registry: Registry,
) -> None:
    assert fresh_registry("import", "rdcr", str(SMALL))[0] == 0
    assert timeline(fresh_registry, "iceland", "US") == [
        ["1941-06-14", "relations", "diplomatic relations established", "United States",
         "Iceland", ""],
        ["1955-08-04", "mission", "raised in rank (a legation to an embassy, ...)", "United States",
         "Iceland", "legation in Reykjavik"],
        ["1955-08-04", "mission", "opened", "United States", "Iceland", "embassy in Reykjavik"],
    ]  # fmt: skip
    code, _, err = fresh_registry("relations", "kazakhstan", "iceland")
    assert (code, err.strip()) == (1, "nothing on record between Kazakhstan and Iceland")


def test_what_cannot_be_classified_or_placed_is_reported_with_file_and_line(
    fresh_registry: Registry,
) -> None:
    code, out, _ = fresh_registry("import", "rdcr", str(SMALL))
    assert code == 0
    assert "head: cannot classify this heading  (e.g. articles/iceland.xml:22)" in out
    assert (
        "title: cannot place the country 'Atlantis' (no party of that name or code): its 1 "
        "events not imported  (e.g. articles/atlantis.xml:5)"
    ) in out
    assert (
        "13 events: mission: closed 1, mission: opened 2, mission: raised 2, mission: "
        "reopened 1, mission: suspended 1, not an event 1, relation: recognised 1, relation: "
        "relations-established 2, unclassified 1, unplaced 1"
    ) in out


def test_a_second_import_changes_nothing(fresh_registry: Registry) -> None:
    assert fresh_registry("import", "rdcr", str(SMALL))[0] == 0
    code, out, _ = fresh_registry("import", "rdcr", str(SMALL), "--force")  # read again
    assert code == 0
    assert out.startswith("nothing changed"), out


def test_strict_refuses_what_it_cannot_classify_and_writes_nothing(
    fresh_registry: Registry,
) -> None:
    before = fresh_registry.sql(COUNT_FACTS)
    code, _, err = fresh_registry("import", "rdcr", str(SMALL), "--strict")
    assert code == 2
    assert "articles/iceland.xml:22: head: " in err
    assert "nothing was written" in err
    assert fresh_registry.sql(COUNT_FACTS) == before


def test_a_malformed_article_is_one_line_naming_file_and_line(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    shutil.copytree(SMALL, tmp_path / "rdcr")
    broken = tmp_path / "rdcr" / "articles" / "iceland.xml"
    broken.write_text(broken.read_text().replace("</head>", "</hed>", 1), encoding="utf-8")
    before = fresh_registry.sql(COUNT_FACTS)
    code, _, err = fresh_registry("import", "rdcr", str(tmp_path / "rdcr"))
    assert code == 2
    assert err.strip() == (
        "registry: articles/iceland.xml:16:93: not well-formed XML (mismatched tag); "
        "nothing was written"
    )
    assert fresh_registry.sql(COUNT_FACTS) == before


def test_headings_are_classified_by_patterns_not_by_their_exact_words() -> None:
    table = patterns()

    def kinds(heading: str) -> list[str]:
        return [m.pattern.kind for m in classify(heading, table) or []]

    # wordings the sample does not use
    assert kinds("United States Breaks Off Diplomatic Relations with Ruritania, 1939.") == [
        "relations-severed"
    ]
    assert kinds("Restoration of Diplomatic Relations, 1991.") == ["relations-resumed"]
    assert kinds("Consulate General at Zenda Closed, 1940.") == ["closed"]
    assert kinds("American Embassy Relocated from Lagos to Abuja, 1991.") == ["moved"]
    assert kinds("U.S. Embassy Closed and Relations Suspended, 1967.") == [
        "closed",
        "relations-suspended",
    ]
    assert kinds("Elevation of Status of the Consulate in Zenda to Consulate General, 1884.") == [
        "raised"
    ]
    # history the registry holds no fact for: classified as such, reported as a notice
    assert [m.pattern.fact for m in classify("Whaling Industry.", table) or []] == ["none"]
    # and what no pattern knows, reported as unmapped
    assert kinds("Port of Honolulu.") == []


@needs_sample
def test_the_sample_imports_and_a_second_import_changes_nothing(
    fresh_registry: Registry,
) -> None:
    code, out, err = fresh_registry("import", "rdcr", str(SAMPLE))
    assert code == 0, err
    code, out, _ = fresh_registry("import", "rdcr", str(SAMPLE), "--force")
    assert out.startswith("nothing changed"), out
    # pocom's chiefs join the same missions; the guide's changes then change nothing
    pocom = SAMPLE.parent / "pocom-sample"
    if pocom.is_dir():
        assert fresh_registry("import", "pocom", str(pocom))[0] == 0
        code, out, _ = fresh_registry("import", "rdcr", str(SAMPLE))
        assert out.startswith("nothing changed"), out


def test_a_recognition_of_an_authority_is_a_relation_event_naming_it(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """Afghanistan's authorities are one case of recognition: "the United States
    recognized the Interim Authority in Afghanistan on December 22, 2001" (the guide)."""
    fresh_registry.sql(
        "INSERT INTO authority (key, party_id, name, valid, source_id) "
        "SELECT 'af-interim', p.id, 'Interim Authority in Afghanistan', "
        "'[2001-12-22,2002-06-19)', s.id FROM party p, source s "
        "WHERE p.code = 'AF' AND s.key = 'registry-reference' RETURNING id"
    )
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "sources.csv").write_text(
        "key,title,publisher,url,published_on\n"
        f'rdcr,"{GUIDE}",Office of the Historian,https://history.state.gov/countries,2009\n',
        encoding="utf-8",
    )
    relations = (
        "party_code,counterpart_code,kind,occurred_on,counterpart_authority,person_key,note,"
        "source_key\n"
        "US,AF,recognised,2001-12-22,af-interim,,when it assumed the authority to represent "
        "Afghanistan in its external relations,\n"
    )
    (bundle / "relations.csv").write_text(relations, encoding="utf-8")
    code, _, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    assert timeline(fresh_registry, "US", "afghanistan") == [
        ["2001-12-22", "recognition", "recognised", "United States",
         "Interim Authority in Afghanistan (Afghanistan)", ""],
    ]  # fmt: skip
    # An authority of another state is refused, naming file, line and field.
    (bundle / "relations.csv").write_text(relations.replace("US,AF,", "US,IR,"), encoding="utf-8")
    code, _, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 2
    assert err.splitlines()[0].endswith(
        "relations.csv:2: counterpart_authority: unknown authority 'af-interim' of IR"
    ), err


def seated(reg: Registry, city: str, day: str) -> list[list[str]] | str:
    """The US missions who-heads lists in the city on the day (sending, kind,
    accredited to), or what it says when there is none."""
    code, out, err = reg("who-heads", city, "--as-of", day, "--format", "tsv")
    if code == 1:
        return err.strip()
    assert code == 0, err
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    return [[r[0], r[1], r[6]] for r in rows if r[0] == "United States"]


SEATS = (
    "SELECT host, mission_kind, city, city_party_code, from_on::text, until_on::text "
    "FROM reporting.mission_seat WHERE sending_code = 'US' "
    "ORDER BY host, mission_id, from_on NULLS FIRST"
)


@needs_sample
def test_the_us_embassy_in_belize_moved_from_belize_city_to_belmopan_in_2006(
    fresh_registry: Registry,
) -> None:
    """ "On December 11, 2006, the American Embassy at Belize City officially relocated
    to present-day capital Belmopan" (the guide): one embassy, its seat moving."""
    assert fresh_registry("import", "rdcr", str(SAMPLE))[0] == 0
    embassy = [["United States", "embassy", "Belize"]]
    assert seated(fresh_registry, "belize-city", "2006-12-10") == embassy
    assert seated(fresh_registry, "belmopan", "2006-12-10") == (
        "no mission on record in Belmopan as of 2006-12-10"
    )
    assert seated(fresh_registry, "belmopan", "2006-12-11") == embassy
    assert seated(fresh_registry, "belize-city", "2006-12-11") == (
        "no mission on record in Belize City as of 2006-12-11"
    )
    # opened at Belize City in 1981 (the capital Belmopan was only the first guess):
    # the move is a seat, not a closure and an opening
    code, out, err = fresh_registry("history", "united states", "belmopan", "--format", "tsv")
    assert code == 0, err
    assert [line.split("\t")[:3] for line in out.splitlines()[1:]] == [
        ["1981-10-29", "opened", "Establishment of Diplomatic Relations and the American "
         "Embassy in Belize, 1981. (Malcolm R. Barnebey, pocom person barnebey-malcolm-r)"],
        ["2006-12-11", "moved", "from Belize City to Belmopan"],
    ]  # fmt: skip
    assert fresh_registry.sql(
        "SELECT city, mission_kind_code FROM reporting.mission "
        "WHERE sending_code = 'US' AND host_code = 'BZ'"
    ) == [("Belize City", "embassy")]


@needs_sample
def test_the_embassy_to_china_followed_its_government_to_taipei_and_closed_there(
    fresh_registry: Registry,
) -> None:
    assert fresh_registry("import", "rdcr", str(SAMPLE))[0] == 0
    code, out, err = fresh_registry("history", "united states", "taipei", "--format", "tsv")
    assert code == 0, err
    assert [line.split("\t")[:3] for line in out.splitlines()[1:]] == [
        ["1935-06-18", "opened", "Legation Raised to Embassy, 1935."],
        ["1941-12-08", "moved", "from Nanjing to Chongqing"],
        ["1946-05-01", "moved", "from Chongqing to Nanjing"],
        ["1949-08-05", "moved", "from Nanjing to Guangzhou"],
        ["1949-10-18", "moved", "from Guangzhou to Chongqing"],
        ["1949-12-19", "moved", "from Chongqing to Taipei"],
        # "Closing of U.S. Embassy at Taipei": the embassy that moved there
        ["1979-02-28", "closed", "Closing of U.S. Embassy at Taipei, 1979."],
    ]
    assert seated(fresh_registry, "taipei", "1960-01-01") == [["United States", "embassy", "China"]]
    # the embassy opened at Beijing in 1979 is another mission
    assert fresh_registry.sql(
        "SELECT city FROM reporting.mission WHERE sending_code = 'US' AND host_code = 'CN' "
        "AND mission_kind_code = 'embassy' ORDER BY city"
    ) == [("Beijing",), ("Nanjing",)]


@needs_sample
def test_every_move_of_the_sample_is_a_seat_of_one_mission(fresh_registry: Registry) -> None:
    assert fresh_registry("import", "rdcr", str(SAMPLE))[0] == 0
    assert fresh_registry.sql(SEATS) == [
        ("Argentina", "diplomatic mission (kind not stated)", "Buenos Ayres", "AR", None,
         "1857-05-01"),
        ("Argentina", "diplomatic mission (kind not stated)", "Parana", "AR", "1857-05-01",
         "1862-02-25"),
        ("Argentina", "diplomatic mission (kind not stated)", "Buenos Aires", "AR", "1862-02-25",
         None),
        ("Belize", "embassy", "Belize City", "BZ", None, "2006-12-11"),
        ("Belize", "embassy", "Belmopan", "BZ", "2006-12-11", None),
        ("China", "embassy", "Nanjing", "CN", None, "1941-12-08"),
        ("China", "embassy", "Chongqing", "CN", "1941-12-08", "1946-05-01"),
        ("China", "embassy", "Nanjing", "CN", "1946-05-01", "1949-08-05"),
        ("China", "embassy", "Guangzhou", "CN", "1949-08-05", "1949-10-18"),
        ("China", "embassy", "Chongqing", "CN", "1949-10-18", "1949-12-19"),
        ("China", "embassy", "Taipei", "CN", "1949-12-19", None),
        # re-opened in Paris after Vichy: back in Paris
        ("France", "embassy", "Paris", "FR", None, "1940-06-16"),
        ("France", "embassy", "Vichy", "FR", "1940-06-16", "1944-12-01"),
        ("France", "embassy", "Paris", "FR", "1944-12-01", None),
        ("Germany", "embassy", "Bonn", "DE", None, "1999-07-07"),
        ("Germany", "embassy", "Berlin", "DE", "1999-07-07", None),
        # the embassy to Greece at Cairo, a city of Egypt
        ("Greece", "embassy", "Athens", "GR", None, "1943-06-04"),
        ("Greece", "embassy", "Cairo", "EG", "1943-06-04", "1944-10-27"),
        ("Greece", "embassy", "Athens", "GR", "1944-10-27", None),
        # "moves to Florence and then Rome, 1865-71": the prose's two moves
        ("Italy", "legation", "Turin", "IT", None, "1865-01-01"),
        ("Italy", "legation", "Florence", "IT", "1865-01-01", "1871-01-01"),
        ("Italy", "legation", "Rome", "IT", "1871-01-01", None),
        # the guide marks the kingdom as gone (its *): a historical state of its own, whose
        # government went into exile; a mission's own city is one of its host (the
        # embassy raised in London is keyed by the kingdom's London: docs/seats.md)
        ("Kingdom of Serbia/Yugoslavia", "legation", "London", "kingdom-of-yugoslavia",
         "1941-04-14", None),
        ("Kingdom of Serbia/Yugoslavia", "embassy", "London", "kingdom-of-yugoslavia", None,
         "1943-09-28"),
        ("Kingdom of Serbia/Yugoslavia", "embassy", "Cairo", "EG", "1943-09-28", "1944-07-01"),
        ("Kingdom of Serbia/Yugoslavia", "embassy", "London", "kingdom-of-yugoslavia",
         "1944-07-01", "1945-03-31"),
        ("Kingdom of Serbia/Yugoslavia", "embassy", "Belgrade", "kingdom-of-yugoslavia",
         "1945-03-31", None),
    ]  # fmt: skip
    # Cairo in 1944: the legation to Egypt and the embassies to two governments in exile,
    # three posts (one host each), none a form of another
    assert seated(fresh_registry, "cairo", "1944-01-01") == [
        ["United States", "legation †", "Egypt"],
        ["United States", "embassy", "Greece"],
        ["United States", "embassy", "Kingdom of Serbia/Yugoslavia"],
    ]
    # no move is a status change any more, and none closes the mission that moved
    assert fresh_registry.sql("SELECT count(*) FROM status_change WHERE kind = 'moved'") == [(0,)]
    # raised where the legation then sat: the embassy in Rome (re-opened there in 1945)
    code, out, err = fresh_registry("history", "united states", "rome", "--format", "tsv")
    assert code == 0, err
    # (two changes of one day in the order they were written: compared sorted)
    assert sorted(
        line.split("\t")[:3] for line in out.splitlines()[1:] if "consulate" not in line
    ) == [
        ["1831", "United States legation, Turin", "opened"],
        ["1865", "United States legation, Turin", "moved"],
        ["1871", "United States legation, Turin", "moved"],
        ["1893-10-23", "United States embassy, Rome", "opened"],
        ["1893-10-23", "United States legation, Turin", "raised in rank (a legation to an "
         "embassy, ...)"],
        ["1945-01-08", "United States embassy, Rome", "re-opened"],
    ]  # fmt: skip
