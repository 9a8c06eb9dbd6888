"""How `registry import rdcr` reads the guide's wordings beyond "Establishment of ...":
a consulate named with its years, places of consular presence with their earliest and
latest dates, events without a heading, missions of no stated kind, and history that
holds no act of the United States."""

from __future__ import annotations

from pathlib import Path

from registry.importers.rdcr import classify, patterns
from tests.conftest import Registry

ARTICLE = """<TEI xmlns="http://www.tei-c.org/ns/1.0">
    <teiHeader><fileDesc>
        <titleStmt><title type="short">{title}</title></titleStmt>
        <publicationStmt><p>Department of State, 2010</p></publicationStmt>
    </fileDesc></teiHeader>
    <text><body>
        <div type="section" xml:id="{section}">
{events}
        </div>
    </body></text>
</TEI>
"""


def guide(tmp_path: Path, stem: str, title: str, section: str, *events: str) -> Path:
    """An rdcr checkout of one article whose section holds these timeline events."""
    articles = tmp_path / "rdcr" / "articles"
    articles.mkdir(parents=True)
    body = "\n".join(f'<div type="timeline">{e}</div>' for e in events)
    (articles / f"{stem}.xml").write_text(
        ARTICLE.format(title=title, section=section, events=body), encoding="utf-8"
    )
    return tmp_path / "rdcr"


def missions(reg: Registry, counterpart: str) -> list[list[str]]:
    code, out, err = reg("relations", "united states", counterpart, "--format", "tsv")
    assert code == 0, err
    rows = [line.split("\t") for line in out.splitlines()[1:]]
    return [[r[0], r[2], r[5]] for r in rows if r[1] == "mission"]


def test_the_us_consular_posts_in_hawaii_are_dated_by_the_guides_earliest_and_latest_dates(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    root = guide(
        tmp_path,
        "hawaii",
        "Hawaii",
        "consular-presence",
        '<head><placeName xml:id="hilo">Hilo</placeName>.</head><p>Earliest Date: <date '
        'when="1852-08-31">August 31, 1852</date>. Latest Date: <date when="1898-09-12">'
        "August 12, 1898</date> (date of annexation).</p>",
        '<head>Honolulu.</head><p>Earliest Date: <date when="1820-10">October, 1820</date>.'
        'Latest Date: <date when="1863-06-19">June 19, 1863</date>.</p>',
    )
    code, out, err = fresh_registry("import", "rdcr", str(root))
    assert code == 0, err
    assert missions(fresh_registry, "hawaii") == [
        ["1820-10", "opened", "consulate in Honolulu"],
        ["1852-08-31", "opened", "consulate in Hilo"],
        ["1863-06-19", "closed", "consulate in Honolulu"],
        # the attribute says September 12, the text August 12: the text's day is kept
        ["1898-08-12", "closed", "consulate in Hilo"],
    ]
    assert "could not be mapped" not in out


def test_a_consulate_named_with_its_years_opened_in_the_first_and_closed_in_the_last(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    root = guide(
        tmp_path,
        "algeria",
        "Algeria",
        "consular-presence",
        '<head>U.S. Consulate at Algiers, <date from="1796" to="1962">1796-1962</date>, with '
        "interruptions.</head><p>Formal U.S. Consular representation began with Joel "
        "Barlow’s presentation of his credentials as consul to Dey Hassan of <placeName>"
        "Algiers</placeName> on March 4, 1796.</p>",
        "<head>First U.S. Consular Post, Oran, 1869.</head><p>A consulate was opened in "
        "<placeName>Oran</placeName> in 1869.</p>",
    )
    assert fresh_registry("import", "rdcr", str(root))[0] == 0
    assert missions(fresh_registry, "algeria") == [
        ["1796-03-04", "opened", "consulate in Algiers"],
        ["1869", "opened", "consulate in Oran"],
        ["1962", "closed", "consulate in Algiers"],
    ]


def test_an_event_without_a_heading_is_read_from_its_first_sentence(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    root = guide(
        tmp_path,
        "bulgaria",
        "Bulgaria",
        "consular_presence",
        '<p>A Consular Agency was established in <placeName key="sofia">Sofia</placeName> '
        "on January 12, 1912. It reported to the Consulate General in Bucharest.</p>",
        "<head/><p>The United States maintains no official presence in Varna.</p>",
    )
    code, out, err = fresh_registry("import", "rdcr", str(root))
    assert code == 0, err
    assert missions(fresh_registry, "bulgaria") == [
        ["1912-01-12", "opened", "consular agency in Sofia"],
    ]
    assert (
        "2 × head: an event without a heading: classified by its prose's first sentence  "
        "(e.g. articles/bulgaria.xml:8)"
    ) in out
    assert "head: the guide says the United States keeps no mission there" in out


def test_a_mission_the_guide_names_no_kind_of_is_a_diplomatic_mission_of_kind_not_stated(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    root = guide(
        tmp_path,
        "cambodia",
        "Cambodia",
        "diplomatic_relations",
        "<head>Establishment of U.S. Mission in Phnom Penh, 1991.</head><p>The United States "
        "established a U.S. mission to the Kingdom of Cambodia on November 11, 1991.</p>",
        "<head>U.S. Embassy in Phnom Penh Reestablished, 1994.</head><p>The U.S. Embassy in "
        "Cambodia was reopened on May 17, 1994.</p>",
    )
    assert fresh_registry("import", "rdcr", str(root))[0] == 0
    assert missions(fresh_registry, "cambodia") == [
        ["1991-11-11", "opened", "diplomatic mission (kind not stated) in Phnom Penh"],
        ["1994-05-17", "re-opened", "embassy in Phnom Penh"],
    ]


def test_the_other_states_missions_and_history_hold_no_act_of_a_us_mission() -> None:
    table = patterns()

    def read(heading: str, section: str = "") -> list[tuple[str, str]]:
        return [(m.pattern.fact, m.pattern.kind) for m in classify(heading, table, section) or []]

    none = [("none", "")]
    assert read("Bulgarian Legation Raised to Embassy Status, 1966.") == none
    assert read("Establishment of a Czechoslovak Legation in Washington, 1919.") == none
    assert read("Elevation of the Italian Legation to the Italian Embassy, 1893.") == none
    assert read("U.S. Declaration of War Against Germany, 1917.") == none
    assert read("Algeria under French Control, 1830-1962.") == none
    assert read("Bavaria Joins the German Empire, 1871.") == none
    assert read("Luxembourg Government in Canada, 1941.") == none
    # the same mission under its state's new name; another kind of mission is a raise
    assert read("Legation of the Kingdom of Sardinia becomes the Legation of Italy.") == none
    assert read("U.S. Legation Becomes Embassy, 1955.") == [("mission", "raised")]
    assert read("Elevation of U.S. Mission to Embassy, 1994.") == [("mission", "raised")]
    assert read("Invasion of Ruritania and Closure of the U.S. Embassy, 1939.") == [
        ("none", ""),
        ("mission", "closed"),
    ]
    # a bare place is a consular post only in a consular presence section
    assert read("Port of Honolulu.", "consular-presence") == [("mission", "span")]
    assert read("Port of Honolulu.") == []
    # a period's account is left to a person
    assert read("Relations from 1980 to 2004.") == []


def test_consulates_listed_with_their_years_are_each_opened_and_closed(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    root = guide(
        tmp_path,
        "italy",
        "Italy",
        "consular_presence",
        "<head>U.S. Consulate Generals.</head><p>Below is a list of U.S. Consulate Generals "
        "that were located within what today would be the borders of Italy.</p><list>"
        "<item> Leghorn (1794-1941)</item><item> Florence (1823-current)</item></list>",
        '<head>U.S. Consulates in Venice and Trieste, <date from="1797" to="1917">'
        "1797-1917</date>, with interruptions.</head><p>Venice passed into Austrian control"
        " by the Treaty of Campo Formio of October 17, 1797.</p>",
    )
    code, out, err = fresh_registry("import", "rdcr", str(root))
    assert code == 0, err
    assert "could not be mapped" not in out
    assert missions(fresh_registry, "italy") == [
        ["1794", "opened", "consulate general in Leghorn"],
        # the years of a list, not the day of a treaty the prose names; on one day in
        # the order the heading names them (recorded in the bundle's order)
        ["1797", "opened", "consulate in Venice"],
        ["1797", "opened", "consulate in Trieste"],
        ["1823", "opened", "consulate general in Florence"],
        ["1917", "closed", "consulate in Venice"],
        ["1917", "closed", "consulate in Trieste"],
        ["1941", "closed", "consulate general in Leghorn"],
    ]


def test_a_state_the_guide_marks_as_gone_is_a_historical_state_the_us_recognised(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """The guide's asterisk ("Baden*") marks a state that no longer exists: one the
    registry does not know becomes a historical state, and its events are imported."""
    root = guide(
        tmp_path,
        "baden",
        "Baden*",
        "recognition",
        "<head>U.S. Recognition of the Grand Duchy of Baden, 1832.</head><p>Mutual "
        "recognition came on July 13, 1832, when Baden signed a treaty.</p>",
        "<head>German Empire, 1871.</head><p>Baden joined the German Empire.</p>",
    )
    code, out, err = fresh_registry("import", "rdcr", str(root))
    assert code == 0, err
    assert "could not be mapped" not in out
    assert "added as the historical state 'baden'" in out
    code, out, err = fresh_registry("relations", "united states", "baden", "--format", "tsv")
    assert code == 0, err
    assert [line.split("\t")[:3] for line in out.splitlines()[1:]] == [
        ["1832-07-13", "recognition", "recognised"]
    ]
    # a name the guide does not mark stays unplaced, reported with its file and line
    atlantis = guide(tmp_path / "x", "atlantis", "Atlantis", "recognition", "<head>X</head>")
    code, out, err = fresh_registry("import", "rdcr", str(atlantis))
    assert "cannot place the country 'Atlantis'" in out
