"""`registry export`: CSV files for research, checked against what the seeds say.

The seeds: Kazakhstan's ambassador Yesengeldiyev in Kabul from April 2018 until his
dismissal on 9 September 2024 (no successor reported); Afghanistan's chargé
d'affaires in Astana, accredited by Kazakhstan on 21 August 2024; the Kabul corps as
the article of September 2024 lists it; Kazakhstan's and the DR Congo's ambassadors
in Addis Ababa, reported in February 2026.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
import stat
from pathlib import Path

import pytest

from registry import export
from tests.conftest import Registry, write

KZ, AF, CN, IN, IT, ET = 705, 700, 710, 750, 325, 530


def rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def cow(registry: Registry, *args: str) -> tuple[dict[tuple[int, int, int], tuple[int, ...]], str]:
    """(ccode1, ccode2, year) -> (DR_at_1, DR_at_2, DE), and stderr."""
    code, out, err = registry("export", "cow", *args)
    assert code == 0, err
    table = {
        (int(r["ccode1"]), int(r["ccode2"]), int(r["year"])): (
            int(r["DR_at_1"]),
            int(r["DR_at_2"]),
            int(r["DE"]),
        )
        for r in rows(out)
    }
    return table, err


# -- COW Diplomatic Exchange --------------------------------------------------------------


def test_the_cow_file_has_the_diplomatic_exchange_header_and_both_directions(
    registry: Registry,
) -> None:
    code, out, _ = registry("export", "cow", "--from-year", "2024", "--to-year", "2024")
    assert code == 0
    assert out.splitlines()[0] == "ccode1,ccode2,year,DR_at_1,DR_at_2,DE"
    table = {(r["ccode1"], r["ccode2"]): r for r in rows(out)}
    for (a, b), row in table.items():  # directed: every pair both ways, mirrored
        mirror = table[(b, a)]
        assert (row["DR_at_1"], row["DR_at_2"]) == (mirror["DR_at_2"], mirror["DR_at_1"])
        assert row["DE"] == mirror["DE"]


def test_kazakhstans_ambassador_in_kabul_is_level_3_at_afghanistan_from_2018(
    registry: Registry,
) -> None:
    table, _ = cow(registry, "--from-year", "2017", "--to-year", "2023")
    # DR_at_1: the representative of side 2 at side 1. Kazakhstan's at Afghanistan:
    assert table[(AF, KZ, 2018)] == (3, 0, 1)
    assert table[(KZ, AF, 2018)] == (0, 3, 1)
    assert table[(AF, KZ, 2023)] == (3, 0, 1)
    # in post from April 2018: on 31 December 2017 nothing is on record
    assert table[(AF, KZ, 2017)] == (0, 0, 0)


def test_kazakhstan_and_afghanistan_exchanged_charges_in_2024(registry: Registry) -> None:
    table, _ = cow(registry, "--from-year", "2024", "--to-year", "2024")
    # Afghanistan's chargé d'affaires in Astana gives level 1 at Kazakhstan; Kazakhstan's
    # embassy in Kabul has no head on record after the ambassador's dismissal, so a
    # chargé d'affaires a.i. heads it (Vienna Convention Art. 19): level 1 too.
    assert table[(KZ, AF, 2024)] == (1, 1, 1)
    assert table[(AF, KZ, 2024)] == (1, 1, 1)


def test_levels_are_read_on_the_reference_day(registry: Registry) -> None:
    year_end, _ = cow(registry, "--from-year", "2023", "--to-year", "2024")
    new_year, _ = cow(
        registry, "--from-year", "2023", "--to-year", "2024", "--reference-day", "01-01"
    )
    # On 31 December 2024 Yesengeldiyev had been dismissed; on 1 January he was in post,
    # and Afghanistan had no chargé in Astana yet.
    assert year_end[(AF, KZ, 2024)] == (1, 1, 1)
    assert new_year[(AF, KZ, 2024)] == (3, 0, 1)
    # China's ambassador was received on 13 September 2023
    assert year_end[(AF, CN, 2023)] == (3, 0, 1)
    assert new_year[(AF, CN, 2023)] == (0, 0, 0)


def test_missions_short_of_an_embassy_are_level_9(registry: Registry) -> None:
    table, _ = cow(registry, "--from-year", "2024", "--to-year", "2024")
    assert table[(AF, IN, 2024)] == (9, 0, 1)  # India's technical team
    assert table[(AF, IT, 2024)] == (9, 0, 1)  # Italy's special-services representatives
    # Italy's embassy is only planned: it does not raise Italy's level


def test_the_default_years_run_from_the_first_record_to_the_last_year_ended(
    registry: Registry,
) -> None:
    table, _ = cow(registry)
    today = dt.date.today()
    last = today.year if (today.month, today.day) == (12, 31) else today.year - 1
    assert min(year for _, _, year in table) == 2018
    assert max(year for _, _, year in table) == last


def test_a_year_whose_reference_day_is_to_come_says_so(registry: Registry) -> None:
    next_year = str(dt.date.today().year + 1)
    table, err = cow(registry, "--from-year", next_year, "--to-year", next_year)
    assert "is after today" in err
    assert table[(ET, KZ, int(next_year))] == (3, 0, 1)  # Addis Ababa, held as continuing


def test_an_organisation_is_reported_not_dropped(registry: Registry) -> None:
    table, err = cow(registry, "--from-year", "2026", "--to-year", "2026")
    # The EU's delegation in Kabul, and Kazakhstan's embassy accredited to the AU
    assert "involving an organisation" in err
    assert "European Union (european-union, 1)" in err
    assert "African Union (african-union, 1)" in err
    # ... while the same embassy's accreditation to Ethiopia is exported
    assert table[(ET, KZ, 2026)] == (3, 0, 1)


def test_a_state_without_a_cow_code_is_reported_or_with_strict_an_error(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    seed = write(
        tmp_path,
        "palestine.yaml",
        """
source: kabul-2024-09
missions:
  - sending: PS
    kind: embassy
    country: KZ
    accredited_to: [KZ]
    status: [{change: opened, date: 2024-01}]
""",
    )
    code, _, err = fresh_registry("load", str(seed))
    assert code == 0, err
    table, err = cow(fresh_registry, "--from-year", "2024", "--to-year", "2024")
    assert "left out 1 representation involving a state with no COW code: Palestine" in err
    assert "(PS, 1)" in err
    assert table[(KZ, AF, 2024)] == (1, 1, 1)  # the rest is exported

    earlier = tmp_path / "cow.csv"
    earlier.write_text("an earlier export\n", encoding="utf-8")
    code, out, err = fresh_registry(
        "export", "cow", "--from-year", "2024", "--to-year", "2024", "--strict", "-o", str(earlier)
    )
    assert code == 2
    assert out == ""
    assert err.startswith("registry: 1 representation involves a state with no COW code")
    assert "--strict" in err and len(err.strip().splitlines()) == 1
    assert earlier.read_text(encoding="utf-8") == "an earlier export\n"  # left in place


def test_strict_passes_when_every_state_has_a_code(registry: Registry) -> None:
    code, _, err = registry("export", "cow", "--to-year", "2025", "--strict")
    assert code == 0, err
    assert "European Union" in err  # organisations are never COW states: still reported


def test_the_export_goes_to_a_file_with_output(registry: Registry, tmp_path: Path) -> None:
    target = tmp_path / "cow.csv"
    code, out, _ = registry("export", "cow", "--to-year", "2024", "--output", str(target))
    assert code == 0
    assert out == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "ccode1,ccode2,year,DR_at_1,DR_at_2,DE"
    assert "700,705,2024,1,1,1" in lines
    assert [p.name for p in tmp_path.iterdir()] == ["cow.csv"]  # no temporary file left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--reference-day", "02-29"), "--reference-day: '02-29' is not a day of every year"),
        (("--reference-day", "31-12"), "--reference-day"),
        (("--from-year", "2025", "--to-year", "2024"), "--from-year 2025 is after --to-year"),
        (("--from-year", "1700"), "starts in 1816"),
        (("--to-year", "0"), "--to-year: the COW state system starts in 1816"),
        (("--from-year", "9" * 30), f"--from-year: {'9' * 30} is not a year"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    registry: Registry, args: tuple[str, ...], message: str
) -> None:
    code, _, err = registry("export", "cow", *args)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_an_unwritable_output_exits_2(registry: Registry, tmp_path: Path) -> None:
    code, _, err = registry("export", "cow", "-o", str(tmp_path / "missing" / "cow.csv"))
    assert code == 2
    assert "--output: cannot write" in err


# -- The COW code table -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "year", "ccode", "abbreviation"),
    [
        ("US", 2000, 2, "USA"),
        ("CA", 2000, 20, "CAN"),
        ("GB", 2000, 200, "UKG"),
        ("NO", 2000, 385, "NOR"),
        ("DE", 1980, 260, "GFR"),
        ("DE", 2000, 255, "GMY"),
        ("DE", 1930, 255, "GMY"),
        ("DDDE", 1980, 265, "GDR"),
        ("RU", 2000, 365, "RUS"),
        ("SUHH", 1980, 365, "RUS"),
        ("CSHH", 1980, 315, "CZE"),
        ("CZ", 2000, 316, "CZR"),
        ("YUCS", 1980, 345, "YUG"),
        ("RS", 2010, 345, "SRB"),
        ("YE", 1980, 678, "YAR"),
        ("YE", 2000, 679, "YEM"),
        ("YDYE", 1980, 680, "YPR"),
        ("VN", 1970, 817, "RVN"),
        ("VDVN", 1970, 816, "DRV"),
        ("VN", 1980, 816, "DRV"),
        ("AF", 2024, 700, "AFG"),
        ("KZ", 2024, 705, "KZK"),
        ("CN", 2024, 710, "CHN"),
        ("ET", 2024, 530, "ETH"),
        ("IR", 2024, 630, "IRN"),
        ("TR", 2024, 640, "TUR"),
        ("TW", 2024, 713, "TAW"),
        ("XK", 2024, 347, "KOS"),
        ("ZW", 1970, 552, "ZIM"),
    ],
)
def test_cow_codes_of_states_and_former_states(
    code: str, year: int, ccode: int, abbreviation: str
) -> None:
    spell = export.cow_codes().on(code, dt.date(year, 12, 31))
    assert spell is not None
    assert (spell.ccode, spell.stateabb) == (ccode, abbreviation)


def test_outside_the_state_system_a_code_maps_to_nothing() -> None:
    codes = export.cow_codes()
    assert codes.on("DE", dt.date(1950, 12, 31)) is None  # occupied Germany: no member
    assert codes.on("XK", dt.date(2007, 12, 31)) is None  # Kosovo joins in 2008
    assert codes.on("VN", dt.date(1975, 12, 31)) is None  # between Saigon and unification
    assert not codes.knows("VA") and not codes.knows("PS")  # not COW states


def test_no_party_code_stands_for_two_cow_states_on_one_day() -> None:
    for code, spells in export.cow_codes().by_code.items():
        spells = sorted(spells, key=lambda s: s.start)
        for before, after in itertools.pairwise(spells):
            assert before.end is not None and before.end < after.start, code


@pytest.mark.parametrize(
    ("kind", "head_status", "cow_level", "level"),
    [
        ("embassy", "named", 3, 3),
        ("embassy", "unnamed", 2, 2),
        ("embassy", "vacant", None, 1),
        ("embassy", "unknown", None, 1),
        ("nunciature", "named", 3, 3),
        ("legation", "named", 2, 2),
        ("legation", "vacant", None, 1),
        ("technical-team", "unnamed", 9, 9),
        ("liaison-office", "vacant", None, 9),
        ("unspecified", "unnamed", 1, 1),
        ("unspecified", "vacant", None, None),
        ("unspecified", "named", 9, None),  # a consul, perhaps: not diplomatic evidence
        ("consulate-general", "named", 9, None),
        ("permanent-mission", "named", 3, None),
    ],
)
def test_the_level_each_kind_of_mission_gives(
    kind: str, head_status: str, cow_level: int | None, level: int | None
) -> None:
    assert export.mission_level(kind, head_status, cow_level) == level


def test_every_kind_of_mission_is_classified_by_both_exports(registry: Registry) -> None:
    kinds = {str(code) for (code,) in registry.sql("SELECT code FROM mission_kind")}
    assert kinds == set(export.COW_KINDS) | set(export.NOT_COW_KINDS)
    assert kinds == set(export.POST_CATEGORY) | set(export.NOT_POSTS)


# -- Lowy-style post counts -----------------------------------------------------------------


def test_posts_in_october_2024_by_state_host_city_and_kind(registry: Registry) -> None:
    code, out, err = registry("export", "posts", "--as-of", "2024-10-01")
    assert code == 0, err
    assert out.splitlines()[0] == ",".join(
        (
            "as_of",
            "sending_code",
            "sending",
            "host_code",
            "host",
            "city",
            "category",
            "kind",
            "posts",
        )
    )
    found = {(r["sending_code"], r["city"], r["kind"]): r for r in rows(out)}
    kazakhstan = found[("KZ", "Kabul", "embassy")]
    assert (kazakhstan["host_code"], kazakhstan["category"], kazakhstan["posts"]) == (
        "AF",
        "embassy",
        "1",
    )
    assert kazakhstan["as_of"] == "2024-10-01"
    assert found[("IN", "Kabul", "technical-team")]["category"] == "other"
    assert found[("AF", "Astana", "unspecified")]["category"] == "unspecified"
    assert ("KZ", "Addis Ababa", "embassy") not in found  # reported in February 2026
    # Planned embassies and missions that closed do not count; nor do organisations
    assert ("EG", "Kabul", "embassy") not in found
    assert not any(r["sending_code"] == "AF" and r["city"] == "London" for r in rows(out))
    assert "left out 1 post of organisations" in err and "European Union" in err


def test_post_totals_per_sending_state(registry: Registry) -> None:
    code, out, _ = registry("export", "posts", "--as-of", "2026-03-01", "--totals")
    assert code == 0
    header = out.splitlines()[0]
    assert header == (
        "as_of,sending_code,sending,embassies,consulates,permanent_missions,other,"
        "unspecified,posts,countries,cities"
    )
    kazakhstan = next(r for r in rows(out) if r["sending_code"] == "KZ")
    assert (kazakhstan["embassies"], kazakhstan["posts"]) == ("2", "2")  # Kabul, Addis Ababa
    assert (kazakhstan["countries"], kazakhstan["cities"]) == ("2", "2")


def test_honorary_consulates_are_not_posts(fresh_registry: Registry, tmp_path: Path) -> None:
    seed = write(
        tmp_path,
        "honorary.yaml",
        """
source: kabul-2024-09
missions:
  - sending: KZ
    kind: honorary-consulate
    city: Oslo
    status: [{change: opened, date: 2024-01}]
""",
    )
    assert fresh_registry("load", str(seed))[0] == 0
    code, out, _ = fresh_registry("export", "posts", "--as-of", "2024-10-01")
    assert code == 0
    assert not any(r["city"] == "Oslo" for r in rows(out))


def test_no_post_on_record_exits_1_with_the_header(registry: Registry) -> None:
    code, out, err = registry("export", "posts", "--as-of", "2000-01-01")
    assert code == 1
    assert out.splitlines() == [",".join(export.POST_COLUMNS)]
    assert "no post on record as of 2000-01-01" in err


def test_a_bad_as_of_exits_2(registry: Registry) -> None:
    code, _, err = registry("export", "posts", "--as-of", "yesterday")
    assert code == 2
    assert "--as-of" in err


# -- --output names a path as the shell would: written through, never replaced ------------


def test_output_through_a_symlink_writes_the_file_it_points_to(
    registry: Registry, tmp_path: Path
) -> None:
    (tmp_path / "real.csv").write_text("an earlier export\n")
    (tmp_path / "cow.csv").symlink_to("real.csv")
    (tmp_path / "new.csv").symlink_to("missing.csv")  # dangling: creates what it names
    for name in ("cow.csv", "new.csv"):
        code, _, err = registry(
            "export", "cow", "--to-year", "2024", "--output", str(tmp_path / name)
        )
        assert code == 0, err
        assert (tmp_path / name).is_symlink()
    for real in ("real.csv", "missing.csv"):
        assert (tmp_path / real).read_text().startswith("ccode1,ccode2,year")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cow.csv",
        "missing.csv",
        "new.csv",
        "real.csv",
    ]


def test_output_into_a_fifo_feeds_it_and_leaves_it_a_fifo(
    registry: Registry, tmp_path: Path
) -> None:
    import threading

    fifo = tmp_path / "cow.fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    code, _, err = registry("export", "cow", "--to-year", "2024", "--output", str(fifo))
    reader.join(timeout=30)
    assert code == 0, err
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received[0].startswith("ccode1,ccode2,year")


def test_output_into_a_device_writes_into_it(registry: Registry) -> None:
    """As root, the export once replaced /dev/null by a regular file."""
    code, _, err = registry("export", "cow", "--to-year", "2024", "--output", os.devnull)
    assert code == 0, err
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_output_to_a_socket_or_a_block_device_is_refused(
    registry: Registry, tmp_path: Path
) -> None:
    import socket

    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "s"))
    try:
        code, out, err = registry("export", "cow", "--output", str(tmp_path / "s"))
    finally:
        listener.close()
    assert (code, out) == (2, "")
    refused = "write to a file, a FIFO or a terminal"
    assert err == f"registry: --output: {tmp_path / 's'} is a socket: {refused}\n"
    if os.geteuid() != 0:
        return
    disk = tmp_path / "disk"
    os.mknod(disk, stat.S_IFBLK | 0o600, os.makedev(7, 200))  # a loop device node
    code, _, err = registry("export", "cow", "--output", str(disk))
    assert code == 2
    assert err == f"registry: --output: {disk} is a block device: {refused}\n"
    assert stat.S_ISBLK(disk.lstat().st_mode)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "{tmp} is a directory: give a file name"),
        ("missing/cow.csv", "cannot write {tmp}/missing/cow.csv: No such file or directory"),
        ("file.csv/cow.csv", "cannot write {tmp}/file.csv/cow.csv: Not a directory"),
    ],
)
def test_output_that_cannot_be_a_file_is_one_line_before_any_query(
    registry: Registry, tmp_path: Path, name: str, message: str
) -> None:
    (tmp_path / "file.csv").write_text("kept\n")
    code, out, err = registry("export", "posts", "--output", f"{tmp_path}/{name}")
    assert (code, out) == (2, "")
    assert err == f"registry: --output: {message.format(tmp=tmp_path)}\n"
    assert (tmp_path / "file.csv").read_text() == "kept\n"
