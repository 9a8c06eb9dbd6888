"""The bundle's one specification (registry/bundle/spec.py): what the loader, the
importers' writer, benchmarks/generate.py and docs/importing.md follow. No database."""

from __future__ import annotations

import pytest

from registry.bundle import describe
from registry.bundle.spec import BUNDLE_FILES, FILES, UNMAPPED, every_file


def test_docs_describe_the_bundle_as_specified() -> None:
    text = describe.DOC.read_text(encoding="utf-8")
    assert describe.section(text) is not None, f"{describe.DOC}: the markers are gone"
    assert describe.section(text) == describe.render(), (
        f"docs/importing.md's bundle files differ from registry/bundle/spec.py: run "
        f"`{describe.COMMAND}` and commit the result"
    )


def test_every_column_is_described_once() -> None:
    for spec in every_file():
        names = [c.name for c in spec.columns]
        assert len(names) == len(set(names)), spec.file
        assert all(c.meaning for c in spec.columns), spec.file
        assert set(spec.natural_key) <= set(names), spec.file
    for spec in FILES:  # unmapped.csv is printed, never staged
        staged = spec.staged()
        assert len(staged) == len(set(staged)), spec.file
    assert BUNDLE_FILES[-1] == UNMAPPED.file
    assert len({f.table for f in FILES}) == len(FILES)


def test_a_writer_names_only_optional_columns() -> None:
    missions = next(f for f in FILES if f.file == "missions.csv")
    assert "organisation_code" not in missions.header()
    assert missions.header("organisation_code")[-1] == "organisation_code"
    with pytest.raises(ValueError, match="not an optional column"):
        missions.header("host_code")
    with pytest.raises(KeyError):
        missions.header("embassy")


def test_the_writers_headers_come_from_the_specification() -> None:
    from benchmarks.generate import HEADERS
    from registry.importers.common import BUNDLE_HEADERS

    for headers, file_of in ((BUNDLE_HEADERS, lambda n: n), (HEADERS, lambda n: n + ".csv")):
        for name, header in headers.items():
            spec = next(f for f in every_file() if f.file == file_of(name))
            required = [c.name for c in spec.columns if not c.optional]
            assert set(required) <= set(header), name
            assert list(header) == [c.name for c in spec.columns if c.name in header], name


def test_staging_tables_hold_every_staged_column() -> None:
    for spec in FILES:
        ddl = spec.staging_table()
        for name in spec.staged():
            assert f" {name} " in ddl or f"({name} " in ddl, (spec.file, name)
