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
    r"nothing changed in \S+: the same files and options as the import of "
    r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC, and nothing written since; not read again "
    r"\(--force reads them\)\n"
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
    imported = re.search(r"^imported into .*: \d+ inserted, 0 superseded, 0 unchanged$", first,
                         re.M)  # fmt: skip
    assert imported, first
    before = rows_written(fresh_registry)
    not_read(monkeypatch)

    code, again, err = fresh_registry("import", "pocom", str(pocom), "--unmapped-report",
                                      str(tmp_path / "again.csv"))  # fmt: skip

    assert code == 0, err
    said = NOT_READ.match(again)
    assert said, again
    # Every unmapped value and notice of the import it recalls, as that import said them.
    assert again[said.end() :] == first[imported.end() + 1 :].replace("first.csv", "again.csv")
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


def test_a_hidden_file_the_importer_reads_is_in_the_fingerprint(
    fresh_registry: Registry, pocom: Path
) -> None:
    countries = pocom / "missions-countries"
    (countries / "iran.xml").rename(countries / ".iran.xml")  # Path.glob("*.xml") finds it
    assert fresh_registry("import", "pocom", str(pocom))[0] == 0
    hidden = countries / ".iran.xml"
    hidden.write_text(hidden.read_text(encoding="utf-8").replace("1936-03-16", "1936-04-30"))
    code, out, err = fresh_registry("import", "pocom", str(pocom))
    assert code == 0, err
    assert "  tenure: 0 inserted, 1 superseded" in out and not NOT_READ.search(out)


def test_the_importers_read_only_what_their_fingerprint_holds(
    fresh_registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    from registry.bundle.runs import _files
    from registry.importers import inputs

    read: list[Path] = []
    real = Path.read_bytes

    def reading(self: Path) -> bytes:
        read.append(self)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", reading)
    for name, patterns, root in (
        ("pocom", inputs.POCOM, POCOM),
        ("rdcr", inputs.RDCR, DATA / "rdcr-small"),
    ):
        read.clear()
        assert fresh_registry("import", name, str(root), "--force")[0] == 0
        hashed = {Path(file) for _, file in _files(root, patterns)}
        dataset = [path for path in read if root in path.parents]
        assert dataset and set(dataset) <= hashed, set(dataset) - hashed


def test_a_person_id_that_names_another_file_is_not_read(
    fresh_registry: Registry, pocom: Path, tmp_path: Path
) -> None:
    (tmp_path / "secret.xml").write_text("<person><persName><forename>Eve", encoding="utf-8")
    afghanistan = pocom / "missions-countries" / "afghanistan.xml"
    text = afghanistan.read_text(encoding="utf-8")
    afghanistan.write_text(
        text.replace("<person-id>three-tom</person-id>", "<person-id>../../../secret</person-id>")
    )
    code, out, err = fresh_registry("import", "pocom", str(pocom))
    assert code == 0, err
    # Refused with its line (PERSON_ID): every person file read is one of people/*/*.xml.
    assert "person-id: not a pocom person id: '../../../secret'" in out


def test_a_fifo_gives_no_fingerprint_and_a_rewritten_file_breaks_one(tmp_path: Path) -> None:
    from registry.bundle.runs import Reading

    bundle = Path(shutil.copytree(BUNDLE, tmp_path / "bundle"))
    reading = Reading.of("bundle", bundle, ("*.csv",))
    assert reading.fingerprint and reading.still_holds()
    tenures = bundle / "tenures.csv"
    same = tenures.read_bytes()
    tenures.write_bytes(same)  # the same bytes again: a reader meanwhile may have seen others
    assert not reading.still_holds()
    os.mkfifo(bundle / "unmapped.csv")
    assert Reading.of("bundle", bundle, ("*.csv",)).fingerprint is None  # and no hang


def test_an_import_at_work_keeps_another_from_keeping_a_mark(fresh_registry: Registry) -> None:
    from registry.bundle import runs

    reading = runs.Reading.of("bundle", BUNDLE, ("*.csv",))
    with psycopg.connect(_dsn(fresh_registry.url)) as first:
        started = runs.watch(first, reading)
        first.rollback()
        assert started.watched is not None
        with first.cursor() as cur:
            assert runs.begin(cur, started) is not None  # the first import's transaction
            with psycopg.connect(_dsn(fresh_registry.url)) as second:
                assert runs.watch(second, reading).watched is None
        first.rollback()


def test_a_read_only_connection_is_told_so_before_anything_is_recalled(
    fresh_registry: Registry, pocom: Path
) -> None:
    assert fresh_registry("import", "pocom", str(pocom))[0] == 0
    database = fresh_registry.url.database
    with psycopg.connect(_dsn(fresh_registry.url), autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on')
    code, _, err = fresh_registry("import", "pocom", str(pocom))
    assert code == 2
    assert err.splitlines()[-1].endswith(
        "this connection is read-only (a standby, or default_transaction_read_only is on): "
        "the registry cannot be written through it"
    )


def test_the_trigger_takes_the_lock_the_importer_tries() -> None:
    from registry import sql
    from registry.access import WRITE_MARK_LOCK_ID

    assert f"pg_advisory_xact_lock_shared({WRITE_MARK_LOCK_ID})" in sql.source("public.note_write")
