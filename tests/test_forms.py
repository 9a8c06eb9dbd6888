"""Issue 20 item 3: one post across forms. A sending party's representation in a city
is one post whose form changes (legation, embassy, liaison office, technical team):
a new form starting ends the form before it, whoever wrote the facts (a seed file,
a bundle, `registry record`); who-heads shows the form on the date, one row a post."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Registry, write
from tests.test_import_wikidata import SAMPLE

US_IN_KABUL = """
sources:
  - key: us-kabul
    title: US missions in Kabul
    publisher: Example
    published: 2002-03
source: us-kabul
missions:
  - sending: US
    kind: embassy
    city: Kabul
    accredited_to: [AF]
    status:
      - {change: opened, date: 1948-06-05}
      - {change: closed, date: 1989-01-30}
      - {change: reopened, date: 2002-01-17}
  - sending: US
    kind: liaison-office
    city: Kabul
    accredited_to: [AF]
    status:
      - {change: opened, date: 2001-12-17}
  - sending: US
    kind: consulate
    city: Kabul
    accredited_to: [AF]
    status:
      - {change: opened, date: 1950-01-01}
"""


def us_in_kabul(registry: Registry, on: str, *options: str) -> list[str]:
    code, out, err = registry(
        "who-heads", "kabul", "--format", "json", "--as-of", on, "--all", *options
    )
    assert code == 0, err
    return sorted(row["mission_kind"] for row in json.loads(out) if row["sending_code"] == "US")


def test_the_embassy_reopened_after_a_liaison_office_ends_it(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """The US embassy in Kabul closed in 1989, a liaison office opened on 2001-12-17 and
    the embassy re-opened on 2002-01-17: on 2002-02-01 who-heads kabul shows the US
    embassy and no liaison office."""
    code, _, err = fresh_registry("load", str(write(tmp_path, "us.yaml", US_IN_KABUL)))
    assert code == 0, err
    # A consulate is a post of its own, beside the embassy: never a form of it.
    assert us_in_kabul(fresh_registry, "1988-01-01") == ["consulate", "embassy"]
    assert us_in_kabul(fresh_registry, "1995-01-01") == ["consulate"]
    assert us_in_kabul(fresh_registry, "2001-12-20") == [
        "consulate",
        "liaison office",
    ]
    assert us_in_kabul(fresh_registry, "2002-02-01") == ["consulate", "embassy"]
    # history keeps one timeline of the post, every form in it.
    code, out, err = fresh_registry("history", "united states", "kabul", "--format", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert [(r[0], r[1], r[6]) for r in rows if r[0] >= "2001"] == [
        ("2001-12-17", "opened", "United States liaison office, Kabul"),
        ("2002-01-17", "re-opened", "United States embassy, Kabul"),
    ]


def test_a_form_recorded_one_at_a_time_ends_the_form_before(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """`registry record` is a writer like the others: a liaison office opened after
    the embassy closed, then the embassy re-opened, leaves one row."""
    code, _, err = fresh_registry("load", str(write(tmp_path, "us.yaml", US_IN_KABUL)))
    assert code == 0, err
    code, _, err = fresh_registry(
        "record", "status", "opened", "US", "kabul", "--new-mission", "--kind",
        "interests-section", "--accredited-to", "AF", "--on", "2010-05-01",
        "--source", "us-kabul",
    )  # fmt: skip
    assert code == 0, err
    assert us_in_kabul(fresh_registry, "2010-06-01") == ["consulate", "interests section"]
    assert us_in_kabul(fresh_registry, "2010-04-01") == ["consulate", "embassy"]
    code, _, err = fresh_registry(
        "record", "status", "reopened", "US", "kabul", "--kind", "embassy",
        "--on", "2011-01-01", "--source", "us-kabul",
    )  # fmt: skip
    assert code == 0, err
    assert us_in_kabul(fresh_registry, "2011-02-01") == ["consulate", "embassy"]


@pytest.mark.skipif(not SAMPLE.is_file(), reason=f"the Wikidata sample is not at {SAMPLE}")
def test_indias_post_in_kabul_is_one_row_its_technical_team_in_2024(
    fresh_registry: Registry,
) -> None:
    """India's post in Kabul is one row: its technical team in 2024 (the article's, of
    2024-09); in 2023 the embassy the Wikidata extract listed in 2022-11."""
    code, _, err = fresh_registry("import", "wikidata-embassies", str(SAMPLE))
    assert code == 0, err

    def india(on: str) -> list[str]:
        code, out, err = fresh_registry(
            "who-heads", "kabul", "--format", "json", "--as-of", on, "--all"
        )
        assert code == 0, err
        return [row["mission_kind"] for row in json.loads(out) if row["sending_code"] == "IN"]

    assert india("2026-11-23") == ["technical team"]
    assert india("2024-10-01") == ["technical team"]
    assert india("2023-06-01") == ["embassy"]
    code, out, err = fresh_registry("history", "india", "kabul", "--format", "csv")
    assert code == 0, err
    assert "India embassy, Kabul" in out and "India technical team, Kabul" in out
