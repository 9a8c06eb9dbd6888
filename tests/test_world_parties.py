"""Parties the samples' other halves name: the Central Tibetan Administration, a
government in exile with offices abroad; the Austrian Empire, Austria-Hungary's former
name; and the reference QIDs, each either seen in the Wikidata extract or marked for
review."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from registry.world import _rows
from tests.conftest import Registry, write

EXTRACT = (
    Path(__file__).parents[2]
    / "shared"
    / "data"
    / "wikidata-embassies"
    / "database_of_embassies-2022-11-16-sample.csv"
)
HEADER = (
    "operator;operatorQID;jurisdictions;jurisdictionQIDs;country;countryQID;city;cityQID;"
    "address;latitude;longitude;phone;email;website;facebook;twitter;youtube;picture;"
    "pictureAuthor;pictureLicense;pictureLicenseURL;type;typeQID;creation;QID;\n"
)
WD = "http://www.wikidata.org/entity/"
# Two of the Central Tibetan Administration's offices as the extract has them.
TIBET = HEADER + "".join(
    f"Central Tibetan Administration;{WD}Q326343;;;{country};{WD}{cq};{city};{WD}{tq};;;;;;;;;;"
    f";;;;de facto embassy;{WD}Q5244910;{created};{WD}{q}\n"
    for country, cq, city, tq, created, q in (
        ("France", "Q142", "Paris", "Q90", "1992-01-01T00:00:00Z", "Q22046725"),
        ("Switzerland", "Q39", "Geneva", "Q71", "1964-01-01T00:00:00Z", "Q2928400"),
    )
)


def test_the_central_tibetan_administration_keeps_representative_offices_in_paris_and_geneva(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    extract = write(tmp_path, "tibet-2022-11-16.csv", TIBET)
    code, out, err = fresh_registry("import", "wikidata-embassies", str(extract))
    assert code == 0, err
    assert "could not be mapped" not in out
    assert fresh_registry.sql(
        "SELECT sending, sending_kind, mission_kind, host, city FROM reporting.mission "
        "WHERE sending_code = 'central-tibetan-administration' ORDER BY city"
    ) == [
        ("Central Tibetan Administration", "government_in_exile", "representative office",
         "Switzerland", "Geneva"),
        ("Central Tibetan Administration", "government_in_exile", "representative office",
         "France", "Paris"),
    ]  # fmt: skip


def test_the_austrian_empire_is_austria_hungary_before_1867(registry: Registry) -> None:
    assert registry.sql(
        "SELECT name, valid_from::text, valid_until::text FROM reporting.party_name "
        "WHERE party_id = (SELECT party_id FROM reporting.party WHERE code = 'austria-hungary') "
        "AND valid_from IS NOT NULL ORDER BY valid_from"
    ) == [
        ("Austrian Empire", "1804-08-11", "1867-03-30"),
        ("Austria-Hungary", "1867-03-30", "1918-11-12"),
    ]
    assert registry.sql(
        "SELECT kind, cow_code FROM reporting.party WHERE code = 'austria-hungary'"
    ) == [("historical_state", 300)]


@pytest.mark.skipif(not EXTRACT.is_file(), reason=f"the Wikidata sample is not at {EXTRACT}")
def test_a_qid_marked_as_seen_names_that_party_in_the_extract() -> None:
    """parties.csv says which QIDs the extract confirms (qid_seen = extract); the others
    are to review. Either way the claim is checked against the data."""
    named: dict[str, set[str]] = {}
    with EXTRACT.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter=";"):
            for names, qids in (
                ("operator", "operatorQID"),
                ("jurisdictions", "jurisdictionQIDs"),
                ("country", "countryQID"),
            ):
                for name, qid in zip(row[names].split("|"), row[qids].split("|"), strict=False):
                    named.setdefault(qid.rsplit("/", 1)[-1], set()).add(name)
    for party in _rows("parties.csv"):
        seen = named.get(party["qid"], set())
        names = {party["name"], *party["aliases"].split("|")}
        if party["qid_seen"] == "extract":
            assert seen & names, f"{party['code']}: {party['qid']} names {seen or 'nothing'}"
        else:
            assert not seen, f"{party['code']}: {party['qid']} is in the extract: mark it seen"
