"""Issue 21 item 5: a mission that moves. One mission with dated seats (the US embassy
to Germany in Bonn, then in Berlin from 1999-09), so who-heads is right in each city on
each date, history shows the move, and every writer (a bundle, `registry record`)
refuses a seat that overlaps another of its mission or names no known city: file,
line and field (or the option), exit 2, nothing written."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Registry, write

SOURCES = "key,title,publisher,url,published_on\nus-de,US embassy to Germany,Example,,2001\n"
CITIES = "party_code,key,name\nDE,bonn,Bonn\nDE,berlin,Berlin\n"
PEOPLE = (
    "key,name,description\ncharles-redman,Charles E. Redman,\njohn-kornblum,John C. Kornblum,\n"
)
# The mission's own city is where it is on a date no seat covers.
MISSIONS = "key,sending_code,host_code,city_key,kind,source_key\nus-de,US,DE,berlin,embassy,\n"
TENURES = (
    "key,mission_key,person_key,rank_code,started_on,ended_on,credentials_on,note,"
    "source_key,resident_city_key\n"
    "redman,us-de,charles-redman,ambassador-e-p,1994-09,1996-09,,,,\n"
    "kornblum,us-de,john-kornblum,ambassador-e-p,1997-09,2001-01,,,,\n"
)
HEADER = "mission_key,city_key,from_on,until_on,source_key\n"
BONN_THEN_BERLIN = HEADER + "us-de,bonn,,1999-09,\nus-de,berlin,1999-09,,\n"

COLUMNS = "Sending\tKind\tHead\tRank\tSince\tCredentials\tAccredited to\tSource\tLast reported\n"
REDMAN_IN_BONN = COLUMNS + (
    "United States\tembassy\tCharles E. Redman\tAmbassador Extraordinary and Plenipotentiary"
    "\t1994-09\t\t\tUS embassy to Germany\t1994-09, head in post (US embassy to Germany)\n"
)
# The same row in Bonn until 1999-09 and in Berlin from then: who-heads has no city column.
KORNBLUM = COLUMNS + (
    "United States\tembassy\tJohn C. Kornblum\tAmbassador Extraordinary and Plenipotentiary"
    "\t1997-09\t\t\tUS embassy to Germany\t1997-09, head in post (US embassy to Germany)\n"
)


def bundle(tmp_path: Path, seats: str | None = BONN_THEN_BERLIN, **files: str) -> Path:
    directory = tmp_path / "bundle"
    directory.mkdir(exist_ok=True)
    texts = {
        "sources.csv": SOURCES,
        "cities.csv": CITIES,
        "people.csv": PEOPLE,
        "missions.csv": MISSIONS,
        "tenures.csv": TENURES,
    } | files
    if seats is not None:
        texts["mission_seats.csv"] = seats
    for name, text in texts.items():
        write(directory, name, text)
    return directory


def who_heads(registry: Registry, city: str, on: str, *options: str) -> tuple[int, str, str]:
    return registry("who-heads", city, "--as-of", on, "--format", "tsv", *options)


def nobody_in(city: str, on: str) -> tuple[int, str, str]:
    return 1, COLUMNS, f"no mission on record in {city} as of {on}\n"


def the_embassy_moved_in_1999_09(registry: Registry) -> None:
    assert who_heads(registry, "bonn", "1995-01-01") == (0, REDMAN_IN_BONN, "")
    assert who_heads(registry, "berlin", "1995-01-01") == nobody_in("Berlin", "1995-01-01")
    # Kornblum presented in Bonn in 1997 and moved with the embassy: one tenure.
    assert who_heads(registry, "bonn", "1999-08-31") == (0, KORNBLUM, "")
    assert who_heads(registry, "berlin", "1999-08-31") == nobody_in("Berlin", "1999-08-31")
    assert who_heads(registry, "bonn", "2000-01-01") == nobody_in("Bonn", "2000-01-01")
    assert who_heads(registry, "berlin", "2000-01-01") == (0, KORNBLUM, "")


def test_the_us_embassy_to_germany_was_in_bonn_in_1995_and_in_berlin_in_2000(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    code, _, err = fresh_registry("import", "bundle", str(bundle(tmp_path)))
    assert code == 0, err
    the_embassy_moved_in_1999_09(fresh_registry)
    # Analysts read the seats in reporting.mission_seat.
    assert fresh_registry.sql(
        "SELECT sending_code, mission_kind, city, city_party_code, from_on::text, from_precision,"
        " until_on::text, until_precision, source FROM reporting.mission_seat"
        " ORDER BY from_on NULLS FIRST"
    ) == [
        ("US", "embassy", "Bonn", "DE", None, None, "1999-09-01", "month", "US embassy to Germany"),
        (
            "US",
            "embassy",
            "Berlin",
            "DE",
            "1999-09-01",
            "month",
            None,
            None,
            "US embassy to Germany",
        ),
    ]


def test_history_shows_the_move_in_either_city(fresh_registry: Registry, tmp_path: Path) -> None:
    assert fresh_registry("import", "bundle", str(bundle(tmp_path)))[0] == 0
    for city in ("bonn", "berlin"):
        code, out, err = fresh_registry("history", "united states", city, "--format", "tsv")
        assert code == 0, err
        lines = [line.split("\t")[:4] for line in out.splitlines()]
        assert lines[0] == ["Date", "Event", "Detail", "Source"]
        assert [line[:3] for line in lines[1:]] == [
            [
                "1994-09",
                "head of mission",
                "Charles E. Redman, Ambassador Extraordinary and Plenipotentiary: "
                "1994-09 to 1996-09",
            ],
            [
                "1997-09",
                "head of mission",
                "John C. Kornblum, Ambassador Extraordinary and Plenipotentiary: "
                "1997-09 to 2001-01",
            ],
            ["1999-09", "moved", "from Bonn to Berlin"],
        ]


def test_a_second_import_changes_nothing_and_a_corrected_date_moves_the_embassy_earlier(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """The bulk writer queues the moved mission's timelines at commit, like its other facts."""
    assert fresh_registry("import", "bundle", str(bundle(tmp_path)))[0] == 0
    code, out, err = fresh_registry("import", "bundle", str(bundle(tmp_path)), "--force")
    assert code == 0, err
    assert out.startswith("nothing changed in ")
    assert out.endswith(": 0 inserted, 0 superseded, 11 unchanged\n")
    earlier = HEADER + "us-de,bonn,,1999-07,\nus-de,berlin,1999-07,,\n"
    code, out, err = fresh_registry("import", "bundle", str(bundle(tmp_path, earlier)))
    assert code == 0, err
    assert "  mission_seat: 0 inserted, 2 superseded, 0 unchanged\n" in out
    assert who_heads(fresh_registry, "bonn", "1999-08-01") == nobody_in("Bonn", "1999-08-01")
    assert who_heads(fresh_registry, "berlin", "1999-08-01") == (0, KORNBLUM, "")
    # What the registry held before the correction is still what it held then.
    ((before,),) = fresh_registry.sql(
        "SELECT lower(recorded)::text FROM mission_seat WHERE NOT upper_inf(recorded) LIMIT 1"
    )
    assert who_heads(fresh_registry, "bonn", "1999-08-01", "--as-recorded-on", before)[0] == 0


def test_a_mission_with_no_seat_rows_stays_in_its_own_city(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    assert fresh_registry("import", "bundle", str(bundle(tmp_path, seats=None)))[0] == 0
    assert who_heads(fresh_registry, "berlin", "1995-01-01") == (0, REDMAN_IN_BONN, "")
    assert who_heads(fresh_registry, "bonn", "1995-01-01") == nobody_in("Bonn", "1995-01-01")


FACTS = (
    "SELECT (SELECT count(*) FROM mission), (SELECT count(*) FROM tenure),"
    " (SELECT count(*) FROM city), (SELECT count(*) FROM mission_seat)"
)


def refused(registry: Registry, directory: Path, message: str) -> None:
    before = registry.sql(FACTS)
    code, out, err = registry("import", "bundle", str(directory))
    assert (code, out) == (2, "")
    assert err == f"{directory}/{message}\nregistry: 1 error(s); nothing was written\n"
    assert registry.sql(FACTS) == before


def test_two_seats_of_one_mission_at_once_are_refused(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    overlapping = HEADER + "us-de,bonn,,1999-09,\nus-de,berlin,1999-06,,\n"
    refused(
        fresh_registry,
        bundle(tmp_path, overlapping),
        "mission_seats.csv:3: from_on: overlaps the seat on line 2 (same mission): "
        "one seat at a time",
    )


def test_a_seat_in_an_unknown_city_is_refused(fresh_registry: Registry, tmp_path: Path) -> None:
    misspelt = HEADER + "us-de,bonm,,1999-09,\nus-de,berlin,1999-09,,\n"
    refused(
        fresh_registry,
        bundle(tmp_path, misspelt),
        "mission_seats.csv:2: city_key: unknown or ambiguous city 'bonm' (write PARTY:key)",
    )


def test_a_seat_ending_before_it_starts_or_of_an_unknown_mission_is_refused(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    refused(
        fresh_registry,
        bundle(tmp_path, HEADER + "us-de,bonn,1999-09,1999-01,\n"),
        "mission_seats.csv:2: until_on: ends before it starts (1999-09-01)",
    )
    refused(
        fresh_registry,
        bundle(tmp_path, HEADER + "us-fr,bonn,,1999-09,\n"),
        "mission_seats.csv:2: mission_key: unknown mission key 'us-fr'",
    )


def test_a_seat_overlapping_one_on_record_is_refused(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    assert fresh_registry("import", "bundle", str(bundle(tmp_path)))[0] == 0
    seats = fresh_registry.sql("SELECT count(*) FROM mission_seat")
    # A second seat from 1990 overlaps Bonn's (since the mission opened, until 1999-09).
    directory = bundle(tmp_path, HEADER + "us-de,berlin,1990,1991,\n")
    code, out, err = fresh_registry("import", "bundle", str(directory))
    assert (code, out) == (2, "")
    assert err == (
        f"{directory}/mission_seats.csv:2: from_on: overlaps a seat already in the registry "
        "(Bonn, (,1999-09-01)): one seat at a time\nregistry: 1 error(s); nothing was written\n"
    )
    assert fresh_registry.sql("SELECT count(*) FROM mission_seat") == seats


# --- registry record moved ---------------------------------------------------------------


def in_bonn(registry: Registry, tmp_path: Path) -> None:
    """The embassy on record in Bonn, with no dated seat."""
    directory = bundle(tmp_path, seats=None, **{"missions.csv": MISSIONS.replace("berlin", "bonn")})
    assert registry("import", "bundle", str(directory))[0] == 0


def move(registry: Registry, *args: str) -> tuple[int, str, str]:
    return registry("record", "moved", "united states", *args, "--source", "us-de")


def test_record_moved_the_embassy_from_bonn_to_berlin(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    in_bonn(fresh_registry, tmp_path)
    assert move(fresh_registry, "bonn", "--to", "berlin", "--on", "1999-09") == (
        0,
        "seat 1 recorded: United States embassy in Bonn, in Bonn until 1999-09 (source us-de)\n"
        "seat 2 recorded: United States embassy in Bonn, in Berlin from 1999-09 (source us-de)\n",
        "",
    )
    the_embassy_moved_in_1999_09(fresh_registry)
    # Moving it on again ends the Berlin seat: a new version, the old one kept.
    assert move(fresh_registry, "berlin", "--to", "bonn", "--on", "2030") == (
        0,
        "seat 2 superseded by 3: United States embassy in Bonn, in Berlin until 2030 "
        "(source us-de)\n"
        "seat 4 recorded: United States embassy in Bonn, in Bonn from 2030 (source us-de)\n",
        "",
    )
    assert fresh_registry.sql(
        "SELECT c.key, s.valid::text, upper_inf(s.recorded) FROM mission_seat s"
        " JOIN city c ON c.id = s.city_id ORDER BY s.id"
    ) == [
        ("bonn", "(,1999-09-01)", True),
        ("berlin", "[1999-09-01,)", False),
        ("berlin", "[1999-09-01,2030-01-01)", True),
        ("bonn", "[2030-01-01,)", True),
    ]


def test_record_moved_refuses_a_move_it_cannot_make(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    in_bonn(fresh_registry, tmp_path)
    assert move(fresh_registry, "bonn", "--to", "berlin", "--on", "1999-09")[0] == 0
    seats = fresh_registry.sql("SELECT * FROM mission_seat ORDER BY id")
    nothing = "; nothing written\n"
    assert move(fresh_registry, "berlin", "--to", "bonn", "--on", "1995") == (
        2,
        "",
        "registry: MISSION: United States embassy in Bonn was at Bonn the day before 1995, "
        "not at Berlin" + nothing,
    )
    assert move(fresh_registry, "bonn", "--to", "berlin", "--on", "1999-09") == (
        2,
        "",
        "registry: --on: a seat of United States embassy in Bonn begins on 1999-09 already "
        "(seat 2, Berlin): correct it rather than move again" + nothing,
    )
    assert move(fresh_registry, "berlin", "--to", "berlin", "--on", "2001") == (
        2,
        "",
        "registry: --to: United States embassy in Bonn is at Berlin already on 2001" + nothing,
    )
    assert move(fresh_registry, "berlin", "--to", "nowhere", "--on", "2001") == (
        2,
        "",
        "registry: --to: no city 'nowhere'" + nothing,
    )
    assert fresh_registry.sql("SELECT * FROM mission_seat ORDER BY id") == seats


def timeline_is_kept(registry: Registry) -> None:
    """The triggers left heads_timeline as its definition computes it from the facts."""
    assert registry.sql(
        "SELECT count(*) FROM ((SELECT * FROM heads_timeline EXCEPT ALL SELECT * FROM"
        " heads_timeline_of(ARRAY(SELECT id FROM mission))) UNION ALL (SELECT * FROM"
        " heads_timeline_of(ARRAY(SELECT id FROM mission)) EXCEPT ALL"
        " SELECT * FROM heads_timeline)) d"
    ) == [(0,)]


def test_a_seat_recorded_in_error_is_retracted_and_the_timelines_follow_every_write(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    in_bonn(fresh_registry, tmp_path)
    timeline_is_kept(fresh_registry)
    assert move(fresh_registry, "bonn", "--to", "berlin", "--on", "1999-09")[0] == 0
    timeline_is_kept(fresh_registry)
    assert fresh_registry("record", "retraction", "seat", "2") == (
        0,
        "seat 2 retracted: United States embassy in Bonn, in Berlin from 1999-09\n",
        "",
    )
    timeline_is_kept(fresh_registry)
    # Bonn's seat ends in 1999-09 and no seat follows: the mission is at its own city.
    assert who_heads(fresh_registry, "bonn", "2000-01-01") == (0, KORNBLUM, "")
    assert fresh_registry("record", "retraction", "seat", "2") == (
        2,
        "",
        "registry: SEAT: seat 2 is a superseded or retracted version; see `registry history`"
        " for the current one; nothing written\n",
    )
    # A bundle's seats are queued at commit: the timeline is right after it too.
    assert fresh_registry("import", "bundle", str(bundle(tmp_path)))[0] == 0
    timeline_is_kept(fresh_registry)
