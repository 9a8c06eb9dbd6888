"""Issue 21 item 5: a mission that moves. One mission with dated seats (the US embassy
to Germany in Bonn, then in Berlin from 1999-09), so who-heads is right in each city on
each date, history shows the move, and every writer (a bundle, `registry record`)
refuses a seat that overlaps another of its mission or names no known city."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Registry, write

SOURCES = "key,title,publisher,url,published_on\nus-de,US embassy to Germany,Example,,2001\n"
CITIES = "party_code,key,name\nDE,bonn,Bonn\nDE,berlin,Berlin\n"
PEOPLE = (
    "key,name,description\n"
    "charles-redman,Charles E. Redman,\n"
    "john-kornblum,John C. Kornblum,\n"
)
MISSIONS = "key,sending_code,host_code,city_key,kind,source_key\nus-de,US,DE,berlin,embassy,\n"
TENURES = (
    "key,mission_key,person_key,rank_code,started_on,ended_on,credentials_on,note,"
    "source_key,resident_city_key\n"
    "redman,us-de,charles-redman,ambassador-e-p,1994-09,1996-09,,,,\n"
    "kornblum,us-de,john-kornblum,ambassador-e-p,1997-09,2001-01,,,,\n"
)
SEATS = "mission_key,city_key,from_on,until_on,source_key\nus-de,bonn,,1999-09,\nus-de,berlin,1999-09,,\n"


def bundle(tmp_path: Path, seats: str = SEATS, **files: str) -> Path:
    directory = tmp_path / "bundle"
    directory.mkdir(exist_ok=True)
    texts = {
        "sources.csv": SOURCES,
        "cities.csv": CITIES,
        "people.csv": PEOPLE,
        "missions.csv": MISSIONS,
        "tenures.csv": TENURES,
        "mission_seats.csv": seats,
    } | files
    for name, text in texts.items():
        write(directory, name, text)
    return directory


def test_the_us_embassy_to_germany_was_in_bonn_in_1995_and_in_berlin_in_2000(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    code, out, err = fresh_registry("import", "bundle", str(bundle(tmp_path)))
    assert code == 0, err
    for city, on in (("bonn", "1995-01-01"), ("berlin", "1995-01-01"), ("bonn", "2000-01-01"), ("berlin", "2000-01-01")):
        code, out, err = fresh_registry("who-heads", city, "--as-of", on, "--format", "tsv")
        print(city, on, code, err)
        print(out)
    code, out, err = fresh_registry("history", "united states", "berlin", "--format", "tsv")
    print(out, err)
    assert False
