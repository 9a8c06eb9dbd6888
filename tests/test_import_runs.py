"""An unchanged re-import has nothing to write, and says so without reading the files
again (revision 0024, registry/bundle/runs.py): the same files, importer and options
as the last import, and nothing written to the registry since it committed."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import psycopg
import pytest

from tests.conftest import Registry, _dsn

DATA = Path(__file__).parent / "data"
POCOM = DATA / "pocom-small"
BUNDLE = DATA / "bundle-small"
NOT_READ = re.compile(
    r"the same files and options as the import of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, "
    r"and nothing written since: not read again \(--force reads them\)\n"
)
# Tables an import neither reads nor writes: what the facts give, and the runs themselves.
UNWATCHED = {
    "alembic_version",
    "fact_evidence",
    "heads_timeline",
    "heads_timeline_queue",
    "import_run",
    "mission_timeline",
}


@pytest.fixture
def pocom(tmp_path: Path) -> Path:
    """A copy of the small pocom dataset the test may change."""
    return Path(shutil.copytree(POCOM, tmp_path / "pocom"))


def not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make reading pocom's files fail the test: a recalled import must not."""
    from registry.importers import pocom as importer

    def reads(*_: object) -> None:
        raise AssertionError("the files were read again")

    monkeypatch.setattr(importer, "write_bundle", reads)


def rows_written(reg: Registry) -> list[tuple[object, ...]]:
    return reg.sql(
        "SELECT (SELECT count(*) FROM tenure), (SELECT count(*) FROM status_change),"
        " (SELECT count(*) FROM person), (SELECT last_value FROM write_mark)"
    )


def test_pocom_imported_again_unchanged_is_not_read_again(
    fresh_registry: Registry, pocom: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, first, err = fresh_registry("import", "pocom", str(pocom), "--unmapped-report",
                                      str(tmp_path / "first.csv"))  # fmt: skip
    assert code == 0, err
    imported = re.search(r"^imported into .*: (\d+) inserted, 0 superseded, 0 unchanged$", first,
                         re.M)  # fmt: skip
    assert imported, first
    total = int(imported[1])
    before = rows_written(fresh_registry)
    not_read(monkeypatch)

    code, again, err = fresh_registry("import", "pocom", str(pocom), "--unmapped-report",
                                      str(tmp_path / "again.csv"))  # fmt: skip

    assert code == 0, err
    summary, notices = again.split("\n", 1)
    assert summary.endswith(f": 0 inserted, 0 superseded, {total} unchanged")
    assert summary.startswith("nothing changed in ")
    assert NOT_READ.match(notices)
    # Every unmapped value and notice of the import it recalls, as that import said them.
    assert NOT_READ.sub("", notices) == first[imported.end() + 1 :].replace(
        "first.csv", "again.csv"
    )
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "first.csv").read_bytes()
    assert rows_written(fresh_registry) == before  # not even the mark moved


def test_forced_the_files_are_read_and_nothing_changes(
    fresh_registry: Registry, pocom: Path
) -> None:
    assert fresh_registry("import", "pocom", str(pocom))[0] == 0
    code, out, _ = fresh_registry("import", "pocom", str(pocom), "--force")
    assert code == 0
    assert out.startswith("nothing changed in ") and not NOT_READ.search(out)
    # ... and the forced import is remembered as the latest.
    assert NOT_READ.search(fresh_registry("import", "pocom", str(pocom))[1])


def test_a_file_changed_since_is_read_again(
    fresh_registry: Registry, pocom: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fresh_registry("import", "pocom", str(pocom))[0] == 0
    afghanistan = pocom / "missions-countries" / "afghanistan.xml"
    text = afghanistan.read_text(encoding="utf-8")
    assert "opened on June 6, 1942" in text  # the legation's opening: a day later, same size
    afghanistan.write_text(text.replace("June 6, 1942", "June 7, 1942"), encoding="utf-8")
    code, out, err = fresh_registry("import", "pocom", str(pocom))
    assert code == 0, err
    assert out.startswith("  status_change: 1 inserted, 0 superseded, 8 unchanged\n")
    assert not NOT_READ.search(out)
    assert ("1942-06-07",) in fresh_registry.sql(
        "SELECT occurred_on::text FROM reporting.mission_status_change"
        " WHERE sending_code = 'US' AND host_code = 'AF' AND change_code = 'opened'"
    )


def test_anything_written_since_makes_the_import_read_its_files_again(
    fresh_registry: Registry, pocom: Path
) -> None:
    assert fresh_registry("import", "pocom", str(pocom))[0] == 0
    # Another writer's correction, straight in SQL: the statement trigger notes it too.
    fresh_registry.sql("UPDATE source SET url = url WHERE false RETURNING id")
    code, out, _ = fresh_registry("import", "pocom", str(pocom))
    assert code == 0 and not NOT_READ.search(out)
    assert NOT_READ.search(fresh_registry("import", "pocom", str(pocom))[1])


def test_strict_is_another_reading_of_the_same_files(fresh_registry: Registry, pocom: Path) -> None:
    assert fresh_registry("import", "pocom", str(pocom))[0] == 0
    code, _, err = fresh_registry("import", "pocom", str(pocom), "--strict")
    assert code == 2  # the unknown role, refused: the earlier import is no answer to --strict
    assert "unknown role 'archduke-plenipotentiary'" in err


def test_a_writer_at_work_during_the_import_leaves_it_without_a_mark(
    fresh_registry: Registry, pocom: Path
) -> None:
    with psycopg.connect(_dsn(fresh_registry.url)) as other:
        # A transaction that has written (nothing the import touches) and not committed.
        other.execute("UPDATE relation_event_kind SET label = label WHERE false")
        assert fresh_registry("import", "pocom", str(pocom))[0] == 0
        other.commit()
    assert fresh_registry.sql("SELECT write_mark FROM import_run") == [(None,)]
    code, out, _ = fresh_registry("import", "pocom", str(pocom))
    assert code == 0 and not NOT_READ.search(out)
    assert NOT_READ.search(fresh_registry("import", "pocom", str(pocom))[1])


def test_a_bundle_loaded_again_unchanged_is_not_read_again(fresh_registry: Registry) -> None:
    code, _, err = fresh_registry("import", "bundle", str(BUNDLE))
    assert code == 0, err
    code, again, _ = fresh_registry("import", "bundle", str(BUNDLE))
    assert code == 0 and NOT_READ.search(again)
    assert fresh_registry.sql("SELECT dataset, input FROM import_run") == [("bundle", str(BUNDLE))]


def test_every_table_an_import_reads_or_writes_advances_the_write_mark(
    fresh_registry: Registry,
) -> None:
    tables = fresh_registry.sql(
        "SELECT c.relname, EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = c.oid"
        "        AND t.tgname = c.relname || '_note_write')"
        "  FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
    )
    assert tables and not [name for name, watched in tables if watched == (name in UNWATCHED)], (
        "a table without the note_write trigger (or one with it that need not)"
    )


def test_a_directory_whose_name_is_not_utf8_is_remembered_all_the_same(
    fresh_registry: Registry, tmp_path: Path
) -> None:
    odd = Path(shutil.copytree(BUNDLE, tmp_path / os.fsdecode(b"bundle-\xe9")))
    assert fresh_registry("import", "bundle", str(odd))[0] == 0
    assert NOT_READ.search(fresh_registry("import", "bundle", str(odd))[1])
    [(given,)] = fresh_registry.sql("SELECT input FROM import_run")
    assert given == f"{tmp_path}/bundle-\\udce9"
