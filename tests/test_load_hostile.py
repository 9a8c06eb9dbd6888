"""`registry load` against hostile seed files and servers (issue 15).

Each bad file gets one line naming file, line and field, exit 2, and the database
exactly as it was; nothing the files do not mention is touched; the server's
refusals are one line, never a traceback or a password.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import URL

from registry import docs, schema
from registry.access import LOAD_LOCK_ID
from registry.seedfile import MAX_BYTES, MAX_NODES
from tests.conftest import Registry, write

# Every table a load can write, each row as text: "exactly as it was" means these.
TABLES = (
    "source",
    "party",
    "party_alias",
    "authority",
    "city",
    "city_alias",
    "person",
    "person_alias",
    "mission",
    "mission_source",
    "accreditation",
    "tenure",
    "status_change",
)


def snapshot(reg: Registry, table: str) -> list[tuple[object, ...]]:
    return reg.sql(f"SELECT t::text FROM {table} t ORDER BY t::text")


def everything(reg: Registry) -> dict[str, list[tuple[object, ...]]]:
    return {table: snapshot(reg, table) for table in TABLES}


def rejected(reg: Registry, *args: str) -> list[str]:
    """Load, expect a refusal; return the error lines (the summary line checked)."""
    before = everything(reg)
    code, out, err = reg("load", *args)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[-1] == f"registry: {len(lines) - 1} error(s); nothing was written", err
    assert everything(reg) == before
    return lines[:-1]


def one_error(reg: Registry, seed: Path | str) -> str:
    lines = rejected(reg, str(seed))
    assert len(lines) == 1, lines
    return lines[0]


# --- 1. a load touches only what its files mention -------------------------------------


def test_loading_a_file_that_adds_one_person_touches_nothing_else(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "one.yaml",
        "source: kabul-2024-09\npeople:\n  - key: a-n-other\n    name: A. N. Other\n",
    )
    parties = snapshot(fresh_registry, "party"), snapshot(fresh_registry, "party_alias")
    kabul = fresh_registry("who-heads", "kabul", "--format", "csv")[1]
    code, out, err = fresh_registry("load", str(seed))
    assert code == 0, err
    changed, summary = out.splitlines()
    assert changed == "  person: 1 inserted, 0 updated"
    assert summary.startswith("loaded into ")
    assert summary.endswith(": 1 inserted, 0 updated, 0 unchanged")
    assert (snapshot(fresh_registry, "party"), snapshot(fresh_registry, "party_alias")) == parties
    assert fresh_registry("who-heads", "kabul", "--format", "csv")[1] == kabul
    assert "Russia," in kabul and "Russian Federation" not in kabul


def test_the_bundled_seeds_then_one_file_then_the_seeds_again_change_nothing(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(tmp_path, "one.yaml", "source: kabul-2024-09\npeople:\n  - {key: x, name: X}\n")
    assert fresh_registry("load", str(seed))[0] == 0
    code, out, _ = fresh_registry("load")
    assert code == 0
    assert out.startswith("nothing changed"), out


def test_iso_states_need_the_iso_source_in_an_empty_registry(empty_db: URL, tmp_path: Path) -> None:
    schema.upgrade(empty_db)
    reg = Registry(empty_db)
    seed = write(
        tmp_path,
        "org.yaml",
        """sources:
  - {key: s, title: T, publisher: P, published: 2024}
missions:
  - {sending: KZ, kind: embassy, country: KZ, source: s}
""",
    )
    hint = "(ISO 3166 states need the source 'iso-3166': load the bundled seeds first, "
    assert rejected(reg, str(seed)) == [
        f"{seed}:4: missions[0].sending: unknown party 'KZ' {hint}`registry load`)",
        f"{seed}:4: missions[0].country: unknown party 'KZ' {hint}`registry load`)",
    ]


# --- 2. nothing silently dropped: duplicates -------------------------------------------


def test_a_key_given_twice_in_a_mapping_names_both_lines(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "dup.yaml",
        "source: kabul-2024-09\npeople:\n  - key: x\n    name: First\n    name: Second\n",
    )
    assert one_error(fresh_registry, seed) == (
        f"{seed}:5: people[0].name: duplicate key 'name' (first at line 4)"
    )


def test_a_top_level_list_given_twice_names_both_lines(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "dup.yaml",
        "source: kabul-2024-09\npeople:\n  - {key: x, name: X}\npeople:\n  - {key: y, name: Y}\n",
    )
    assert one_error(fresh_registry, seed) == (
        f"{seed}:4: people: duplicate key 'people' (first at line 2)"
    )


MISSION = """  - sending: KZ
    kind: embassy
    city: Oslo
    heads:
      - {rank: ambassador-e-p, from: 2020-01-01, note: NOTE}
"""


def test_the_same_mission_twice_in_one_file_is_refused(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "dup.yaml",
        "source: kabul-2024-09\nmissions:\n"
        + MISSION.replace("NOTE", "first")
        + MISSION.replace("NOTE", "second").replace("Oslo", "oslo"),
    )
    assert one_error(fresh_registry, seed) == (
        f"{seed}:8: missions[1]: the same mission as missions[0] at line 3"
    )


def test_the_same_mission_in_two_files_is_refused(fresh_registry: Registry, tmp_path: Path) -> None:
    first = write(tmp_path, "a.yaml", "source: kabul-2024-09\nmissions:\n" + MISSION)
    second = write(
        tmp_path,
        "b.yaml",
        "source: kabul-2024-09\nmissions:\n"
        + MISSION.replace("city: Oslo", 'city: Oslo\n    country: "NO"'),
    )
    lines = rejected(fresh_registry, str(tmp_path))
    assert lines == [f"{second}:3: missions[0]: the same mission as missions[0] at {first}:3"]


def test_facts_defined_twice_in_one_load_are_refused(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """The siblings: sources, parties, cities, authorities and people by key; aliases,
    accreditations and status changes within their fact."""
    write(
        tmp_path,
        "a.yaml",
        """sources:
  - {key: s1, title: T, publisher: P, published: 2024}
parties:
  - {code: an-org, name: An Organisation, source: s1, aliases: [AO, AO]}
people:
  - {key: p1, name: P One, source: s1}
""",
    )
    write(
        tmp_path,
        "b.yaml",
        """source: s1
sources:
  - {key: s1, title: Another title, publisher: P, published: 2024}
parties:
  - {code: an-org, name: Another Organisation}
cities:
  - {name: Oslo, country: "NO", aliases: [{name: Christiania, until: 1925}, Christiania]}
  - {name: OSLO, country: "NO"}
authorities:
  - {key: a1, party: "NO", name: Government, from: 1905}
  - {key: a1, party: "NO", name: Government, from: 1945}
people:
  - {key: p1, name: P Two, aliases: [P2, P2]}
missions:
  - sending: KZ
    kind: embassy
    city: Oslo
    accredited_to: ["NO", {party: "NO", resident: false}]
    status:
      - {change: opened, date: 2024-09}
      - {change: opened, date: 2024-09-01, note: "the same day, by its first day"}
""",
    )
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert rejected(fresh_registry, str(tmp_path)) == [
        f"{a}:4: parties[0].aliases[1]: the same alias 'AO' as parties[0].aliases[0] at line 4",
        f"{b}:3: sources[0]: the same source 's1' as sources[0] at {a}:2",
        f"{b}:5: parties[0]: the same party 'an-org' as parties[0] at {a}:4",
        f"{b}:7: cities[0].aliases[1]: the same alias 'Christiania' as "
        "cities[0].aliases[0] at line 7",
        f"{b}:8: cities[1]: the same city 'OSLO' (NO) as cities[0] at line 7",
        f"{b}:11: authorities[1]: the same authority 'a1' as authorities[0] at line 10",
        f"{b}:13: people[0]: the same person 'p1' as people[0] at {a}:6",
        f"{b}:13: people[0].aliases[1]: the same alias 'P2' as people[0].aliases[0] at line 13",
        f"{b}:18: missions[0].accredited_to[1]: the same accreditation to 'NO' as "
        "missions[0].accredited_to[0] at line 18",
        f"{b}:21: missions[0].status[1]: the same change ('opened' on 2024-09-01) as "
        "missions[0].status[0] at line 20",
    ]


def test_the_same_file_given_twice_is_read_once(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = write(tmp_path, "one.yaml", "source: kabul-2024-09\npeople:\n  - {key: x, name: X}\n")
    code, out, err = fresh_registry("load", str(tmp_path), str(seed))
    assert code == 0, err
    assert "person: 1 inserted" in out


# --- 3. dates that are not dates -------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-13-45", "'2024-13-45' is not a date: month must be in 1..12"),
        ("2023-02-30", "'2023-02-30' is not a date: day is out of range for month"),
        ("0000-01-01", "'0000-01-01' is not a date: year 0 is out of range"),
        (
            "2024-01-01 25:00:00",
            "'2024-01-01 25:00:00' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        (
            "2024-01-01T10:00:00",
            "'2024-01-01T10:00:00' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        (
            "2024-09-09 12:00:00+02:00",
            "'2024-09-09 12:00:00+02:00' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY",
        ),
        ("'٢٠٢٤'", "'٢٠٢٤' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY"),
    ],
)
def test_a_date_that_is_not_a_date_names_file_line_and_field(
    fresh_registry: Registry, tmp_path: Path, value: str, message: str
) -> None:
    seed = write(
        tmp_path,
        "dates.yaml",
        f"source: kabul-2024-09\nmissions:\n  - sending: KZ\n    kind: embassy\n    city: Oslo\n"
        f"    status:\n      - change: opened\n        date: {value}\n",
    )
    assert one_error(fresh_registry, seed) == f"{seed}:8: missions[0].status[0].date: {message}"


def test_a_timestamp_tag_is_refused_with_its_line(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = write(
        tmp_path,
        "dates.yaml",
        "sources:\n  - key: s\n    title: T\n    publisher: P\n"
        "    published: !!timestamp 2024-13-45\n",
    )
    assert one_error(fresh_registry, seed) == (
        f"{seed}:5: a tag (!!timestamp): seed files hold plain values only"
    )


# --- 4. what is not a seed file --------------------------------------------------------


def test_a_symlink_loop_and_a_link_out_of_the_directory_are_named(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seeds, outside = tmp_path / "seeds", tmp_path / "outside"
    (seeds / "sub").mkdir(parents=True)
    outside.mkdir()
    write(outside, "other.yaml", "source: kabul-2024-09\npeople:\n  - {key: o, name: O}\n")
    write(seeds, "one.yaml", "source: kabul-2024-09\npeople:\n  - {key: x, name: X}\n")
    os.symlink("..", seeds / "sub" / "loop")
    os.symlink(outside, seeds / "out")
    assert rejected(fresh_registry, str(seeds)) == [
        f"{seeds}/out: a link to the directory {str(outside)!r}: not followed "
        "(give that directory itself to load it)",
        f"{seeds}/sub/loop: a link to the directory '..': not followed "
        "(give that directory itself to load it)",
    ]


def test_a_file_that_is_not_utf8_names_its_line(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = tmp_path / "latin1.yaml"
    seed.write_bytes(b"source: kabul-2024-09\npeople:\n  - key: x\n    name: Caf\xe9\n")
    assert one_error(fresh_registry, seed) == f"{seed}:4: not UTF-8 text: byte 0xE9 at column 14"


def test_a_binary_file_is_refused(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = tmp_path / "image.yaml"
    seed.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert one_error(fresh_registry, seed) == (
        f"{seed}:1: not UTF-8 text: byte 0x89 at column 1 (is this a binary file?)"
    )
    seed.write_bytes(b"source: x\x00\x00\x00\n")
    assert one_error(fresh_registry, seed) == (
        f"{seed}:1: a NUL character at column 10: not allowed in a seed file "
        "(is this a binary file?)"
    )


def test_a_directory_with_no_seed_files_is_an_error(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    write(tmp_path, "notes.txt", "not a seed file")
    assert one_error(fresh_registry, tmp_path) == (f"no seed files in {tmp_path} (*.yaml or *.yml)")


@pytest.mark.parametrize("text", ["", "# only a comment\n", "{}\n", "source: kabul-2024-09\n"])
def test_a_file_with_nothing_to_load_is_an_error(
    fresh_registry: Registry, tmp_path: Path, text: str
) -> None:
    seed = write(tmp_path, "empty.yaml", text)
    error = one_error(fresh_registry, seed)
    assert error.startswith(f"{seed}")
    assert error.endswith(
        "no facts to load (a seed file holds one or more of: "
        "sources, parties, cities, authorities, people, missions, complete_lists)"
    )


def test_what_is_not_a_regular_file_is_refused(fresh_registry: Registry, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert one_error(fresh_registry, fifo) == f"{fifo}: not a regular file"
    missing = tmp_path / "missing.yaml"
    assert (
        one_error(fresh_registry, missing) == f"{missing}: cannot read: No such file or directory"
    )


# --- 5. files that would grow without bound --------------------------------------------


def test_a_yaml_alias_bomb_is_refused_at_its_first_anchor(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    seed = write(tmp_path, "lol.yaml", "\n".join(lines) + "\n")
    assert one_error(fresh_registry, seed) == (
        f"{seed}:1: an anchor (&a): seed files use no anchors or aliases: write each value out"
    )
    seed = write(tmp_path, "lol.yaml", "people:\n  - *x\n")
    assert one_error(fresh_registry, seed) == (
        f"{seed}:2: an alias (*x): seed files use no anchors or aliases: write each value out"
    )


def test_a_file_over_50_mb_is_refused_with_its_size(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = tmp_path / "huge.yaml"
    with seed.open("wb") as handle:  # sparse: no 50 MB written
        handle.truncate(MAX_BYTES + 3 * 2**20)
    assert one_error(fresh_registry, seed) == (
        f"{seed}: is 53.0 MB; a seed file may be at most 50 MB"
    )


def test_a_file_of_too_many_values_is_refused(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = write(tmp_path, "many.yaml", "people:\n" + "  - x\n" * (MAX_NODES + 10))
    assert one_error(fresh_registry, seed) == (
        f"{seed}:{MAX_NODES - 1}: more than {MAX_NODES:,} values: too large for a seed file "
        "(bulk data goes through `registry import bundle`)"
    )


def test_deep_nesting_is_refused(fresh_registry: Registry, tmp_path: Path) -> None:
    for depth in (100, 5000):  # 5,000: beyond libyaml's own limit
        seed = write(tmp_path, "deep.yaml", "people: " + "[" * depth + "]" * depth + "\n")
        assert one_error(fresh_registry, seed) == f"{seed}:1: nested more than 32 levels deep"
    seed = write(tmp_path, "two.yaml", "people: []\n---\npeople: []\n")
    assert one_error(fresh_registry, seed) == (
        f"{seed}:2: invalid YAML: a second document (---): a seed file is one mapping"
    )


# --- 6. characters and lengths ---------------------------------------------------------


def test_a_raw_control_character_names_its_line(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = write(
        tmp_path, "ctrl.yaml", "source: kabul-2024-09\npeople:\n  - key: x\n    name: A\x07B\n"
    )
    assert one_error(fresh_registry, seed) == (
        f"{seed}:4: the control character U+0007 at column 12: not allowed in a seed file"
    )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", '"A\\0B"', "contains a NUL character"),
        ("name", '"A\\x1bB"', "contains the control character U+001B at position 2"),
        ("name", '"A\\nB"', "contains the control character U+000A at position 2"),
        ("name", "N" * 301, "is 301 characters long; at most 300 are allowed"),
        ("name", '""', "is empty"),
        ("description", "D" * 4001, "is 4,001 characters long; at most 4,000 are allowed"),
        ("description", '"D\\x00"', "contains a NUL character"),
        ("aliases", '["A\\u0085B"]', "contains the control character U+0085 at position 2"),
    ],
)
def test_a_person_text_that_cannot_be_stored_names_file_line_and_field(
    fresh_registry: Registry, tmp_path: Path, field: str, value: str, message: str
) -> None:
    seed = write(
        tmp_path,
        "people.yaml",
        "source: kabul-2024-09\npeople:\n  - key: x\n    name: X\n".replace(
            "    name: X\n", "    name: X\n" if field != "name" else ""
        )
        + f"    {field}: {value}\n",
    )
    where = f"people[0].{field}" + ("[0]" if field == "aliases" else "")
    line = 5 if field != "name" else 4
    assert one_error(fresh_registry, seed) == f"{seed}:{line}: {where}: {message}"


def test_every_text_field_of_the_seed_format_is_checked(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """One bad value in each text field the format has, every one reported."""
    bad = '"x\\0"'
    seed = write(
        tmp_path,
        "all.yaml",
        f"""source: {bad}
sources:
  - {{key: {bad}, title: {bad}, publisher: {bad}, url: {bad}, published: 2024, note: {bad}}}
parties:
  - {{code: {bad}, name: {bad}, kind: {bad}, aliases: [{bad}], source: {bad}}}
cities:
  - {{name: {bad}, country: {bad}, aliases: [{bad}, {{name: {bad}}}], source: {bad}}}
authorities:
  - {{key: {bad}, party: {bad}, name: {bad}, from: 2020, source: {bad}}}
people:
  - {{key: {bad}, name: {bad}, description: {bad}, aliases: [{bad}], source: {bad}}}
missions:
  - sending: {bad}
    kind: {bad}
    city: {bad}
    country: {bad}
    source: {bad}
    accredited_to: [{bad}, {{party: {bad}}}]
    status:
      - {{change: {bad}, date: 2024, actor: {bad}, authority: {bad}, note: {bad}, source: {bad}}}
    heads:
      - person: {bad}
        rank: {bad}
        from: 2020
        credentials: {{to: {bad}}}
        note: {bad}
        source: {bad}
""",
    )
    lines = rejected(fresh_registry, str(seed))
    fields = [line.split(": ")[1] for line in lines]
    assert all(line.endswith(": contains a NUL character") for line in lines), lines
    assert fields == [
        "source",
        "sources[0].key",
        "sources[0].title",
        "sources[0].publisher",
        "sources[0].url",
        "sources[0].note",
        "parties[0].code",
        "parties[0].name",
        "parties[0].kind",
        "parties[0].aliases[0]",
        "parties[0].source",
        "cities[0].name",
        "cities[0].country",
        "cities[0].aliases[0].name",
        "cities[0].aliases[1].name",
        "cities[0].source",
        "authorities[0].key",
        "authorities[0].party",
        "authorities[0].name",
        "authorities[0].source",
        "people[0].key",
        "people[0].name",
        "people[0].description",
        "people[0].aliases[0]",
        "people[0].source",
        "missions[0].sending",
        "missions[0].kind",
        "missions[0].city",
        "missions[0].country",
        "missions[0].accredited_to[0].party",
        "missions[0].accredited_to[1].party",
        "missions[0].status[0].change",
        "missions[0].status[0].actor",
        "missions[0].status[0].authority",
        "missions[0].status[0].note",
        "missions[0].status[0].source",
        "missions[0].heads[0].person",
        "missions[0].heads[0].rank",
        "missions[0].heads[0].credentials.to",
        "missions[0].heads[0].note",
        "missions[0].heads[0].source",
        "missions[0].source",
    ]


def test_notes_keep_their_tabs_and_new_lines(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = write(
        tmp_path,
        "note.yaml",
        'source: kabul-2024-09\npeople:\n  - {key: x, name: X, description: "one\\ttwo\\nthree"}\n',
    )
    assert fresh_registry("load", str(seed))[0] == 0
    assert fresh_registry.sql("SELECT description FROM person WHERE key = 'x'") == [
        ("one\ttwo\nthree",)
    ]


def test_no_is_norway_only_when_quoted(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = write(
        tmp_path,
        "no.yaml",
        "source: kabul-2024-09\nmissions:\n  - {sending: KZ, kind: embassy, country: NO}\n",
    )
    assert one_error(fresh_registry, seed) == (
        f"{seed}:3: missions[0].country: YAML reads this as false: quote it"
    )


# --- 7. the database's refusals, at the fact's file and line ---------------------------


def test_a_head_overlapping_one_in_the_database_names_the_file_line_and_the_head(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "bad.yaml",
        """source: kabul-2024-09
missions:
  - sending: KZ
    kind: embassy
    city: Kabul
    heads:
      - {rank: charge-d-affaires-a-i, from: 2024-01-01, until: 2024-06-01}
""",
    )
    (tenure,) = fresh_registry.sql(
        "SELECT t.id FROM tenure t JOIN person p ON p.id = t.person_id"
        " WHERE p.key = 'alimkhan-yesengeldiyev' AND upper_inf(t.recorded)"
    )[0:1]
    assert one_error(fresh_registry, seed) == (
        f"{seed}:7: missions[0].heads[0]: overlaps another head of the same mission already "
        f"in the database: tenure {tenure[0]}, Alimkhan Yesengeldiyev, ambassador-e-p, "
        "from 2018-04, until 2024-09-09"
    )


def test_a_new_version_of_a_head_in_the_database_is_no_overlap(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """The same start: the file's head supersedes the one held, as before."""
    seed = write(
        tmp_path,
        "new-version.yaml",
        """source: kabul-2024-09
missions:
  - sending: KZ
    kind: embassy
    city: Kabul
    heads:
      - {person: alimkhan-yesengeldiyev, rank: ambassador-e-p, from: 2018-04, until: 2024-09-10}
""",
    )
    code, out, err = fresh_registry("load", str(seed))
    assert code == 0, err
    assert "tenure: 0 inserted, 1 updated" in out


def test_any_other_refusal_of_the_database_names_the_fact(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    with psycopg.connect(_dsn(fresh_registry.url)) as c:
        c.execute(
            "ALTER TABLE person ADD CONSTRAINT ck_person_not_forbidden"
            " CHECK (name <> 'Forbidden Name')"
        )
    seed = write(
        tmp_path,
        "p.yaml",
        "source: kabul-2024-09\npeople:\n  - {key: ok, name: Fine}\n"
        "  - {key: banned, name: Forbidden Name}\n",
    )
    error = one_error(fresh_registry, seed)
    assert error.startswith(
        f"{seed}:4: people[1]: the database refused the facts: new row for relation "
        '"person" violates check constraint "ck_person_not_forbidden"'
    ), error


# --- 8. names in any script ------------------------------------------------------------


def test_names_in_cyrillic_and_arabic_load_and_are_found(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "names.yaml",
        """source: kabul-2024-09
people:
  - key: dauren-kairatovich
    name: Даурен Кайратович
    aliases: [داورن كايراتوفيتش]
""",
    )
    code, out, err = fresh_registry("load", str(seed))
    assert code == 0, err
    assert fresh_registry.sql(
        "SELECT p.name, a.alias FROM person p JOIN person_alias a ON a.person_id = p.id"
        " WHERE p.key = 'dauren-kairatovich'"
    ) == [("Даурен Кайратович", "داورن كايراتوفيتش")]
    for name in ("Даурен Кайратович", "داورن كايراتوفيتش"):
        code, out, err = fresh_registry("person", name, "--format", "json")
        assert "Даурен Кайратович" in out + err
        assert code in (0, 1), err  # found: posts listed, or none on record


def test_two_people_named_in_other_scripts_are_told_apart(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "names.yaml",
        """source: kabul-2024-09
people:
  - {key: dauren-kairatovich, name: Даурен Кайратович, aliases: [داورن كايراتوفيتش]}
  - {key: li-wei, name: 李伟}
""",
    )
    assert fresh_registry("load", str(seed))[0] == 0
    for name, found in [
        ("Даурен Кайратович", "Даурен Кайратович"),
        ("داورن كايراتوفيتش", "Даурен Кайратович"),
        ("李伟", "李伟"),
    ]:
        code, out, err = fresh_registry("person", name, "--format", "json")
        assert code in (0, 1), err
        assert found in out + err and "ambiguous" not in err, err


# --- 9. a login that may only read -----------------------------------------------------


def _dsn(url: URL, user: str | None = None, password: str | None = None) -> str:
    url = url.set(drivername="postgresql")
    if user is not None:
        url = url.set(username=user, password=password)
    return url.render_as_string(hide_password=False)


@pytest.fixture
def login(seeded_db: URL) -> Iterator[str]:
    """A fresh login name, dropped afterwards (roles are cluster-wide)."""
    name = f"registry_test_load_{uuid.uuid4().hex[:8]}"
    yield name
    with psycopg.connect(_dsn(seeded_db), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(name)))


def test_an_analyst_cannot_load(seeded_db: URL, login: str, tmp_path: Path) -> None:
    with psycopg.connect(_dsn(seeded_db), autocommit=True) as conn:
        for statement in docs.GRANT_LOGIN_SQL.format(name=login, password="NULL").split(";\n"):
            conn.execute(statement.rstrip(";"))  # type: ignore[arg-type]
    seed = write(tmp_path, "one.yaml", "source: kabul-2024-09\npeople:\n  - {key: x, name: X}\n")
    code, out, err = Registry(seeded_db.set(username=login))("load", str(seed))
    assert (code, out) == (2, "")
    assert err == (
        f"registry: this login ({login}) cannot write to the registry: connect as a member "
        "of registry_writer (docs/operations.md)\n"
    )


# --- 10. the server's refusals: one line, no password ----------------------------------


def test_a_server_refusal_is_one_line_without_the_password(
    seeded_db: URL, login: str, tmp_path: Path
) -> None:
    """A login that may insert into the fact tables but not read the vocabularies."""
    password = "s3cret-Pa55"
    with psycopg.connect(_dsn(seeded_db), autocommit=True) as conn:
        ident = sql.Identifier(login)
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(ident, sql.Literal(password))
        )
        conn.execute(sql.SQL("GRANT SELECT ON alembic_version TO {}").format(ident))
        conn.execute(sql.SQL("GRANT USAGE ON SCHEMA reporting TO {}").format(ident))
        conn.execute(
            sql.SQL("GRANT INSERT ON source, party, mission, tenure, status_change TO {}").format(
                ident
            )
        )
    seed = write(tmp_path, "one.yaml", "source: kabul-2024-09\npeople:\n  - {key: x, name: X}\n")
    reg = Registry(seeded_db.set(username=login, password=password))
    code, out, err = reg("load", str(seed))
    assert code == 2
    assert password not in out + err
    assert len(err.splitlines()) == 1, err
    assert err.startswith(f"registry: the database at postgresql://{login}:***@"), err
    assert err.endswith(
        "refused the load: permission denied for table rank; nothing was written\n"
    ), err
    # Not even the schema's revision: refused before the load begins, just as plainly.
    with psycopg.connect(_dsn(seeded_db), autocommit=True) as conn:
        conn.execute(
            sql.SQL("REVOKE SELECT ON alembic_version FROM {}").format(sql.Identifier(login))
        )
    code, out, err = reg("load", str(seed))
    assert code == 2
    assert password not in out + err
    assert err.endswith(
        f"this login ({login}) may not read the registry's schema revision "
        "(reporting.schema_revision): log in as a member of registry_analyst, "
        "registry_writer or registry_owner (docs/operations.md)\n"
    ), err
    assert len(err.splitlines()) == 1, err


def test_a_load_waiting_too_long_for_another_is_one_line(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(tmp_path, "one.yaml", "source: kabul-2024-09\npeople:\n  - {key: x, name: X}\n")
    impatient = Registry(fresh_registry.url.update_query_dict({"options": "-c lock_timeout=200"}))
    with psycopg.connect(_dsn(fresh_registry.url)) as other:
        other.execute("SELECT pg_advisory_xact_lock(%s)", (LOAD_LOCK_ID,))
        code, _, err = impatient("load", str(seed))
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith("registry: the database at "), err
    assert err.endswith(
        " cancelled the load (canceling statement due to lock timeout); nothing was written\n"
    ), err
    assert fresh_registry.sql("SELECT count(*) FROM person WHERE key = 'x'") == [(0,)]


def test_a_connection_lost_mid_load_is_one_line(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = write(tmp_path, "one.yaml", "source: kabul-2024-09\npeople:\n  - {key: x, name: X}\n")
    dsn = _dsn(fresh_registry.url)

    def terminate_the_waiting_load() -> None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            for _ in range(200):
                rows = conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock' AND query LIKE '%pg_advisory%lock(%'"
                ).fetchall()
                if rows:
                    conn.execute("SELECT pg_terminate_backend(%s)", (rows[0][0],))
                    return
                time.sleep(0.05)

    with psycopg.connect(dsn) as other:
        other.execute("SELECT pg_advisory_xact_lock(%s)", (LOAD_LOCK_ID,))
        killer = threading.Thread(target=terminate_the_waiting_load)
        killer.start()
        # A lock timeout only so that a killer that missed cannot hang the suite.
        patient = Registry(fresh_registry.url.update_query_dict({"options": "-c lock_timeout=30s"}))
        code, _, err = patient("load", str(seed))
        killer.join()
    assert code == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith("registry: cannot connect to "), err
    assert fresh_registry.sql("SELECT count(*) FROM person WHERE key = 'x'") == [(0,)]


def test_thousands_of_errors_show_the_first_200_and_the_count(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    people = "".join(f"  - {{key: p{i}, name: P, aliases: [A, A]}}\n" for i in range(250))
    seed = write(tmp_path, "many.yaml", "source: kabul-2024-09\npeople:\n" + people)
    code, _, err = fresh_registry("load", str(seed))
    lines = err.splitlines()
    assert code == 2
    assert len(lines) == 202
    assert (
        lines[0]
        == f"{seed}:3: people[0].aliases[1]: the same alias 'A' as people[0].aliases[0] at line 3"
    )
    assert lines[-2:] == ["... and 50 more", "registry: 250 error(s); nothing was written"]


def test_a_name_that_displays_as_another_is_refused(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """U+202E turns what follows around on screen: 'Ali\u202eveY' would show as 'AliYev'."""
    path = write(
        tmp_path,
        "people.yaml",
        'source: iso-3166\npeople:\n  - key: spoof\n    name: "Ali\\u202eveY"\n',
    )
    code, _, err = fresh_registry("load", str(path))
    assert code == 2
    assert (
        "people[0].name: contains the bidirectional control character U+202E at position 4, "
        "which would show the text in another order" in err
    )


def test_a_latin_name_with_a_cyrillic_letter_loads_with_a_warning_naming_it(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """'Yesengeldiyev' typed with a Cyrillic 'е' folds to another key: another person."""
    path = write(
        tmp_path,
        "people.yaml",
        "source: kabul-2024-09\npeople:\n  - key: odd\n    name: Alimkhan Y\u0435sengeldiyev\n",
    )
    code, _, err = fresh_registry("load", str(path))
    assert code == 0, err
    assert err.splitlines()[0] == (
        f"warning: {path}:4: people[0].name: mixes scripts: Cyrillic \u0435 (U+0435) among "
        "Latin letters"
    )


def test_a_person_or_city_citing_an_unknown_source_is_named_not_a_traceback(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "p.yaml",
        "source: kabul-2024-09\npeople:\n  - key: x\n    name: X\n    source: nope\n",
    )
    code, _, err = fresh_registry("load", str(path))
    assert code == 2
    assert err == (
        f"{path}:5: people[0].source: unknown source 'nope'\n"
        "registry: 1 error(s); nothing was written\n"
    )


@pytest.mark.parametrize("given", ["a mistyped path", "broken YAML"])
def test_a_bad_seed_file_starts_no_embedded_server(tmp_path: Path, given: str) -> None:
    """With no database configured, `registry load` reads and checks its files before
    it starts (or initialises) the embedded server: a typo costs nothing."""
    import subprocess
    import sys

    if given == "broken YAML":
        path = tmp_path / "bad.yaml"
        path.write_text("sources:\n  - key: x\n    title: [unclosed\n", encoding="utf-8")
        expected = f"{path}:4: invalid YAML: did not find expected ',' or ']'\n"
    else:
        path = tmp_path / "no-such-seeds"
        expected = f"{path}: cannot read: No such file or directory\n"
    env = {k: v for k, v in os.environ.items() if k != "REGISTRY_DATABASE_URL"}
    env["REGISTRY_DATA_DIR"] = str(tmp_path / "data")
    done = subprocess.run(
        [sys.executable, "-m", "registry.cli", "load", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == expected + "registry: 1 error(s); nothing was written\n"
    assert not (tmp_path / "data").exists()
