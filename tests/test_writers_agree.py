"""The three ways in agree: the same facts written as a seed file, as a bundle and as
`registry record` commands leave the same rows in every reporting view.

The news: Brazil opened an embassy in Kabul on 2025-03-01; Erlan Bekov took it up as
ambassador on 2025-03-15 and presented his credentials to the Taliban on 2025-04-02;
he was recalled on 2025-09-01, and a chargé d'affaires a.i., not named, was in post
by October 2025.
Ids, the recording columns (when and by whom a row was written) and the versions a
later fact superseded (`record departure` closes a tenure by a new version) are left
out of the comparison: they say how the facts came in, not what they are.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import URL

from tests.conftest import Databases, Registry, _dsn, write

SOURCE = "test-wire-2025-03-12"  # the key `registry record` gives a new source

SEED = f"""
sources:
  - key: {SOURCE}
    title: Brazil opens an embassy in Kabul
    publisher: Test Wire
    published: 2025-03-12
people:
  - key: erlan-bekov
    name: Erlan Bekov
    description: Brazil's first ambassador to the Islamic Emirate.
    source: {SOURCE}
source: {SOURCE}
missions:
  - sending: BR
    kind: embassy
    city: Kabul
    accredited_to: [AF]
    status: [{{change: opened, date: 2025-03-01}}]
    heads:
      - person: erlan-bekov
        rank: ambassador-e-p
        from: 2025-03-15
        credentials: {{to: af-emirate, date: 2025-04-02}}
        until: 2025-09-01
        changes: [{{change: recalled, date: 2025-09-01}}]
      - rank: charge-d-affaires-a-i
        attested: 2025-10
"""

BUNDLE = {
    "sources.csv": "key,title,publisher,url,published_on\n"
    f"{SOURCE},Brazil opens an embassy in Kabul,Test Wire,,2025-03-12\n",
    "people.csv": "key,name,description,source_key\n"
    f"erlan-bekov,Erlan Bekov,Brazil's first ambassador to the Islamic Emirate.,{SOURCE}\n",
    "missions.csv": "key,sending_code,host_code,city_key,kind,source_key\n"
    f"br-kabul,BR,AF,kabul,embassy,{SOURCE}\n",
    "accreditations.csv": "mission_key,party_code,resident,source_key\n"
    f"br-kabul,AF,true,{SOURCE}\n",
    "tenures.csv": "key,mission_key,person_key,rank_code,started_on,attested_on,ended_on,"
    "credentials_on,credentials_to,note,source_key,resident_city_key\n"
    "bekov,br-kabul,erlan-bekov,ambassador-e-p,2025-03-15,,2025-09-01,2025-04-02,af-emirate,,"
    f"{SOURCE},\n"
    f"charge,br-kabul,,charge-d-affaires-a-i,,2025-10,,,,,{SOURCE},\n",
    "status_changes.csv": "mission_key,tenure_key,kind,occurred_on,note,source_key\n"
    f"br-kabul,,opened,2025-03-01,,{SOURCE}\n"
    f",bekov,recalled,2025-09-01,,{SOURCE}\n",
}

TITLE = "Brazil opens an embassy in Kabul"
DESCRIPTION = "Brazil's first ambassador to the Islamic Emirate."
RECORD = [
    ["record", "status", "opened", "brazil", "kabul", "--new-mission", "--kind", "embassy",
     "--accredited-to", "AF", "--on", "2025-03-01", "--source-title", TITLE,
     "--source-publisher", "Test Wire", "--source-date", "2025-03-12"],
    ["record", "appointment", "brazil", "kabul", "--new-person", "Erlan Bekov",
     "--description", DESCRIPTION, "--rank", "ambassador-e-p",
     "--from", "2025-03-15", "--credentials", "2025-04-02",
     "--credentials-to", "af-emirate", "--source", SOURCE],
    ["record", "departure", "recalled", "brazil", "kabul", "--on", "2025-09-01",
     "--source", SOURCE],
    ["record", "appointment", "brazil", "kabul", "--unnamed", "--rank", "charge-d-affaires-a-i",
     "--attested", "2025-10", "--source", SOURCE],
]  # fmt: skip


def _views(url: URL) -> dict[str, list[tuple[object, ...]]]:
    """Every reporting view's rows, ids and recording columns left out, sorted."""
    with psycopg.connect(_dsn(url)) as conn:
        columns = conn.execute(
            """SELECT c.table_name,
                      array_agg(quote_ident(c.column_name) ORDER BY c.ordinal_position)
                 FROM information_schema.columns c
                 JOIN information_schema.views v USING (table_schema, table_name)
                WHERE c.table_schema = 'reporting'
                  AND c.column_name NOT LIKE '%\\_id' AND c.column_name NOT LIKE 'recorded%'
                  AND c.column_name <> 'is_current'
                  AND c.column_name NOT IN ('ref', 'status_change')
                GROUP BY c.table_name"""
        ).fetchall()
        rows = {}
        for view, cols in columns:
            query = f"SELECT ROW({', '.join(cols)})::text FROM reporting.{view}"
            if view == "tenure_version":  # versions superseded say how facts came in
                query += " WHERE is_current"
            rows[view] = sorted(r[0] for r in conn.execute(query))  # type: ignore[arg-type]
        return rows


@pytest.fixture
def three(databases: Databases, seeded_template: str) -> list[Registry]:
    return [Registry(databases.create(template=seeded_template)) for _ in range(3)]


def test_a_seed_file_a_bundle_and_record_commands_leave_the_same_reporting_rows(
    three: list[Registry], tmp_path: Path
) -> None:
    by_seed, by_bundle, by_record = three
    code, _, err = by_seed("load", str(write(tmp_path, "kabul.yaml", SEED)))
    assert code == 0, err

    bundle = tmp_path / "bundle"
    bundle.mkdir()
    for name, text in BUNDLE.items():
        write(bundle, name, text)
    code, _, err = by_bundle("import", "bundle", str(bundle))
    assert code == 0, err

    for command in RECORD:
        code, _, err = by_record(*command)
        assert code == 0, err

    seeded, bundled, recorded = (_views(r.url) for r in three)
    assert seeded.keys() == bundled.keys() == recorded.keys()
    for view in seeded:
        assert seeded[view] == bundled[view], f"seed and bundle differ in reporting.{view}"
        assert seeded[view] == recorded[view], f"seed and record differ in reporting.{view}"
