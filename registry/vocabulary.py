"""The registry's vocabulary as data: mission kinds, ranks, kinds of status change and
date precisions, each in one file under registry/data/vocabulary/.

Code reads these files (the exports' classes of kinds, the Wikidata importer's map of
types, help texts); a revision reads the rows as they were at that revision, frozen
under migrations/vocabulary/<rev>/<table>.csv (``python -m registry.vocabulary freeze
<rev>`` writes them), so editing a file here never changes what an applied revision
ran. tests/test_vocabulary.py checks the database at head holds exactly these rows.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from registry.paths import migrations_dir

VOCABULARY = Path(__file__).resolve().parent / "data" / "vocabulary"

# The kinds of party (party.kind; registry/data/parties.csv says which entity is which).
PARTY_KINDS = (
    "state",
    "historical_state",
    "state_limited_recognition",
    "sovereign_entity",
    "subnational",
    "government_in_exile",
    "organisation",
)

# How one party became another (party_succession.how).
SUCCESSION_KINDS = ("split", "merger", "absorption", "dissolution", "independence")

# table -> (file, the table's columns in order)
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "mission_kind": ("mission_kinds.csv", ("code", "label", "description")),
    "rank": ("ranks.csv", ("code", "title", "vienna_class", "ad_interim", "cow_level")),
    "status_change_kind": (
        "status_change_kinds.csv",
        ("code", "label", "applies_to", "mission_status"),
    ),
    "post_form": ("post_forms.csv", ("code", "post")),
}


def _rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            yield {k: (v or "").strip() for k, v in row.items()}


@dataclass(frozen=True)
class MissionKind:
    code: str
    label: str
    description: str
    cow: str | None  # embassy, other, unspecified; None: not counted by the COW export
    post: str | None  # the Lowy-style category; None: not a post
    capital: bool  # seated in the host's capital when only a district is named
    consular: bool  # a consular post: its district may be subdivisions of the host
    wikidata_qids: tuple[str, ...]
    wikidata_labels: tuple[str, ...]


@dataclass(frozen=True)
class Rank:
    code: str
    title: str
    vienna_class: str | None
    ad_interim: bool | None
    cow_level: int


@dataclass(frozen=True)
class StatusChangeKind:
    code: str
    label: str
    applies_to: str
    mission_status: str | None


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def _bool(value: str) -> bool | None:
    return {"true": True, "false": False, "": None}[value]


@cache
def mission_kinds() -> tuple[MissionKind, ...]:
    return tuple(
        MissionKind(
            r["code"],
            r["label"],
            r["description"],
            r["cow"] or None,
            r["post"] or None,
            r["capital"] == "true",
            r["consular"] == "true",
            _split(r["wikidata_qids"]),
            _split(r["wikidata_labels"]),
        )
        for r in _rows(VOCABULARY / "mission_kinds.csv")
    )


@cache
def ranks() -> tuple[Rank, ...]:
    return tuple(
        Rank(
            r["code"],
            r["title"],
            r["vienna_class"] or None,
            _bool(r["ad_interim"]),
            int(r["cow_level"]),
        )
        for r in _rows(VOCABULARY / "ranks.csv")
    )


@cache
def status_change_kinds() -> tuple[StatusChangeKind, ...]:
    return tuple(
        StatusChangeKind(r["code"], r["label"], r["applies_to"], r["mission_status"] or None)
        for r in _rows(VOCABULARY / "status_change_kinds.csv")
    )


@cache
def precisions() -> tuple[str, ...]:
    return tuple(r["code"] for r in _rows(VOCABULARY / "precisions.csv"))


def kinds_where(**attrs: object) -> tuple[str, ...]:
    """Codes of the mission kinds whose attributes have the values given."""
    return tuple(
        k.code for k in mission_kinds() if all(getattr(k, a) == v for a, v in attrs.items())
    )


@cache
def post_forms() -> dict[str, str]:
    """The kinds of mission that are forms of one post, and that post (docs/forms.md)."""
    return {r["code"]: r["post"] for r in _rows(VOCABULARY / "post_forms.csv")}


def change_codes(applies_to: str) -> tuple[str, ...]:
    return tuple(k.code for k in status_change_kinds() if k.applies_to == applies_to)


# -- What the database holds: rows as the tables' columns, as text ---------------------


def table_rows(table: str) -> list[tuple[str, ...]]:
    """The current file's rows of ``table``, its columns only, sorted by code."""
    file, columns = TABLES[table]
    return sorted(tuple(r[c] for c in columns) for r in _rows(VOCABULARY / file))


def frozen_rows(table: str, revision: str) -> list[dict[str, str | None]]:
    """The rows of ``table`` as revision ``revision`` inserts them (empty text: NULL)."""
    path = migrations_dir() / "vocabulary" / revision / f"{table}.csv"
    if not path.exists():  # a table newer than the revision (post_form: 0016)
        return []
    return [{k: (v if v != "" else None) for k, v in r.items()} for r in _rows(path)]


def freeze(revision: str) -> list[Path]:
    out = migrations_dir() / "vocabulary" / revision
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for table, (_, columns) in TABLES.items():
        path = out / f"{table}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(table_rows(table))
        written.append(path)
    return written


if __name__ == "__main__":  # python -m registry.vocabulary freeze <rev>
    if len(sys.argv) != 3 or sys.argv[1] != "freeze":
        sys.exit("usage: python -m registry.vocabulary freeze REVISION")
    for p in freeze(sys.argv[2]):
        print(p)


def _literal(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def migrate(op: Any, before: str, after: str) -> None:
    """In a revision: make the vocabulary tables hold ``after``'s frozen rows, from
    ``before``'s (rows added are inserted, rows changed updated, rows gone deleted).
    Both copies are frozen text, so what a revision emits never changes."""
    for table, (_, columns) in TABLES.items():
        old = {str(r["code"]): r for r in frozen_rows(table, before)}
        new = {str(r["code"]): r for r in frozen_rows(table, after)}
        for code in sorted(set(old) - set(new)):
            op.execute(f"DELETE FROM {table} WHERE code = {_literal(code)}")
        for code, row in sorted(new.items()):
            if code not in old:
                values = ", ".join(_literal(row[c]) for c in columns)
                op.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({values})")
            elif row != old[code]:
                sets = ", ".join(f"{c} = {_literal(row[c])}" for c in columns if c != "code")
                op.execute(f"UPDATE {table} SET {sets} WHERE code = {_literal(code)}")
