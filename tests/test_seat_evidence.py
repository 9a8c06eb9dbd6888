"""Revision 0021: a complete list of a city on a date applies to the missions seated in
that city on that date (their dated seat, else their own city), and the forms of one
post are a sender's missions seated in one city on the date asked. The US embassy to
Germany, on record in Bonn and moved to Berlin in 1999-09 (tests/test_seats.py): a list
of Bonn in 2005 does not count against it, a list of Berlin does. A mission with no
seat rows gives the rows 0020's text gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import URL

from registry.bulk import load_bundle
from tests.conftest import Registry, _dsn, install_frozen, write
from tests.test_bulk_timelines import generate
from tests.test_fact_evidence import DATES, DISAGREEING, LATER_LIST
from tests.test_forms import US_IN_KABUL
from tests.test_seats import CITIES, HEADER, nobody_in, who_heads

SOURCES = (
    "key,title,publisher,url,published_on\n"
    "us-de,US embassy to Germany,Example,,2001\n"
    "dl-bonn,Diplomatic List of Bonn,Example,,2005-09\n"
    "dl-berlin,Diplomatic List of Berlin,Example,,2005-09\n"
)
PEOPLE = (
    "key,name,description\ncharles-redman,Charles E. Redman,\njohn-kornblum,John C. Kornblum,\n"
    "william-timken,William R. Timken,\n"
)
# The embassy is on record in Bonn, where it was first: where no seat covers a date.
MISSIONS = (
    "key,sending_code,host_code,city_key,kind,source_key\n"
    "us-de,US,DE,bonn,embassy,us-de\n"
    "fr-bonn,FR,DE,bonn,consulate-general,us-de\n"
    "fr-de,FR,DE,berlin,embassy,us-de\n"
)
TENURES = (
    "key,mission_key,person_key,rank_code,started_on,ended_on,credentials_on,note,"
    "source_key,resident_city_key\n"
    "redman,us-de,charles-redman,ambassador-e-p,1994-09,1996-09,,,us-de,\n"
    "kornblum,us-de,john-kornblum,ambassador-e-p,1997-09,2001-01,,,us-de,\n"
    "timken,us-de,william-timken,ambassador-e-p,2005-06,2009-01,,,us-de,\n"
)
SEATS = HEADER + "us-de,bonn,,1999-09,us-de\nus-de,berlin,1999-09,,us-de\n"
LISTS = "city_key,listed_on,mission_key,kinds,note,source_key\n"
# Each names the French mission of its city and leaves the US embassy out.
BONN_2005 = LISTS + "bonn,2005-09,fr-bonn,,,dl-bonn\n"
BERLIN_2005 = LISTS + "berlin,2005-09,fr-de,,,dl-berlin\n"

COLUMNS = "Sending\tKind\tHead\tRank\tSince\tCredentials\tAccredited to\tSource\tLast reported\n"
TIMKEN = (
    "United States\tembassy\tWilliam R. Timken\tAmbassador Extraordinary and Plenipotentiary"
    "\t2005-06\t\t\tUS embassy to Germany\t2005-06, head in post (US embassy to Germany)\n"
)
TIMKEN_LEFT_OUT = TIMKEN.replace(
    "2005-06, head in post (US embassy to Germany)",
    "not in the list of 2005-09 (Diplomatic List of Berlin); last reported 2005-06"
    " (US embassy to Germany)",
)


def bundle(tmp_path: Path, **files: str) -> Path:
    directory = tmp_path / "bundle"
    directory.mkdir(exist_ok=True)
    texts = {
        "sources.csv": SOURCES,
        "cities.csv": CITIES,
        "people.csv": PEOPLE,
        "missions.csv": MISSIONS,
        "tenures.csv": TENURES,
        "mission_seats.csv": SEATS,
    } | files
    for name, text in texts.items():
        write(directory, name, text)
    return directory


def imported(registry: Registry, tmp_path: Path, **files: str) -> None:
    code, _, err = registry("import", "bundle", str(bundle(tmp_path, **files)))
    assert code == 0, err


def test_a_complete_list_of_bonn_in_2005_does_not_count_against_the_us_embassy_that_moved_to_berlin_in_1999(  # noqa: E501
    fresh_registry: Registry, tmp_path: Path
) -> None:
    imported(fresh_registry, tmp_path, **{"complete_lists.csv": BONN_2005})
    assert who_heads(fresh_registry, "berlin", "2006-01-01") == (0, COLUMNS + TIMKEN, "")
    assert fresh_registry.sql("SELECT count(*) FROM reporting.evidence_conflict") == [(0,)]


def test_a_list_of_berlin_in_2005_that_leaves_it_out_does(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    imported(fresh_registry, tmp_path, **{"complete_lists.csv": BERLIN_2005})
    assert who_heads(fresh_registry, "berlin", "2006-01-01") == nobody_in("Berlin", "2006-01-01")
    assert who_heads(fresh_registry, "berlin", "2006-01-01", "--all") == (
        0,
        COLUMNS + TIMKEN_LEFT_OUT,
        "",
    )


def test_a_list_of_berlin_in_1995_does_not_count_against_the_embassy_then_in_bonn(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """On record in Berlin, its later city: a list of Berlin before the move is not its."""
    missions = MISSIONS.replace("us-de,US,DE,bonn,", "us-de,US,DE,berlin,")
    berlin_1995 = LISTS + "berlin,1995-06,fr-de,,,dl-berlin\n"
    imported(
        fresh_registry, tmp_path, **{"missions.csv": missions, "complete_lists.csv": berlin_1995}
    )
    code, out, err = who_heads(fresh_registry, "bonn", "1995-09-01")
    assert (code, err) == (0, "")
    assert out.splitlines()[1].endswith("\t1994-09, head in post (US embassy to Germany)")


def test_a_disagreement_is_placed_in_the_embassys_seat_on_its_date(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    """A list of Berlin of the day Timken took up his post leaves the embassy out."""
    imported(
        fresh_registry,
        tmp_path,
        **{"complete_lists.csv": BERLIN_2005.replace("2005-09", "2005-06")},
    )
    assert fresh_registry.sql(
        "SELECT city, first_on::text, first_says, second_says FROM reporting.evidence_conflict"
    ) == [("Berlin", "2005-06-01", "head in post", "not in the complete list")]
    code, out, err = fresh_registry("conflicts", "berlin", "--format", "tsv")
    assert (code, err) == (0, "")
    assert "United States" in out and "not in the complete list" in out
    assert fresh_registry("conflicts", "bonn", "--format", "tsv")[0] == 1


# --- the forms of one post, by the seat on the date -----------------------------------

# A US liaison office in Berlin, opened in 1990: the embassy's form in Berlin once the
# embassy is seated there, not while it is in Bonn.
LIAISON = MISSIONS + "us-lo,US,DE,berlin,liaison-office,us-de\n"
OPENED = "mission_key,tenure_key,kind,occurred_on,note,source_key\nus-lo,,opened,1990-10,,us-de\n"


def kinds(registry: Registry, city: str, on: str) -> list[str]:
    code, out, err = who_heads(registry, city, on)
    assert (code, err) == (0, ""), out
    return [line.split("\t")[1] for line in out.splitlines()[1:]]


def test_the_embassy_seated_in_berlin_ends_the_liaison_office_there(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    imported(fresh_registry, tmp_path, **{"missions.csv": LIAISON, "status_changes.csv": OPENED})
    # In Bonn in 1995, Redman's embassy is another city's post.
    assert kinds(fresh_registry, "berlin", "1995-01-01") == ["liaison office"]
    assert kinds(fresh_registry, "berlin", "2006-01-01") == ["embassy"]


def test_on_record_in_berlin_the_embassy_in_bonn_does_not_end_the_liaison_office(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    missions = LIAISON.replace("us-de,US,DE,bonn,", "us-de,US,DE,berlin,")
    imported(fresh_registry, tmp_path, **{"missions.csv": missions, "status_changes.csv": OPENED})
    assert kinds(fresh_registry, "berlin", "1995-01-01") == ["liaison office"]
    assert kinds(fresh_registry, "bonn", "1995-01-01") == ["embassy"]


# --- registry record complete-list --------------------------------------------------------


def record_list(registry: Registry, city: str, on: str, source: str) -> tuple[int, str, str]:
    return registry(
        "record", "complete-list", city, "--on", on, "--mission", "united states",
        "--source", source,
    )  # fmt: skip


def test_record_complete_list_finds_the_moved_embassy_in_its_later_city(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    imported(fresh_registry, tmp_path)
    code, out, err = record_list(fresh_registry, "berlin", "2005-09", "dl-berlin")
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == "  named: United States embassy in Bonn"
    # In Bonn in 2005 it was not: the list is refused, nothing written.
    before = fresh_registry.sql("SELECT count(*) FROM complete_list")
    assert record_list(fresh_registry, "bonn", "2005-09", "dl-bonn") == (
        2,
        "",
        "registry: --mission united states: MISSION: United States embassy in Bonn: not "
        "seated in Bonn on 2005-09; nothing written\n",
    )
    assert fresh_registry.sql("SELECT count(*) FROM complete_list") == before


def test_a_bundle_list_naming_the_embassy_where_it_was_not_on_its_date_is_refused(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    named = LISTS + "bonn,2005-09,us-de,,,dl-bonn\n"
    directory = bundle(tmp_path, **{"complete_lists.csv": named})
    code, out, err = fresh_registry("import", "bundle", str(directory))
    assert (code, out) == (2, "")
    assert err == (
        f"{directory}/complete_lists.csv:2: mission_key: mission 'us-de' is not seated in "
        "bonn on the list's date\nregistry: 1 error(s); nothing was written\n"
    )
    named = LISTS + "berlin,2005-09,us-de,,,dl-berlin\nbonn,1995-09,us-de,,,dl-bonn\n"
    imported(fresh_registry, tmp_path, **{"complete_lists.csv": named})
    assert fresh_registry.sql(
        "SELECT city, listed_on::text, mission_ids = ARRAY[(SELECT id FROM mission"
        " WHERE kind = 'embassy' AND sending_party_id = (SELECT id FROM party"
        " WHERE code = 'US'))] FROM reporting.complete_list"
        " WHERE city IN ('Bonn', 'Berlin') ORDER BY listed_on"
    ) == [("Bonn", "1995-09-01", True), ("Berlin", "2005-09-01", True)]


# --- no seat, no change: the rows 0020's text gives -----------------------------------

DIFFERENCE = (
    "SELECT (SELECT count(*) FROM (SELECT * FROM {new} EXCEPT ALL SELECT * FROM {old}) a),"
    " (SELECT count(*) FROM (SELECT * FROM {old} EXCEPT ALL SELECT * FROM {new}) b),"
    " (SELECT count(*) FROM {old})"
)
CONFLICT_COLUMNS = (
    "mission_id, disagreement, first_on, first_precision, first_says, first_source,"
    " second_on, second_precision, second_says, second_source"
)


def install_0020(conn: psycopg.Connection[Any]) -> None:
    """0020's evidence_as_of and evidence_conflict, as pg_temp objects."""
    install_frozen(conn, "reporting.evidence_as_of", "0020")
    install_frozen(conn, "reporting.evidence_conflict", "0020")


def differences(
    url: URL, against: str = "0020", by_sender: bool = False, dates: tuple[str, ...] = DATES
) -> list[tuple[str, str, list[int]]]:
    """(how, date, [rows only head's evidence_as_of gives, only the other revision's, the
    other's rows]): for every mission at once, city by city (who-heads: the cities with
    eight missions or more are read whole since 0022, the others by sender) and, asked,
    sender by sender (represents: one sender's missions in many cities); for 0020, the
    conflicts too."""
    found = []
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        # Each call planned for its own missions: the older texts, asked many times in one
        # session, may be given a plan made for few missions that runs for minutes on all
        # of them (PostgreSQL 18; revision 0022 materializes what that plan re-ran).
        conn.execute("SET plan_cache_mode = force_custom_plan")
        if against == "0020":
            install_0020(conn)
            old_function = "pg_temp.evidence_as_of_0020"
            new = f"(SELECT {CONFLICT_COLUMNS} FROM reporting.evidence_conflict) n"
            row = conn.execute(DIFFERENCE.format(new=new, old="evidence_conflict_0020")).fetchone()
            assert row is not None
            found.append(("conflicts", "every date", list(row)))
        else:
            old_function = install_frozen(conn, "reporting.evidence_as_of", against)
        ids = [r[0] for r in conn.execute("SELECT id FROM mission ORDER BY id")]
        groups = {
            "city by city": ("city_id", [r[0] for r in conn.execute(
                "SELECT DISTINCT city_id FROM mission")]),
            "sender by sender": ("sending_party_id", [r[0] for r in conn.execute(
                "SELECT DISTINCT sending_party_id FROM mission")] if by_sender else []),
        }  # fmt: skip
        for day in dates:
            args = "%(d)s::date, %(ids)s"
            sql = DIFFERENCE.format(
                new=f"reporting.evidence_as_of({args})", old=f"{old_function}({args})"
            )
            row = conn.execute(sql, {"d": day, "ids": ids}).fetchone()
            assert row is not None
            found.append(("all", day, list(row)))
            for how, (column, keys) in groups.items():
                total = [0, 0, 0]
                args = f"%(d)s::date, ARRAY(SELECT id FROM mission WHERE {column} = %(k)s)"
                sql = DIFFERENCE.format(
                    new=f"reporting.evidence_as_of({args})", old=f"{old_function}({args})"
                )
                for key in keys:
                    row = conn.execute(sql, {"d": day, "k": key}).fetchone()
                    assert row is not None
                    total = [a + b for a, b in zip(total, row, strict=True)]
                if keys:
                    found.append((how, day, total))
    return found


def assert_same(found: list[tuple[str, str, list[int]]]) -> None:
    for how, day, (only_new, only_old, rows) in found:
        assert (how, day, only_new, only_old) == (how, day, 0, 0)
        assert rows > 0 or how == "conflicts", (how, day)


def test_with_no_seat_the_seeds_with_a_list_a_conflict_and_forms_give_0020s_rows(
    fresh_registry: Registry, seeded_db: URL, tmp_path: Path
) -> None:
    for name, text in (
        ("list.yaml", LATER_LIST),
        ("japan.yaml", DISAGREEING),
        ("us.yaml", US_IN_KABUL),
    ):
        code, _, err = fresh_registry("load", str(write(tmp_path, name, text)))
        assert code == 0, err
    found = differences(seeded_db)
    assert_same(found)
    assert found[0][2][2] > 0  # the seeds' conflict is there to compare


def test_with_no_seat_a_generated_world_gives_0020s_rows(seeded_db: URL, tmp_path: Path) -> None:
    world = tmp_path / "world"
    generate(world, 3_000, 1815)
    with psycopg.connect(_dsn(seeded_db)) as conn:
        load_bundle(conn, world)
    assert_same(differences(seeded_db))


def test_seats_in_a_missions_own_city_change_no_row(seeded_db: URL, tmp_path: Path) -> None:
    """Seated where it is on record, on some dates, on all, or between two seats: the
    same mission as one with no seat (the gaps between seats are its own city)."""
    world = tmp_path / "world"
    generate(world, 3_000, 1815)
    with psycopg.connect(_dsn(seeded_db)) as conn:
        load_bundle(conn, world)
        conn.execute(
            "INSERT INTO mission_seat (mission_id, city_id, valid, start_precision,"
            " end_precision, source_id)"
            " SELECT m.id, m.city_id, r.valid, r.sp, r.ep, m.source_id FROM mission m,"
            " LATERAL (VALUES (daterange('1900-01-01', '1950-01-01'), 'year', 'year'),"
            "                 (daterange('1960-01-01', NULL), 'year', NULL)) r (valid, sp, ep)"
            " WHERE m.city_id IS NOT NULL AND m.id % 3 = 0"
            " UNION ALL SELECT m.id, m.city_id, daterange(NULL, NULL), NULL, NULL, m.source_id"
            " FROM mission m WHERE m.city_id IS NOT NULL AND m.id % 3 = 1"
        )
        seats = conn.execute("SELECT count(*) FROM mission_seat").fetchone()
    assert seats is not None and seats[0] > 0
    assert_same(differences(seeded_db))


def test_missions_seated_in_other_cities_give_0021s_rows_asked_by_city_and_by_sender(
    seeded_db: URL, tmp_path: Path
) -> None:
    """Revision 0022 looks for the other forms of a post by sender, host and city
    outside the cities many of the missions asked about sit in: the same rows as 0021's
    text, with every fifth mission moved to another city of its host for a while and
    every seventh for good (so a post's forms sit apart on some dates)."""
    world = tmp_path / "world"
    generate(world, 3_000, 1815)
    with psycopg.connect(_dsn(seeded_db)) as conn:
        load_bundle(conn, world)
        conn.execute(
            "INSERT INTO mission_seat (mission_id, city_id, valid, start_precision,"
            " end_precision, source_id)"
            " SELECT m.id, o.id, r.valid, r.sp, r.ep, m.source_id"
            "   FROM mission m JOIN city c ON c.id = m.city_id"
            "  CROSS JOIN LATERAL (SELECT o.id FROM city o WHERE o.party_id = c.party_id"
            "         AND o.id <> c.id ORDER BY o.id LIMIT 1) o"
            "  CROSS JOIN LATERAL (SELECT * FROM (VALUES"
            "         (daterange('1950-01-01', '1990-01-01'), 'year', 'year', 5),"
            "         (daterange('1970-01-01', NULL), 'year', NULL, 7)) r (valid, sp, ep, every)"
            "         WHERE m.id % r.every = 0 ORDER BY r.every LIMIT 1) r"
        )
        seats = conn.execute(
            "SELECT count(DISTINCT mission_id) FROM mission_seat WHERE upper_inf(recorded)"
        ).fetchone()
        shape = conn.execute(
            "SELECT (SELECT count(*) FROM (SELECT FROM mission GROUP BY city_id"
            "         HAVING count(*) >= 8) big),"
            "       (SELECT count(*) FROM (SELECT FROM mission GROUP BY city_id"
            "         HAVING count(*) < 8) small),"
            "       (SELECT count(*) FROM (SELECT FROM mission m JOIN post_form f"
            "         ON f.code = m.kind WHERE m.organisation_id IS NULL"
            "         GROUP BY m.sending_party_id, m.host_party_id, m.city_id, f.post"
            "         HAVING count(*) > 1) posts)"
        ).fetchone()
    assert seats is not None and seats[0] > 100
    assert shape is not None and min(shape) > 0, shape  # both ways of looking, and forms
    # The moves' decades and today.
    found = differences(
        seeded_db, against="0021", by_sender=True, dates=("1960-06-30", "1980-01-01", "2025-06-01")
    )
    assert_same(found)
    assert {how for how, _, _ in found} == {"all", "city by city", "sender by sender"}
