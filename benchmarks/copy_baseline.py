"""The limit a loader is measured against: the same rows, already resolved to ids,
COPYed straight into the registry's tables (all constraints, indexes and triggers
in place), in one transaction.

`prepare` turns a bundle (natural keys) into one COPY text file per table, with
ids after those the database already holds; it runs before the clock starts.
`copy_all` is what is timed. Rows are what `registry import bundle` should write:
the bundle's sources, organisations, cities, people, missions (and a mission_source
row each), accreditations, tenures, status changes and external identifiers;
recorded/recorded_by/recorded_at take their column defaults, as in the loader.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

from registry.dates import PartialDate
from registry.names import fold

# bundle file -> (table, columns); order = foreign keys first
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "source": ("source", ("id", "key", "title", "publisher", "url", "published_on",
                          "published_precision")),
    "party": ("party", ("id", "code", "name", "kind", "source_id")),
    "city": ("city", ("id", "party_id", "key", "name", "search_key", "source_id")),
    "person": ("person", ("id", "key", "name", "search_key", "description", "source_id")),
    "mission": ("mission", ("id", "sending_party_id", "host_party_id", "city_id", "kind",
                            "seat_inferred", "source_id", "organisation_id")),
    "mission_source": ("mission_source", ("mission_id", "source_id")),
    "accreditation": ("accreditation", ("id", "mission_id", "party_id", "resident",
                                        "source_id")),
    "tenure": ("tenure", ("id", "mission_id", "person_id", "rank_code", "valid",
                          "start_precision", "attested_precision", "end_precision",
                          "credentials_on", "credentials_precision", "note", "source_id",
                          "resident_city_id")),
    "status_change": ("status_change", ("id", "kind", "occurred_on", "occurred_precision",
                                        "mission_id", "tenure_id", "note", "source_id")),
    "external_id": ("external_id", ("id", "scheme", "value", "party_id", "city_id",
                                    "mission_id", "person_id", "source_id")),
}  # fmt: skip
SEQUENCED = [t for t, (_, cols) in TABLES.items() if cols[0] == "id"]


def rows(path: Path) -> Iterator[dict[str, str]]:
    import csv

    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def field(value: object) -> str:
    """One value in COPY's text format."""
    if value is None or value == "":
        return "\\N"
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


class Ids:
    """Next free id of one table, counting up from what the database holds."""

    def __init__(self, start: int) -> None:
        self.next = start

    def take(self) -> int:
        self.next += 1
        return self.next


@dataclass
class Prepared:
    files: list[tuple[str, tuple[str, ...], Path]]
    rows: dict[str, int]


def prepare(conn: psycopg.Connection[Any], bundle: Path, work: Path) -> Prepared:
    """Resolve the bundle's natural keys to ids and write COPY files into `work`."""
    work.mkdir(parents=True, exist_ok=True)
    ids = {
        t: Ids(conn.execute(f"SELECT COALESCE(max(id), 0) FROM {t}").fetchone()[0])  # type: ignore[index]
        for t in SEQUENCED
    }
    parties: dict[str, int] = dict(conn.execute("SELECT code, id FROM party").fetchall())  # type: ignore[arg-type]
    handles = {t: (work / f"{t}.copy").open("w", encoding="utf-8") for t in TABLES}
    counts = dict.fromkeys(TABLES, 0)

    def out(table: str, values: Iterable[object]) -> None:
        handles[table].write("\t".join(field(v) for v in values) + "\n")
        counts[table] += 1

    sources: dict[str, int] = {}
    for r in rows(bundle / "sources.csv"):
        day = PartialDate.parse(r["published_on"])
        sources[r["key"]] = sid = ids["source"].take()
        out(
            "source",
            (sid, r["key"], r["title"], r["publisher"], r["url"], day.first_day, day.precision),
        )
    default_source = next(iter(sources.values()))
    for r in rows(bundle / "parties.csv"):
        parties[r["code"]] = pid = ids["party"].take()
        out("party", (pid, r["code"], r["name"], r["kind"], default_source))
    cities: dict[str, int] = {}
    for r in rows(bundle / "cities.csv"):
        cities[r["key"]] = cid = ids["city"].take()
        party = parties[r["party_code"]]
        out("city", (cid, party, r["key"], r["name"], fold(r["name"]), default_source))
    people: dict[str, int] = {}
    for r in rows(bundle / "people.csv"):
        people[r["key"]] = pid = ids["person"].take()
        out("person", (pid, r["key"], r["name"], fold(r["name"]), r["description"], default_source))
    missions: dict[str, int] = {}
    for r in rows(bundle / "missions.csv"):
        missions[r["key"]] = mid = ids["mission"].take()
        source = sources[r["source_key"]]
        out(
            "mission",
            (
                mid,
                parties[r["sending_code"]],
                parties[r["host_code"]],
                cities[r["city_key"]] if r["city_key"] else None,
                r["kind"],
                r["seat_inferred"],
                source,
                parties[r["organisation_code"]] if r.get("organisation_code") else None,
            ),
        )
        out("mission_source", (mid, source))
    for r in rows(bundle / "accreditations.csv"):
        out(
            "accreditation",
            (
                ids["accreditation"].take(),
                missions[r["mission_key"]],
                parties[r["party_code"]],
                r["resident"],
                sources[r["source_key"]],
            ),
        )
    tenures: dict[str, int] = {}
    for r in rows(bundle / "tenures.csv"):
        tenures[r["key"]] = tid = ids["tenure"].take()
        start = PartialDate.parse(r["started_on"])
        end = PartialDate.parse(r["ended_on"]) if r["ended_on"] else None
        cred = PartialDate.parse(r["credentials_on"]) if r["credentials_on"] else None
        valid = f"[{start.first_day},{end.first_day if end else ''})"
        out(
            "tenure",
            (
                tid,
                missions[r["mission_key"]],
                people[r["person_key"]] if r["person_key"] else None,
                r["rank_code"],
                valid,
                start.precision,
                None,
                end.precision if end else None,
                cred.first_day if cred else None,
                cred.precision if cred else None,
                r["note"],
                sources[r["source_key"]],
                cities[r["resident_city_key"]] if r["resident_city_key"] else None,
            ),
        )
    for r in rows(bundle / "status_changes.csv"):
        day = PartialDate.parse(r["occurred_on"])
        out(
            "status_change",
            (
                ids["status_change"].take(),
                r["kind"],
                day.first_day,
                day.precision,
                missions.get(r["mission_key"]),
                tenures.get(r["tenure_key"]),
                r["note"],
                sources[r["source_key"]],
            ),
        )
    subjects = {"party": parties, "city": cities, "mission": missions, "person": people}
    for r in rows(bundle / "external_ids.csv"):
        subject = subjects[r["subject_kind"]][r["subject_key"]]
        slots = [subject if kind == r["subject_kind"] else None for kind in subjects]
        out(
            "external_id",
            (ids["external_id"].take(), r["scheme"], r["value"], *slots, default_source),
        )
    for handle in handles.values():
        handle.close()
    files = [(table, cols, work / f"{t}.copy") for t, (table, cols) in TABLES.items()]
    return Prepared(files, counts)


def copy_all(conn: psycopg.Connection[Any], prepared: Prepared, *, floor: bool = False) -> float:
    """COPY every file in one transaction; seconds from the first COPY to the commit.

    ``floor``: with every trigger off (``session_replication_role = replica``: no
    foreign-key checks, no timelines), the least a load of these rows can cost, the
    figure issue 19 measures the import against (the timelines are left empty)."""
    start = time.perf_counter()
    with conn.transaction(), conn.cursor() as cur:
        if floor:
            cur.execute("SET LOCAL session_replication_role = replica")
        else:
            # As the loader did before revision 0013: the triggers refresh at commit.
            cur.execute("SET LOCAL registry.heads_timeline = 'at commit'")
        for table, columns, path in prepared.files:
            sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
            with cur.copy(sql) as copy, path.open("rb") as handle:
                while block := handle.read(1 << 20):
                    copy.write(block)
    elapsed = time.perf_counter() - start
    for table in SEQUENCED:  # after the clock: the loader's sequences move as it inserts
        conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" (SELECT COALESCE(max(id), 1) FROM {table}))"
        )
    conn.commit()
    return elapsed
