"""One write path: seed files' missions and facts are rows of the bundle specification,
written by the bundle writer (registry/seeds/facts.py), which also takes rows held in
memory (registry.bundle.load.load_rows) as it takes a directory of CSV files."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest

from registry.bundle.load import load_rows
from registry.bundle.report import BulkError, Problem
from tests.conftest import Registry, _dsn, write

SOURCE = "kabul-2024-09"


def _rows() -> dict[str, list[dict[str, str]]]:
    return {
        "missions.csv": [
            {"key": "br", "sending_code": "BR", "host_code": "AF", "city_key": "kabul"},
        ],
        "tenures.csv": [
            {
                "key": "h",
                "mission_key": "br",
                "rank_code": "ambassador-e-p",
                "started_on": "2025-03",
                "source_key": SOURCE,
            }
        ],
        "status_changes.csv": [
            {
                "mission_key": "br",
                "kind": "opened",
                "occurred_on": "2025-03-01",
                "actor_code": "BR",
                "source_key": SOURCE,
            }
        ],
    }


def test_rows_held_in_memory_load_as_a_bundle_does(fresh_registry: Registry) -> None:
    rows = _rows()
    rows["missions.csv"][0] |= {"kind": "embassy", "source_key": SOURCE}
    with psycopg.connect(_dsn(fresh_registry.url)) as conn:
        report = load_rows(conn, rows)
    assert (report.table("mission").inserted, report.table("tenure").inserted) == (1, 1)
    assert fresh_registry.sql(
        "SELECT sending_code, city, change_code, actor_code"
        " FROM reporting.mission_status_change WHERE sending_code = 'BR' AND city = 'Kabul'"
    ) == [("BR", "Kabul", "opened", "BR")]
    with psycopg.connect(_dsn(fresh_registry.url)) as conn:
        again = load_rows(conn, rows)
    assert not again.changed


def test_a_problem_in_rows_held_in_memory_is_said_where_the_producer_says(
    fresh_registry: Registry,
) -> None:
    """Row 1 of missions.csv gives no kind: the producer's locate names its own place."""

    def locate(p: Problem) -> Problem:
        return Problem(f"producer:{p.file}", p.line, p.field, p.value, p.message, p.severity)

    with psycopg.connect(_dsn(fresh_registry.url)) as conn, pytest.raises(BulkError) as caught:
        load_rows(conn, _rows(), locate=locate)
    assert [str(p) for p in caught.value.errors] == ["producer:missions.csv:1: kind: required"]


def test_a_seed_files_status_change_keeps_its_actor_and_authority(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """The bundle specification says who made a change (status_changes.csv actor_code,
    actor_authority), so the seeds' actors reach the database through the one writer."""
    assert fresh_registry.sql(
        "SELECT sc.kind, ap.code, au.key FROM status_change sc"
        " JOIN mission m ON m.id = sc.mission_id JOIN party s ON s.id = m.sending_party_id"
        " JOIN party h ON h.id = m.host_party_id"
        " LEFT JOIN party ap ON ap.id = sc.actor_party_id"
        " LEFT JOIN authority au ON au.id = sc.actor_authority_id"
        " WHERE s.code = 'AF' AND h.code = 'GB' AND upper_inf(sc.recorded) ORDER BY 1"
    ) == [
        ("ceased-at-host-request", "GB", None),
        ("documents-declared-illegitimate", None, "af-emirate"),
    ]
    seed = write(
        tmp_path,
        "actor.yaml",
        f"""source: {SOURCE}
missions:
  - sending: KZ
    kind: embassy
    city: Oslo
    status:
      - {{change: opened, date: 2024-09, actor: NOPE}}
""",
    )
    code, _, err = fresh_registry("load", str(seed))
    assert code == 2
    assert f"{seed}:7: missions[0].status[0].actor: unknown party 'NOPE'" in err


def test_a_status_change_a_seed_file_states_again_is_unchanged(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "oslo.yaml",
        f"""source: {SOURCE}
missions:
  - sending: KZ
    kind: embassy
    city: Oslo
    status: [{{change: opened, date: 2024-09, actor: "NO"}}]
    heads:
      - {{rank: ambassador-e-p, from: 2024-10, changes: [{{change: appointed, date: 2024-10}}]}}
""",
    )
    code, out, err = fresh_registry("load", str(seed))
    assert code == 0, err
    assert out.splitlines()[:3] == [
        "  mission: 1 inserted, 0 updated",
        "  mission_source: 1 inserted, 0 updated",
        "  status_change: 2 inserted, 0 updated",
    ]
    assert out.splitlines()[3] == "  tenure: 1 inserted, 0 updated"
    code, out, err = fresh_registry("load", str(seed))
    assert code == 0, err
    assert out.startswith("nothing changed") and out.endswith(
        ": 0 inserted, 0 updated, 5 unchanged\n"
    )


def test_a_bundle_states_authorities_and_the_other_names_of_people(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """What seed files say of authorities and people's other names, a bundle says too."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write(
        bundle,
        "authorities.csv",
        "key,party_code,name,valid_from,valid_until,source_key\n"
        f"mm-sac,MM,State Administration Council,2021-02-01,2023-08,{SOURCE}\n",
    )
    write(
        bundle,
        "people.csv",
        "key,name,description,source_key,aliases\n"
        f"u-thant,U Thant,Secretary-General 1961-1971.,{SOURCE},Thant|Pantanaw U Thant\n",
    )
    code, out, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    assert "  authority: 1 inserted, 0 superseded" in out
    assert "  person_alias: 2 inserted, 0 superseded" in out
    assert fresh_registry.sql(
        "SELECT a.name, p.code, a.valid::text FROM authority a"
        " JOIN party p ON p.id = a.party_id WHERE a.key = 'mm-sac'"
    ) == [("State Administration Council", "MM", "[2021-02-01,2023-08-01)")]
    assert fresh_registry.sql(
        "SELECT a.alias FROM person_alias a JOIN person p ON p.id = a.person_id"
        " WHERE p.key = 'u-thant' ORDER BY 1"
    ) == [("Pantanaw U Thant",), ("Thant",)]
    code, out, _ = fresh_registry("import", "bundle", str(bundle))
    assert code == 0 and out.startswith("nothing changed"), out

    write(
        bundle,
        "authorities.csv",
        "key,party_code,name,valid_from,valid_until,source_key\n"
        f"zz-junta,ZZ,A Junta,2021-02-01,2020,{SOURCE}\n",
    )
    code, _, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 2
    assert "authorities.csv:2: valid_until: ends before it starts (2021-02-01)" in err
    assert "authorities.csv:2: party_code: unknown party 'ZZ'" in err


def test_loading_the_seeds_again_keeps_an_accreditation_a_later_source_corrected(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """A later source says Kazakhstan's embassy in Addis Ababa is not resident at the
    African Union: re-seeding (the seeds say it is) keeps that, with a warning."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write(
        bundle,
        "sources.csv",
        "key,title,publisher,url,published_on\nlater,A later report,Test Wire,,2026-03\n",
    )
    write(
        bundle,
        "missions.csv",
        "key,sending_code,host_code,city_key,kind,source_key\nkz,KZ,ET,addis-ababa,embassy,\n",
    )
    write(
        bundle,
        "accreditations.csv",
        "mission_key,party_code,resident,source_key\nkz,african-union,false,\n",
    )
    code, out, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    assert "  accreditation: 0 inserted, 1 superseded" in out
    code, out, err = fresh_registry("load")
    assert code == 0 and out.startswith("nothing changed"), out
    assert (
        "seeds/missions/addis-ababa.yaml:11: missions[0].accredited_to[1]: kept accreditation"
        in err
    )
    assert fresh_registry.sql(
        "SELECT a.resident FROM accreditation a JOIN party p ON p.id = a.party_id"
        " JOIN mission m ON m.id = a.mission_id JOIN party s ON s.id = m.sending_party_id"
        " WHERE s.code = 'KZ' AND p.code = 'african-union' AND upper_inf(a.recorded)"
    ) == [(False,)]


def test_a_bundle_gives_parties_and_cities_other_names_dated_or_not(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """aliases.csv says what a seed file's aliases say: Astana was Nur-Sultan from
    2019-03-23 until 2022-09-17; the Holy See is the Vatican to some."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write(
        bundle,
        "aliases.csv",
        "subject_kind,subject_key,alias,valid_from,valid_until,source_key\n"
        f"party,VA,The Vatican,,,{SOURCE}\n"
        f"city,KZ:astana,Akmola,1992,1998-05-06,{SOURCE}\n"
        f"city,oslo,Anslo,1048,1624,{SOURCE}\n",
    )
    code, out, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    assert "  party_alias: 1 inserted, 0 superseded" in out
    assert "  city_alias: 2 inserted, 0 superseded" in out
    assert fresh_registry.sql(
        "SELECT c.key, a.alias, a.valid::text FROM city_alias a JOIN city c ON c.id = a.city_id"
        " WHERE a.alias IN ('Akmola', 'Anslo', 'Nur-Sultan') ORDER BY 2"
    ) == [
        ("astana", "Akmola", "[1992-01-01,1998-05-06)"),
        ("oslo", "Anslo", "[1048-01-01,1624-01-01)"),
        ("astana", "Nur-Sultan", "[2019-03-23,2022-09-17)"),
    ]
    code, out, _ = fresh_registry("import", "bundle", str(bundle))
    assert code == 0 and out.startswith("nothing changed"), out

    write(
        bundle,
        "aliases.csv",
        "subject_kind,subject_key,alias,valid_from,valid_until,source_key\n"
        f"state,VA,The Vatican,,,{SOURCE}\n"
        f"party,ZZ,Nowhere,,,{SOURCE}\n"
        f"city,berlin,Cölln,1300,1237,{SOURCE}\n"
        f"city,atlantis,Poseidonis,,,{SOURCE}\n",
    )
    code, _, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 2
    aliases = bundle / "aliases.csv"
    assert err.splitlines() == [
        f"{aliases}:2: subject_kind: unknown subject kind 'state' (party or city)",
        f"{aliases}:4: valid_until: ends before it starts (1300)",
        f"{aliases}:3: subject_key: unknown party 'ZZ'",
        "registry: 3 error(s); nothing was written",
    ]
    # Checked once parties and cities are in place: a city the registry has not.
    write(
        bundle,
        "aliases.csv",
        "subject_kind,subject_key,alias,valid_from,valid_until,source_key\n"
        f"city,atlantis,Poseidonis,,,{SOURCE}\n",
    )
    code, _, err = fresh_registry("import", "bundle", str(bundle))
    assert (code, err.splitlines()[0]) == (
        2,
        f"{aliases}:2: subject_key: unknown or ambiguous city 'atlantis' (write PARTY:key)",
    )


def test_a_bundle_keeps_a_party_as_the_registry_holds_it_and_a_seed_file_replaces_it(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """An importer's name for a state is one more name of it; the seed files are the
    registry's reference, so what they say of a party is what it holds."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write(
        bundle,
        "parties.csv",
        f"code,name,kind,source_key,iso_alpha3\nCI,Ivory Coast,state,{SOURCE},CIV\n",
    )
    code, out, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    assert "  party_alias: 1 inserted, 0 superseded" in out
    assert fresh_registry.sql("SELECT name FROM party WHERE code = 'CI'") == [("Côte d'Ivoire",)]

    seed = write(
        tmp_path,
        "ivory-coast.yaml",
        f"""source: {SOURCE}
parties:
  - code: CI
    name: Ivory Coast
    aliases: [Côte d'Ivoire, Republic of Côte d'Ivoire]
""",
    )
    code, out, err = fresh_registry("load", str(seed))
    assert code == 0, err
    assert "  party: 0 inserted, 1 updated" in out
    assert fresh_registry.sql("SELECT name, kind, iso_alpha3 FROM party WHERE code = 'CI'") == [
        ("Ivory Coast", "state", "CIV")
    ]
    assert fresh_registry.sql(
        "SELECT a.alias, s.key FROM party_alias a JOIN party p ON p.id = a.party_id"
        " JOIN source s ON s.id = a.source_id WHERE p.code = 'CI' ORDER BY 1"
    ) == [
        ("Côte d'Ivoire", SOURCE),
        ("Ivory Coast", SOURCE),
        ("Republic of Côte d'Ivoire", SOURCE),
    ]

    write(
        bundle,
        "parties.csv",
        f"code,name,kind,source_key,iso_alpha3\nxx-new,Somewhere,state,{SOURCE},CIV\n"
        f"xx-odd,Elsewhere,state,{SOURCE},ci\n",
    )
    code, _, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 2
    parties = bundle / "parties.csv"
    assert err.splitlines() == [
        f"{parties}:2: iso_alpha3: the ISO 3166-1 alpha-3 code of 'CI'",
        f"{parties}:3: iso_alpha3: not an ISO 3166-1 alpha-3 code (three capital letters)",
        "registry: 2 error(s); nothing was written",
    ]


def test_the_writer_writes_twice_in_one_transaction(fresh_registry: Registry) -> None:
    """A seed load calls it for its parties, then for its cities and facts: its own
    working tables go at the end of each call, a caller's stay."""
    rows = _rows()
    rows["missions.csv"][0] |= {"kind": "embassy", "source_key": SOURCE}
    with psycopg.connect(_dsn(fresh_registry.url)) as conn:
        conn.execute("CREATE TEMP TABLE mine (n int)")
        first = load_rows(
            conn,
            {
                "parties.csv": [
                    {"code": "xx-o", "name": "O", "kind": "organisation", "source_key": SOURCE}
                ]
            },
        )
        second = load_rows(conn, rows)
        conn.execute("SELECT count(*) FROM mine")
        conn.commit()
    assert (first.table("party").inserted, second.table("tenure").inserted) == (1, 1)


def test_an_imported_berlin_of_the_gdr_leaves_the_seed_files_berlin_theirs(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """The seed files seat missions in "Berlin" without a country; once an import
    gives the GDR a Berlin too, loading them again still means their own."""
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    write(bundle, "cities.csv", f"party_code,key,name,source_key\nDDDE,berlin,Berlin,{SOURCE}\n")
    code, _, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    code, out, err = fresh_registry("load")
    assert (code, err) == (0, "")
    # The reference data knows the GDR's Berlin as East Berlin too (city_names.csv).
    assert out.splitlines()[0] == "  city_alias: 1 inserted, 0 updated", out


def test_the_worlds_reference_data_gives_a_held_state_its_kind_and_dates_and_keeps_its_name(
    fresh_registry: Registry,
) -> None:
    """The German Democratic Republic as an older registry held it (a state, named East
    Germany, with no dates or COW number): loading the seeds again writes what the
    reference data says of it (registry/data/parties.csv, cow_states.csv) through the
    bundle writer, and leaves the name it goes by and its sources as they were."""
    before = fresh_registry.sql(
        "SELECT a.alias, a.valid, a.source_id FROM party_alias a"
        " JOIN party p ON p.id = a.party_id WHERE p.code = 'DDDE' ORDER BY a.alias"
    )
    with psycopg.connect(_dsn(fresh_registry.url)) as c:
        c.execute(
            "UPDATE party SET name = 'East Germany', kind = 'state', existed = NULL,"
            " cow_code = NULL WHERE code = 'DDDE'"
        )
    code, out, err = fresh_registry("load")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "  party: 0 inserted, 1 updated"
    assert fresh_registry.sql(
        "SELECT name, kind, lower(existed)::text, upper(existed)::text, cow_code, s.key"
        " FROM party p JOIN source s ON s.id = p.source_id WHERE code = 'DDDE'"
    ) == [
        (
            "East Germany",
            "historical_state",
            "1949-10-07",
            "1990-10-03",
            265,
            "iso-3166",  # ISO 3166-3 lists it
        )
    ]
    after = fresh_registry.sql(
        "SELECT a.alias, a.valid, a.source_id FROM party_alias a"
        " JOIN party p ON p.id = a.party_id WHERE p.code = 'DDDE' ORDER BY a.alias"
    )
    assert after == before
