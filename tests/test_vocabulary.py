"""The vocabulary is data (registry/data/vocabulary/): the database at head holds
exactly those rows, each revision inserts the rows frozen for it, and code reads the
files rather than its own lists."""

from __future__ import annotations

from registry import export, models, vocabulary
from registry.importers import wikidata
from registry.paths import migrations_dir
from tests.conftest import Registry


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def test_the_database_at_head_holds_the_vocabulary_files(registry: Registry) -> None:
    for table, (_, columns) in vocabulary.TABLES.items():
        held = registry.sql(f"SELECT {', '.join(columns)} FROM {table} ORDER BY code")
        assert [tuple(_text(v) for v in row) for row in held] == vocabulary.table_rows(table), table


def test_the_latest_revision_to_change_the_vocabulary_froze_the_files_as_they_are() -> None:
    """A revision that changes the vocabulary freezes a copy (``python -m
    registry.vocabulary freeze REV``) and moves the tables to it; the latest copy up
    to head is what the files hold."""
    from registry.schema import HEAD

    latest = max(d.name for d in (migrations_dir() / "vocabulary").iterdir() if d.name <= HEAD)
    for table in vocabulary.TABLES:
        rows = vocabulary.frozen_rows(table, latest)
        columns = vocabulary.TABLES[table][1]
        assert sorted(tuple(r[c] or "" for c in columns) for r in rows) == vocabulary.table_rows(
            table
        )


def test_a_high_commissioner_is_of_class_a_and_an_apostolic_delegate_of_none() -> None:
    ranks = {r.code: r for r in vocabulary.ranks()}
    assert ranks["high-commissioner"].vienna_class == "a"
    assert ranks["apostolic-delegate"].vienna_class is None


def test_code_reads_the_kinds_from_the_files() -> None:
    assert "high-commission" in export.EMBASSY_KINDS
    assert "apostolic-delegation" in export.OTHER_KINDS
    assert export.POST_CATEGORY["high-commission"] == "embassy"
    assert "honorary-consulate" in export.NOT_POSTS
    assert models.PRECISIONS == ("day", "month", "year")
    assert wikidata.kind_of("Q18414273", "high commission") == "high-commission"
