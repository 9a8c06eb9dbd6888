"""Hostile input to `registry import` (issue 15): every bad file, row, value and server
event is one line naming file, line and field, exit 2, and nothing written."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import URL

from registry import docs
from registry.access import LOAD_LOCK_ID, CannotWrite
from registry.bulk import load_bundle
from registry.db import mask_text
from tests.conftest import Registry

DATA = Path(__file__).parent / "data"
BUNDLE = DATA / "bundle-small"
POCOM = DATA / "pocom-small"
EXTRACT = DATA / "wikidata-small" / "database_of_embassies-2022-11-16-small.csv"
COUNT_FACTS = (
    "SELECT (SELECT count(*) FROM source) + (SELECT count(*) FROM party)"
    " + (SELECT count(*) FROM mission) + (SELECT count(*) FROM tenure)"
    " + (SELECT count(*) FROM status_change) + (SELECT count(*) FROM city)"
    " + (SELECT count(*) FROM person) + (SELECT count(*) FROM external_id)"
    " + (SELECT count(*) FROM accreditation)"
)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    copy = tmp_path / "bundle"
    shutil.copytree(BUNDLE, copy)
    return copy


@pytest.fixture
def pocom(tmp_path: Path) -> Path:
    copy = tmp_path / "pocom"
    shutil.copytree(POCOM, copy)
    return copy


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    return tmp_path / "embassies-2022-11-16.csv"


def refused(reg: Registry, *args: str) -> str:
    """Run an import that must be refused; return its stderr (nothing written)."""
    before = reg.sql(COUNT_FACTS)
    code, out, err = reg("import", *args)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    assert reg.sql(COUNT_FACTS) == before
    return err


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8", newline="") as handle:
        handle.write(text)


def one_error(path: Path, line: str) -> str:
    return f"{path.parent / line}\nregistry: 1 error(s); nothing was written\n"


# --- 1. rows with one natural key -----------------------------------------------------

# For each bundle file: a row with the key of an earlier one and another value, the
# line it lands on, and the error.
CONTRADICTIONS = [
    (
        "sources.csv",
        "test-bundle,Another title,registry tests,,2025-03\n",
        "sources.csv:3: title: contradicts sources.csv:2, the same source (key "
        "'test-bundle'): title 'A crafted bundle for tests' there, 'Another title' here",
    ),
    (
        "parties.csv",
        "prussia,Prussia,state\n",
        "parties.csv:3: kind: contradicts parties.csv:2, the same party (code 'prussia'): "
        "kind 'historical_state' there, 'state' here",
    ),
    (
        "cities.csv",
        "IR,tehran,Tehran,\n",
        "cities.csv:4: aliases: contradicts cities.csv:3, the same city (party_code 'IR', "
        "key 'tehran'): aliases 'Teheran' there, empty here",
    ),
    (
        "people.csv",
        "test-envoy,Ann Other,\n",
        "people.csv:4: name: contradicts people.csv:2, the same person (key 'test-envoy'): "
        "name 'Ann Envoy' there, 'Ann Other' here",
    ),
    (
        "missions.csv",
        "us-kabul,US,AF,kabul,embassy,true,\n",
        "missions.csv:5: kind: contradicts missions.csv:2, the same mission (key 'us-kabul'): "
        "kind 'legation' there, 'embassy' here",
    ),
    (
        "accreditations.csv",
        "us-kabul,AF,false,\n",
        "accreditations.csv:5: resident: contradicts accreditations.csv:2, the same "
        "accreditation (mission_key 'us-kabul', party_code 'AF'): resident true there, "
        "false here",
    ),
    (
        "tenures.csv",
        "t3,us-kabul,test-charge,charge-d-affaires-a-i,1937-01,,,,,\n",
        "tenures.csv:6: started_on: contradicts tenures.csv:4, the same tenure (key 't3'): "
        "started_on 1937 there, 1937-01 here",
    ),
    (
        "status_changes.csv",
        ",t2,appointed,1935-01-22,another note,\n",
        "status_changes.csv:5: note: contradicts status_changes.csv:2, the same status change "
        "(tenure_key 't2', kind 'appointed', occurred_on 1935-01-22): note empty there, "
        "'another note' here",
    ),
    (
        "external_ids.csv",
        "test-person,envoy-1,person,test-charge\n",
        "external_ids.csv:5: subject_key: contradicts external_ids.csv:2, the same external "
        "identifier (scheme 'test-person', value 'envoy-1'): subject_key 'test-envoy' there, "
        "'test-charge' here",
    ),
]


@pytest.mark.parametrize(
    ("name", "row", "error"), CONTRADICTIONS, ids=[c[0] for c in CONTRADICTIONS]
)
def test_two_rows_with_one_key_that_contradict_are_refused_naming_both_lines(
    fresh_registry: Registry, bundle: Path, name: str, row: str, error: str
) -> None:
    append(bundle / name, row)
    assert refused(fresh_registry, "bundle", str(bundle)) == one_error(bundle / name, error)


def test_a_row_repeated_exactly_is_loaded_once_with_a_notice(
    fresh_registry: Registry, bundle: Path
) -> None:
    # Why not an error: the repeat says nothing new (as importing the bundle twice
    # changes nothing), so refusing it would only fail concatenated bundles; the
    # notice keeps it from passing in silence.
    for name, *_ in CONTRADICTIONS:
        last = (bundle / name).read_text(encoding="utf-8").splitlines()[-1]
        append(bundle / name, last + "\n")
    code, out, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    assert "tenure: 4 inserted" in out
    assert "9 notices (5 kinds):" in out
    assert "1 × code: repeats an earlier row exactly: loaded once  (e.g. parties.csv:3)" in out
    assert "4 × key: repeats an earlier row exactly: loaded once  (e.g. sources.csv:3)" in out
    code, out, _ = fresh_registry("import", "bundle", str(BUNDLE))
    assert code == 0 and out.startswith("nothing changed"), out


def test_a_header_repeated_inside_a_file_is_not_loaded_as_a_row(
    fresh_registry: Registry, bundle: Path
) -> None:
    people = bundle / "people.csv"
    people.write_bytes(people.read_bytes() + b"\xef\xbb\xbf" + (BUNDLE / "people.csv").read_bytes())
    assert refused(fresh_registry, "bundle", str(bundle)) == one_error(
        people, "people.csv:4: the header again (files put together?)"
    )


def test_two_mission_keys_of_one_mission_must_agree_on_its_accreditations(
    fresh_registry: Registry, bundle: Path
) -> None:
    append(bundle / "missions.csv", "us-kabul-2,US,AF,kabul,legation,true,\n")
    append(bundle / "accreditations.csv", "us-kabul-2,AF,false,\n")
    assert refused(fresh_registry, "bundle", str(bundle)) == one_error(
        bundle / "accreditations.csv",
        "accreditations.csv:5: resident: contradicts accreditations.csv:2, the same "
        "accreditation (mission_key 'us-kabul' names the same mission): resident true there, "
        "false here",
    )


def test_two_mission_keys_of_one_mission_must_agree_on_its_changes(
    fresh_registry: Registry, bundle: Path
) -> None:
    append(bundle / "missions.csv", "us-kabul-2,US,AF,kabul,legation,true,\n")
    append(bundle / "status_changes.csv", "us-kabul-2,,opened,1942-06-06,Opened otherwise,\n")
    append(bundle / "status_changes.csv", "us-kabul-2,,closed,1948,,\n")
    append(bundle / "status_changes.csv", "us-kabul,,closed,1948-01,,\n")
    assert refused(fresh_registry, "bundle", str(bundle)) == (
        f"{bundle / 'status_changes.csv'}:7: occurred_on: contradicts status_changes.csv:6, "
        "the same closed of the same mission (mission_key 'us-kabul-2' names it too): "
        "occurred_on to the year there, to the month here\n"
        f"{bundle / 'status_changes.csv'}:5: note: contradicts status_changes.csv:4, the same "
        "opened of the same mission (mission_key 'us-kabul' names it too): note 'Legation "
        "Kabul was opened' there, 'Opened otherwise' here\n"
        "registry: 2 error(s); nothing was written\n"
    )


# --- 2. encodings, the csv module's limits, values that cannot be stored --------------


def test_a_latin1_bundle_file_names_the_line_of_its_first_bad_byte(
    fresh_registry: Registry, bundle: Path
) -> None:
    with (bundle / "people.csv").open("ab") as handle:
        handle.write("test-x,José,\n".encode("latin-1"))
    # One error: the people the file did not get to are not reported as unknown.
    assert refused(fresh_registry, "bundle", str(bundle)) == one_error(
        bundle / "people.csv",
        "people.csv:4: not UTF-8 (byte 0xe9 at byte 11 of the line): save the file as UTF-8",
    )


def test_a_utf16_bundle_file_is_named(fresh_registry: Registry, bundle: Path) -> None:
    text = (bundle / "people.csv").read_text(encoding="utf-8")
    (bundle / "people.csv").write_bytes(text.encode("utf-16"))
    assert refused(fresh_registry, "bundle", str(bundle)) == one_error(
        bundle / "people.csv",
        "people.csv:1: not UTF-8: it is UTF-16 (it starts with a UTF-16 byte order mark); "
        "save the file as UTF-8",
    )


def test_a_utf8_byte_order_mark_is_accepted(fresh_registry: Registry, bundle: Path) -> None:
    for path in bundle.glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, out, err = fresh_registry("import", "bundle", str(bundle))
    assert code == 0, err
    assert "tenure: 4 inserted" in out and "person: 2 inserted" in out


def test_a_field_over_the_csv_modules_limit_names_line_and_field(
    fresh_registry: Registry, bundle: Path
) -> None:
    append(bundle / "people.csv", f"test-x,{'a' * 200_000},\n")
    assert refused(fresh_registry, "bundle", str(bundle)) == one_error(
        bundle / "people.csv",
        "people.csv:4: name: is over 131,072 characters long; at most 300 are allowed",
    )


def test_a_nul_byte_in_a_bundle_names_line_and_field(
    fresh_registry: Registry, bundle: Path
) -> None:
    append(bundle / "people.csv", "test-x,Jo\x00e,\n")
    assert refused(fresh_registry, "bundle", str(bundle)) == one_error(
        bundle / "people.csv", "people.csv:4: name: contains a NUL character"
    )


def test_a_name_too_long_for_an_index_row_is_refused_before_staging(
    fresh_registry: Registry, bundle: Path
) -> None:
    # 2,000 two-byte characters: over btree's 2,704 bytes, the database's own refusal
    # (ProgramLimitExceeded) would name no line.
    append(bundle / "people.csv", f"test-x,{'é' * 2000},\n")
    append(bundle / "missions.csv", f"{'k' * 3000},US,AF,kabul,embassy,true,\n")
    append(bundle / "cities.csv", f"IR,isfahan,Isfahan,Spahan|{'i' * 301}\n")
    err = refused(fresh_registry, "bundle", str(bundle))
    assert err == (
        f"{bundle / 'cities.csv'}:4: aliases: is 301 characters long; at most 300 are allowed\n"
        f"{bundle / 'people.csv'}:4: name: is 2,000 characters long; at most 300 are allowed\n"
        f"{bundle / 'missions.csv'}:5: key: is 3,000 characters long; at most 600 are allowed\n"
        "registry: 3 error(s); nothing was written\n"
    )


def test_control_characters_are_refused_except_tabs_and_newlines_in_notes(
    fresh_registry: Registry, bundle: Path
) -> None:
    append(bundle / "people.csv", "test-x,Jo\x1b[2Je,\n")
    append(bundle / "tenures.csv", 't5,us-berlin,,minister,1870,,,"two\nlines\tand a tab",,\n')
    append(bundle / "tenures.csv", "t6,us-berlin,,minister,1880,,,a bell\x07,,\n")
    err = refused(fresh_registry, "bundle", str(bundle))
    assert err == (
        f"{bundle / 'people.csv'}:4: name: contains the control character U+001B at position 3\n"
        f"{bundle / 'tenures.csv'}:8: note: contains the control character U+0007 at "
        "position 7\nregistry: 2 error(s); nothing was written\n"
    )


# --- 3. empty bundles, files and columns ------------------------------------------------


def test_an_empty_bundle_directory_has_nothing_to_import(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    assert refused(fresh_registry, "bundle", str(tmp_path)) == (
        f"registry: {tmp_path}: nothing to import: no bundle files (sources.csv, parties.csv, "
        "authorities.csv, cities.csv, aliases.csv, successions.csv, subdivisions.csv, "
        "people.csv, missions.csv, accreditations.csv, districts.csv, mission_seats.csv, "
        "tenures.csv, status_changes.csv, relations.csv, complete_lists.csv, external_ids.csv)\n"
    )


def test_a_bundle_of_headers_only_has_nothing_to_import(
    fresh_registry: Registry, bundle: Path
) -> None:
    for path in bundle.glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
    (bundle / "people.csv").write_bytes(b"")  # an empty file holds no rows either
    assert refused(fresh_registry, "bundle", str(bundle)) == (
        f"registry: {bundle}: nothing to import: sources.csv, parties.csv, cities.csv, "
        "people.csv, missions.csv, accreditations.csv, tenures.csv, status_changes.csv, "
        "external_ids.csv hold no rows\n"
    )


def test_unknown_repeated_and_missing_columns_are_refused(
    fresh_registry: Registry, bundle: Path
) -> None:
    people = (bundle / "people.csv").read_text(encoding="utf-8").splitlines()
    (bundle / "people.csv").write_text(
        "\n".join([people[0] + ",descripton", *(row + "," for row in people[1:])]) + "\n",
        encoding="utf-8",
    )
    (bundle / "parties.csv").write_text(
        "\n".join(["code,code,name,kind", "prussia,prussia,Prussia,historical_state"]) + "\n",
        encoding="utf-8",
    )
    missions = (bundle / "missions.csv").read_text(encoding="utf-8")
    (bundle / "missions.csv").write_text(missions.replace(",kind,", ",", 1), encoding="utf-8")
    err = refused(fresh_registry, "bundle", str(bundle))
    assert err == (
        f"{bundle / 'parties.csv'}:1: code: column 'code' given twice\n"
        f"{bundle / 'people.csv'}:1: descripton: unknown column 'descripton' (the columns "
        "are: key, name, description, source_key, aliases)\n"
        f"{bundle / 'missions.csv'}:1: kind: missing column 'kind'\n"
        "registry: 3 error(s); nothing was written\n"
    )


def test_a_misspelt_bundle_file_is_refused_not_skipped(
    fresh_registry: Registry, bundle: Path
) -> None:
    (bundle / "tenures.csv").rename(bundle / "Tenures.csv")
    assert refused(fresh_registry, "bundle", str(bundle)) == one_error(
        bundle / "Tenures.csv",
        "Tenures.csv: not a bundle file (did you mean 'tenures.csv'?); a bundle's files are "
        "sources.csv, parties.csv, authorities.csv, cities.csv, aliases.csv, successions.csv, "
        "subdivisions.csv, people.csv, missions.csv, accreditations.csv, districts.csv, "
        "mission_seats.csv, tenures.csv, status_changes.csv, relations.csv, complete_lists.csv, "
        "external_ids.csv, unmapped.csv",
    )


def test_a_bundle_file_that_cannot_be_read_is_refused_not_skipped(
    fresh_registry: Registry, bundle: Path
) -> None:
    (bundle / "tenures.csv").unlink()
    (bundle / "tenures.csv").symlink_to("tenures.csv")  # a link to itself: a loop
    assert refused(fresh_registry, "bundle", str(bundle)) == one_error(
        bundle / "tenures.csv",
        "tenures.csv: cannot read it (Too many levels of symbolic links)",
    )


def test_an_unmapped_csv_with_an_unknown_severity_is_refused(
    fresh_registry: Registry, bundle: Path
) -> None:
    (bundle / "unmapped.csv").write_text(
        "file,line,field,value,message,severity\n"
        "chiefs.xml,twelve,role-title-id,archduke,unknown role,fatal\n",
        encoding="utf-8",
    )
    assert refused(fresh_registry, "bundle", str(bundle)) == (
        f"{bundle / 'unmapped.csv'}:2: line: 'twelve' is not a line number\n"
        f"{bundle / 'unmapped.csv'}:2: severity: unknown severity 'fatal' (unmapped or notice)\n"
        "registry: 2 error(s); nothing was written\n"
    )


def test_an_unmapped_report_that_cannot_be_written_is_refused_before_importing(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    report = tmp_path / "no-such-dir" / "unmapped.csv"
    assert refused(fresh_registry, "bundle", str(BUNDLE), "--unmapped-report", str(report)) == (
        f"registry: --unmapped-report {report}: no directory {report.parent}\n"
    )


def test_a_bundle_that_is_not_a_directory(fresh_registry: Registry, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert refused(fresh_registry, "bundle", str(missing)) == (
        f"registry: {missing}: no such directory\n"
    )


# --- 4. pocom ------------------------------------------------------------------------------


def test_pocom_xml_declaring_latin1_that_is_utf8_is_refused(
    fresh_registry: Registry, pocom: Path
) -> None:
    path = pocom / "missions-countries" / "afghanistan.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), "utf-8")
    assert refused(fresh_registry, "pocom", str(pocom)) == (
        "registry: missions-countries/afghanistan.xml:18: declares the encoding ISO-8859-1 "
        "but is UTF-8 ('é' would be read as 'Ã©'): correct the declaration to UTF-8; "
        "nothing was written\n"
    )


def test_pocom_xml_declaring_utf8_that_is_latin1_is_refused(
    fresh_registry: Registry, pocom: Path
) -> None:
    path = pocom / "people" / "c" / "chargé-bob.xml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    assert refused(fresh_registry, "pocom", str(pocom)) == (
        "registry: people/c/chargé-bob.xml:2: not UTF-8 (byte 0xe9 at byte 18 of the line) "
        "though it declares UTF-8: save it as UTF-8, or declare the encoding it is in; "
        "nothing was written\n"
    )


def test_pocom_xml_truly_in_latin1_is_read_as_declared(
    fresh_registry: Registry, pocom: Path
) -> None:
    path = pocom / "people" / "c" / "chargé-bob.xml"
    text = path.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    path.write_bytes(text.encode("latin-1"))
    code, _, err = fresh_registry("import", "pocom", str(pocom))
    assert code == 0, err
    assert fresh_registry.sql("SELECT name FROM person WHERE key = 'chargé-bob'") == [
        ("Bob Chargé",)
    ]


def test_malformed_pocom_xml_names_file_line_and_column(
    fresh_registry: Registry, pocom: Path
) -> None:
    path = pocom / "missions-countries" / "iran.xml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("</chiefs>", "</chief>"), encoding="utf-8"
    )
    assert refused(fresh_registry, "pocom", str(pocom)) == (
        "registry: missions-countries/iran.xml:16:7: not well-formed XML (mismatched tag); "
        "nothing was written\n"
    )


def entities(path: Path, doctype: str, reference: str) -> None:
    text = path.read_text(encoding="utf-8")
    text = text.replace("<country-mission>", f"{doctype}\n<country-mission>", 1)
    path.write_text(text.replace("<note/>", f"<note>{reference}</note>", 1), encoding="utf-8")


def test_an_entity_expansion_bomb_in_pocom_is_refused_before_it_expands(
    fresh_registry: Registry, pocom: Path
) -> None:
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    entities(
        pocom / "missions-countries" / "iran.xml",
        f'<!DOCTYPE country-mission [<!ENTITY l0 "lol">{lol}]>',
        "&l9;",
    )
    assert refused(fresh_registry, "pocom", str(pocom)) == (
        "registry: missions-countries/iran.xml:2:40: declares the entity 'l0' (<!ENTITY ...>): "
        "entities are not read (pocom declares none); nothing was written\n"
    )


def test_pocom_xml_with_an_external_entity_is_refused_unread(
    fresh_registry: Registry, pocom: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret", encoding="utf-8")
    entities(
        pocom / "missions-countries" / "iran.xml",
        f'<!DOCTYPE country-mission [<!ENTITY xxe SYSTEM "file://{secret}">]>',
        "&xxe;",
    )
    err = refused(fresh_registry, "pocom", str(pocom))
    assert "declares the entity 'xxe'" in err and "the secret" not in err


def test_pocom_xml_with_an_external_dtd_is_read_without_it(
    fresh_registry: Registry, pocom: Path, tmp_path: Path
) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY xxe "the secret">', encoding="utf-8")
    entities(
        pocom / "missions-countries" / "iran.xml",
        f'<!DOCTYPE country-mission SYSTEM "file://{dtd}">',
        "before &xxe; after",
    )
    code, _, err = fresh_registry("import", "pocom", str(pocom))
    assert code == 0, err
    notes = fresh_registry.sql("SELECT note FROM tenure WHERE note LIKE '%before%'")
    assert notes == [("appointed: before after; ended: Left post on",)]  # the DTD unread


def test_a_binary_file_among_pocoms_xml_is_named(fresh_registry: Registry, pocom: Path) -> None:
    (pocom / "missions-countries" / "zanzibar.xml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert refused(fresh_registry, "pocom", str(pocom)) == (
        "registry: missions-countries/zanzibar.xml:3: not an XML text file (a NUL byte at byte "
        "1 of the line: a binary file, or UTF-16 without its byte order mark?); nothing was "
        "written\n"
    )


def test_a_missing_pocom_directory(fresh_registry: Registry, tmp_path: Path) -> None:
    assert refused(fresh_registry, "pocom", str(tmp_path / "pocom")) == (
        f"registry: {tmp_path / 'pocom'}: no such directory\n"
    )


def test_a_symlink_loop_in_the_pocom_directory_is_named(
    fresh_registry: Registry, pocom: Path
) -> None:
    (pocom / "missions-countries" / "loop.xml").symlink_to("loop.xml")
    assert refused(fresh_registry, "pocom", str(pocom)) == (
        "registry: missions-countries/loop.xml: cannot read it (Too many levels of symbolic "
        "links); nothing was written\n"
    )


def test_a_pocom_checkout_without_chiefs_has_nothing_to_import(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    (tmp_path / "missions-countries").mkdir()
    assert refused(fresh_registry, "pocom", str(tmp_path)) == (
        f"registry: {tmp_path}: no chiefs of mission in missions-countries/ or missions-orgs/: "
        "nothing to import; nothing was written\n"
    )


def test_a_pocom_name_too_long_is_named_by_its_pocom_file_and_line(
    fresh_registry: Registry, pocom: Path
) -> None:
    path = pocom / "people" / "t" / "three-tom.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("<surname>", "<surname>" + "x" * 400, 1), encoding="utf-8")
    assert refused(fresh_registry, "pocom", str(pocom)) == (
        "people/t/three-tom.xml:2: persName: is 409 characters long; at most 300 are allowed\n"
        "registry: 1 error(s); nothing was written\n"
    )


def test_a_pocom_person_given_twice_is_refused_naming_both_pocom_lines(
    fresh_registry: Registry, pocom: Path
) -> None:
    path = pocom / "people" / "e" / "envoy-ann.xml"
    person = path.read_text(encoding="utf-8").splitlines()[1]
    other = person.replace("<forename>Ann<", "<forename>Anne<")
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<people>\n{person}\n{other}\n</people>\n',
        encoding="utf-8",
    )
    assert refused(fresh_registry, "pocom", str(pocom)) == (
        "people/e/envoy-ann.xml:4: persName: contradicts people/e/envoy-ann.xml:3, the same "
        "person (key 'envoy-ann'): name 'Ann Envoy' there, 'Anne Envoy' here\n"
        "registry: 1 error(s); nothing was written\n"
    )


def test_a_pocom_mission_note_with_a_day_that_does_not_exist_is_reported(
    fresh_registry: Registry, pocom: Path
) -> None:
    path = pocom / "missions-countries" / "afghanistan.xml"
    text = path.read_text(encoding="utf-8").replace("June 6, 1942", "February 30, 1942")
    path.write_text(text, encoding="utf-8")
    code, out, err = fresh_registry("import", "pocom", str(pocom))
    assert code == 0, err
    assert (
        "1 × mission-note: no such day: February 30, 1942 (the note not imported)  "
        "(e.g. missions-countries/afghanistan.xml:49)" in out
    )


# --- 5. the Wikidata extract ------------------------------------------------------------------


def test_a_comma_separated_extract_is_refused(fresh_registry: Registry, extract: Path) -> None:
    extract.write_text(EXTRACT.read_text(encoding="utf-8").replace(";", ","), encoding="utf-8")
    assert refused(fresh_registry, "wikidata-embassies", str(extract)) == (
        f"registry: {extract.name}:1: columns separated by commas: the extract's are "
        "separated by semicolons (;); nothing was written\n"
    )


def test_an_extract_with_a_byte_order_mark_imports(fresh_registry: Registry, extract: Path) -> None:
    extract.write_bytes(b"\xef\xbb\xbf" + EXTRACT.read_bytes())
    code, out, err = fresh_registry("import", "wikidata-embassies", str(extract))
    assert code == 0, err
    assert "unknown party 'Atlantis'" in out


def test_an_extract_missing_a_column_is_refused(fresh_registry: Registry, extract: Path) -> None:
    extract.write_text(
        EXTRACT.read_text(encoding="utf-8").replace(";creation;", ";created;", 1), "utf-8"
    )
    assert refused(fresh_registry, "wikidata-embassies", str(extract)) == (
        f"registry: {extract.name}:1: no column 'creation' (a database-of-embassies extract has "
        "operator;operatorQID;jurisdictions;jurisdictionQIDs;country;countryQID;city;cityQID;"
        "type;creation;QID, ...); nothing was written\n"
    )


def test_a_binary_file_as_the_extract_is_refused(fresh_registry: Registry, extract: Path) -> None:
    extract.write_bytes(b"operator;\n\x89PNG\r\n\x1a\n")
    assert refused(fresh_registry, "wikidata-embassies", str(extract)) == (
        f"registry: {extract.name}:2: not UTF-8 (byte 0x89 at byte 1 of the line): save the "
        "file as UTF-8; nothing was written\n"
    )


def test_an_empty_extract_has_nothing_to_import(fresh_registry: Registry, extract: Path) -> None:
    extract.write_bytes(b"")
    assert refused(fresh_registry, "wikidata-embassies", str(extract)) == (
        f"registry: {extract.name}: an empty file: nothing to import; nothing was written\n"
    )
    extract.write_text(EXTRACT.read_text(encoding="utf-8").splitlines()[0] + "\n", "utf-8")
    assert refused(fresh_registry, "wikidata-embassies", str(extract)) == (
        f"registry: {extract.name}: only a header, no rows: nothing to import; "
        "nothing was written\n"
    )


def test_an_extract_with_a_column_given_twice_is_refused(
    fresh_registry: Registry, extract: Path
) -> None:
    text = EXTRACT.read_text(encoding="utf-8")
    extract.write_text(text.replace(";address;", ";city;", 1), "utf-8")
    assert refused(fresh_registry, "wikidata-embassies", str(extract)) == (
        f"registry: {extract.name}:1: column 'city' given twice; nothing was written\n"
    )


def test_a_bad_creation_date_is_reported_at_the_extracts_line_and_column(
    fresh_registry: Registry, extract: Path
) -> None:
    text = EXTRACT.read_text(encoding="utf-8")
    extract.write_text(text.replace("2002-05-14T00:00:00Z", "2002-13-45T00:00:00Z"), "utf-8")
    code, out, err = fresh_registry("import", "wikidata-embassies", str(extract))
    assert code == 0, err
    assert (
        "1 × creation: '2002-13-45T00:00:00Z' is not a date (YYYY-MM-DDThh:mm:ssZ): opening "
        f"not imported  (e.g. {extract.name}:3)" in out
    )
    code, _, err = fresh_registry("import", "wikidata-embassies", str(extract), "--strict")
    assert code == 2
    assert f"{extract.name}:3: creation: '2002-13-45T00:00:00Z' is not a date" in err


def test_a_city_name_too_long_is_named_by_the_extracts_line_and_column(
    fresh_registry: Registry, extract: Path
) -> None:
    text = EXTRACT.read_text(encoding="utf-8")
    extract.write_text(text.replace(";Oslo Municipality;", f";Oslo{'x' * 400};"), "utf-8")
    assert refused(fresh_registry, "wikidata-embassies", str(extract)) == (
        f"{extract.name}:3: city: is 404 characters long; at most 300 are allowed\n"
        f"{extract.name}:3: type, operator, city: is 430 characters long; at most 300 are "
        "allowed\nregistry: 2 error(s); nothing was written\n"
    )


def test_extract_rows_with_too_few_fields_or_a_bad_qid_are_reported(
    fresh_registry: Registry, extract: Path
) -> None:
    lines = EXTRACT.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("http://www.wikidata.org/entity/Q90000002", "not-a-qid")
    lines.append("Norway;;Sweden;;Sweden;;Stockholm")
    extract.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = fresh_registry("import", "wikidata-embassies", str(extract))
    assert code == 0, err
    assert f"1 × QID: not a Wikidata QID: 'not-a-qid'  (e.g. {extract.name}:3)" in out
    assert f"1 × : 7 fields, the header has 25: row not imported  (e.g. {extract.name}:9)" in out


# --- 6-8. the server, the login, another import ----------------------------------------


def dsn(url: URL, user: str | None = None, password: str | None = None) -> str:
    url = url.set(drivername="postgresql")
    if user is not None:
        url = url.set(username=user)
    if password is not None:
        url = url.set(password=password)
    return url.render_as_string(hide_password=False)


def start_import(url: str, *args: str) -> subprocess.Popen[str]:
    """`registry import ...` as its own process, as a second user would run it."""
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from registry.cli import app; app()",
            "import",
            *args,
            "--database-url",
            url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )


def waiting(conn: psycopg.Connection[object], database: str, count: int = 1) -> list[int]:
    """The backends of ``database`` blocked on a lock, once there are ``count``
    (``conn`` in autocommit: a transaction would see one snapshot of the activity)."""
    for _ in range(600):
        pids = [
            pid
            for (pid,) in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'"
                " AND pid <> pg_backend_pid()",
                (database,),
            )
        ]
        if len(pids) >= count:
            return pids
        time.sleep(0.05)
    raise AssertionError("the import never waited on the lock")


def test_the_server_going_away_mid_import_is_one_line_and_writes_nothing(
    seeded_db: URL, fresh_registry: Registry
) -> None:
    before = fresh_registry.sql(COUNT_FACTS)
    secret = dsn(seeded_db, password="hunter2")
    with (
        psycopg.connect(dsn(seeded_db)) as holder,
        psycopg.connect(dsn(seeded_db), autocommit=True) as admin,
    ):
        # The import waits for this lock once it has written sources, people, missions.
        holder.execute("LOCK TABLE tenure IN ACCESS EXCLUSIVE MODE")
        run = start_import(secret, "bundle", str(BUNDLE))
        (pid,) = waiting(admin, str(seeded_db.database))
        assert admin.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE l.pid = %s AND c.relname = 'person' AND l.mode = 'RowExclusiveLock'",
            (pid,),
        ).fetchone() == (1,)
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        holder.rollback()
    out, err = run.communicate(timeout=60)
    where = mask_text(secret)
    assert (run.returncode, out) == (2, "")
    assert err == (
        f"registry: lost the connection to {where} during the import (terminating connection "
        "due to administrator command); nothing was written\n"
    )
    assert "hunter2" not in err
    assert fresh_registry.sql(COUNT_FACTS) == before


@pytest.fixture
def analyst(seeded_db: URL) -> Iterator[str]:
    """A login in registry_analyst, made as docs/analysts.md says."""
    name = f"registry_test_ana_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn(seeded_db), autocommit=True) as conn:
        for statement in docs.GRANT_LOGIN_SQL.format(name=name, password="NULL").split(";\n"):
            conn.execute(statement.rstrip(";"))  # type: ignore[arg-type]
    try:
        yield name
    finally:
        with psycopg.connect(dsn(seeded_db), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@pytest.mark.parametrize(
    "args",
    [("bundle", str(BUNDLE)), ("pocom", str(POCOM)), ("wikidata-embassies", str(EXTRACT))],
    ids=["bundle", "pocom", "wikidata-embassies"],
)
def test_an_analyst_login_cannot_import(
    seeded_db: URL, analyst: str, args: tuple[str, str]
) -> None:
    reg = Registry(seeded_db.set(username=analyst, password=None))
    code, out, err = reg("import", *args)
    assert (code, out) == (2, "")
    assert err == (
        f"registry: this login ({analyst}) cannot write to the registry: connect as a member "
        "of registry_writer (docs/operations.md)\n"
    )


def test_load_bundle_itself_asks_whether_the_login_may_write(seeded_db: URL, analyst: str) -> None:
    with psycopg.connect(dsn(seeded_db, user=analyst)) as conn, pytest.raises(CannotWrite):
        load_bundle(conn, BUNDLE)


def test_two_imports_at_once_take_turns(seeded_db: URL, fresh_registry: Registry) -> None:
    url = dsn(seeded_db)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", (LOAD_LOCK_ID,))
        runs = [start_import(url, "pocom", str(POCOM)) for _ in range(2)]
        waiting(admin, str(seeded_db.database), count=2)
        admin.execute("SELECT pg_advisory_unlock(%s)", (LOAD_LOCK_ID,))
        results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    summaries = sorted(
        said
        for out, _ in results
        for line in out.splitlines()
        for said in ("imported into", "nothing changed")
        if line.startswith(said)
    )
    assert summaries == ["imported into", "nothing changed"], results
    # The second saw what the first wrote: one copy of each fact.
    assert fresh_registry.sql("SELECT count(*) FROM person WHERE key = 'envoy-ann'") == [(1,)]
    again = fresh_registry("import", "pocom", str(POCOM))
    assert again[0] == 0 and again[1].startswith("nothing changed")


# --- found by the hostile review after the merge ---------------------------------------


def test_a_bundle_file_linked_to_a_password_file_never_shows_its_first_line(
    fresh_registry: Registry, bundle: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "pgpass"
    secret.write_text("127.0.0.1:5432:*:postgres:S3cretPw\n", encoding="utf-8")
    (bundle / "people.csv").unlink()
    os.symlink(secret, bundle / "people.csv")
    err = refused(fresh_registry, "bundle", str(bundle))
    assert "S3cretPw" not in err
    assert "people.csv:1: header: the first line does not name columns: key, name" in err


def test_a_fifo_in_a_bundle_is_refused_instead_of_waited_for(
    fresh_registry: Registry, bundle: Path
) -> None:
    (bundle / "people.csv").unlink()
    os.mkfifo(bundle / "people.csv")
    err = refused(fresh_registry, "bundle", str(bundle))
    assert "people.csv: not a regular file: a bundle holds files" in err


def test_an_import_that_waited_its_turn_records_after_what_came_meanwhile(
    seeded_db: URL, fresh_registry: Registry, tmp_path: Path
) -> None:
    """Its recorded time is its transaction's start: a transaction begun before the wait
    would record Iran's corrected tenure from before the retraction committed meanwhile,
    and the exclusion constraint would refuse the whole import."""
    pocom = Path(shutil.copytree(POCOM, tmp_path / "pocom"))
    assert fresh_registry("import", "pocom", str(pocom))[0] == 0
    iran = pocom / "missions-countries" / "iran.xml"
    iran.write_text(iran.read_text(encoding="utf-8").replace("1936-03-16", "1936-04-30"))
    url = dsn(seeded_db)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", (LOAD_LOCK_ID,))
        late = start_import(url, "pocom", str(pocom))
        waiting(admin, str(seeded_db.database))
        # Meanwhile someone retracts that tenure (recorded until now).
        admin.execute(
            "UPDATE tenure SET recorded = tstzrange(lower(recorded), now())"
            " WHERE upper_inf(recorded) AND upper(valid) BETWEEN '1936-03-16' AND '1936-03-17'"
        )
        admin.execute("SELECT pg_advisory_unlock(%s)", (LOAD_LOCK_ID,))
        out, err = late.communicate(timeout=120)
    assert late.returncode == 0, err
    assert "  tenure: 1 inserted" in out, out


def test_a_seed_load_that_waited_its_turn_records_after_what_came_meanwhile(
    seeded_db: URL, fresh_registry: Registry
) -> None:
    """As an import: `registry load` waits for the lock before its transaction, and
    records the seeded tenure retracted meanwhile again, after the retraction."""
    url = dsn(seeded_db)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_advisory_lock(%s)", (LOAD_LOCK_ID,))
        late = subprocess.Popen(
            [sys.executable, "-c", "from registry.cli import app; app()", "load",
             "--database-url", url],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        waiting(admin, str(seeded_db.database))
        admin.execute(
            "UPDATE tenure SET recorded = tstzrange(lower(recorded), now())"
            " WHERE id = (SELECT min(id) FROM tenure WHERE upper_inf(recorded))"
        )
        admin.execute("SELECT pg_advisory_unlock(%s)", (LOAD_LOCK_ID,))
        out, err = late.communicate(timeout=120)
    assert late.returncode == 0, err
    assert "  tenure: 1 inserted, 0 updated\n" in out, out


def test_a_password_in_a_value_a_bundle_error_quotes_back_is_masked(
    fresh_registry: Registry, bundle: Path
) -> None:
    """A URL pasted into the wrong column is said as the value it is, its password not."""
    missions = bundle / "missions.csv"
    missions.write_text(
        missions.read_text(encoding="utf-8").replace(
            "us-kabul,US,", "us-kabul,postgresql://ops:s3cret@db/registry,", 1
        ),
        encoding="utf-8",
    )
    tenures = bundle / "tenures.csv"
    tenures.write_text(
        tenures.read_text(encoding="utf-8").replace(
            ",envoy-e-mp,1935-05,", ",host=db password=hunter2,1935-05,", 1
        ),
        encoding="utf-8",
    )
    err = refused(fresh_registry, "bundle", str(bundle))
    assert "s3cret" not in err and "hunter2" not in err
    assert "sending_code: unknown party 'postgresql://ops:***@db/registry'" in err
    assert "rank_code: unknown rank 'host=db password=***'" in err


def test_a_password_in_what_a_producer_could_not_map_is_masked(
    fresh_registry: Registry, bundle: Path, tmp_path: Path
) -> None:
    (bundle / "unmapped.csv").write_text(
        "file,line,field,value,message,severity\n"
        "x.xml,3,link,postgresql://ops:s3cret@db/r,cannot place postgresql://ops:s3cret@db/r,"
        "unmapped\n",
        encoding="utf-8",
    )
    report = tmp_path / "unmapped-report.csv"
    code, out, err = fresh_registry(
        "import", "bundle", str(bundle), "--unmapped-report", str(report)
    )
    assert code == 0, err
    assert "cannot place postgresql://ops:***@db/r" in out
    assert "s3cret" not in out + err + report.read_text(encoding="utf-8")


def test_a_header_of_a_hundred_thousand_columns_is_refused_as_no_header_of_the_file(
    fresh_registry: Registry, bundle: Path
) -> None:
    """Each unknown column checked against the others took minutes, the loads' lock held."""
    columns = ",".join(f"c{i}" for i in range(100_000))
    (bundle / "people.csv").write_text(f"key,name,description,{columns}\n", encoding="utf-8")
    err = refused(fresh_registry, "bundle", str(bundle))
    assert f"{bundle / 'people.csv'}:1: header: the first line names 100,003 columns: " in err
    assert "people.csv has at most 5\n" in err


def test_a_quote_left_open_at_the_end_of_a_file_is_refused_at_its_line(
    fresh_registry: Registry, bundle: Path
) -> None:
    """A truncated file: the open quote would otherwise take the rest of it as one value."""
    (bundle / "people.csv").write_text(
        'key,name,description\ntest-envoy,Test Envoy,"A description cut sho', encoding="utf-8"
    )
    err = refused(fresh_registry, "bundle", str(bundle))
    assert err.splitlines()[0] == (
        f"{bundle / 'people.csv'}:2: not readable as CSV (unexpected end of data)"
    )
