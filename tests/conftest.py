"""Real PostgreSQL for every test, never SQLite or mocks.

The server is $REGISTRY_TEST_DATABASE_URL when set (e.g. the PostgreSQL 15 at
127.0.0.1:5432), else an embedded PostgreSQL 18 started in a temporary data
directory. Each test session makes throwaway databases on it: one built by
``alembic upgrade head`` and loaded with the seeds, used as a template, so a test
that writes gets its own fresh copy in milliseconds.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import URL
from typer.testing import CliRunner

from registry import embedded, schema
from registry.cli import app
from registry.db import parse_url
from registry.paths import seeds_dir
from registry.seeds.load import load_paths
from registry.sql import frozen

SEEDS = seeds_dir()


def _dsn(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def server() -> Iterator[URL]:
    """An admin URL on the test server (its 'postgres' database)."""
    raw = os.environ.get("REGISTRY_TEST_DATABASE_URL")
    if raw:
        yield parse_url(raw).set(database="postgres")
        return
    # A directory of its own, not pytest's numbered basetemp: a second pytest run by the
    # same user prunes old basetemps, which would pull the cluster from under this one.
    data_dir = Path(tempfile.mkdtemp(prefix="registry-test-pg-"))
    socket_dir, port = embedded.start(data_dir)
    try:
        yield URL.create(
            "postgresql+psycopg",
            username="postgres",
            database="postgres",
            query={"host": socket_dir, "port": str(port)},
        )
    finally:
        embedded.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


class Databases:
    """Creates and drops throwaway databases on the test server."""

    def __init__(self, admin: URL) -> None:
        self.admin = admin
        self.created: list[str] = []

    def create(self, template: str | None = None) -> URL:
        name = f"registry_test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(_dsn(self.admin), autocommit=True) as conn:
            clause = f' TEMPLATE "{template}"' if template else ""
            conn.execute(f'CREATE DATABASE "{name}"{clause}')
        self.created.append(name)
        return self.admin.set(database=name)

    def drop_all(self) -> None:
        with psycopg.connect(_dsn(self.admin), autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def databases(server: URL) -> Iterator[Databases]:
    dbs = Databases(server)
    yield dbs
    dbs.drop_all()


@pytest.fixture(scope="session")
def seeded_template(databases: Databases) -> str:
    """A database at head with the seeds loaded: the template for the others."""
    url = databases.create()
    schema.upgrade(url)
    load_paths(url, [SEEDS])
    assert url.database is not None
    return url.database


@pytest.fixture
def seeded_db(databases: Databases, seeded_template: str) -> URL:
    """A fresh copy of the seeded database, for a test that writes."""
    return databases.create(template=seeded_template)


@pytest.fixture(scope="session")
def shared_db(databases: Databases, seeded_template: str) -> URL:
    """One seeded database shared by read-only tests."""
    return databases.create(template=seeded_template)


@pytest.fixture
def empty_db(databases: Databases) -> URL:
    return databases.create()


class Registry:
    """Runs the CLI against one database, as a user would."""

    def __init__(self, url: URL) -> None:
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args: str) -> tuple[int, str, str]:
        result = self.runner.invoke(
            app, [*args, "--database-url", self.url.render_as_string(hide_password=False)]
        )
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    def sql(self, query: str) -> list[tuple[object, ...]]:
        with psycopg.connect(_dsn(self.url)) as conn:
            return conn.execute(query).fetchall()  # type: ignore[arg-type]


@pytest.fixture
def registry(shared_db: URL) -> Registry:
    return Registry(shared_db)


@pytest.fixture
def fresh_registry(seeded_db: URL) -> Registry:
    return Registry(seeded_db)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def import_gdr_berlin(reg: Registry, tmp_path: Path) -> None:
    """The GDR's capital as an import may give it: Berlin, of the German Democratic
    Republic (1949-10-07 to 1990-10-03), beside the seed files' Berlin of Germany."""
    bundle = tmp_path / "gdr-berlin"
    bundle.mkdir()
    write(
        bundle, "cities.csv", "party_code,key,name,source_key\nDDDE,berlin,Berlin,kabul-2024-09\n"
    )
    code, _, err = reg("import", "bundle", str(bundle))
    assert code == 0, err


def install_frozen(
    conn: psycopg.Connection[Any], name: str, revision: str, reading: dict[str, str] | None = None
) -> str:
    """A revision's frozen text of a view or function (registry.sql.frozen) as a temporary
    object of this session, to compare today's with: ``reporting.evidence_as_of`` of
    0021 becomes ``pg_temp.evidence_as_of_0021``, the view ``reporting.mission_evidence``
    of 0017 the temporary view ``mission_evidence_0017``. ``reading`` replaces text in
    it (an older function reading an older view). Returns the name to ask."""
    text = frozen.text(name, revision)
    short = name.rpartition(".")[2]
    temporary = f"{short}_{revision}"
    view = re.search(r"^CREATE (?:OR REPLACE )?VIEW .*?;\n", text, re.S | re.M)
    if view is not None:
        sql = view.group(0).replace(f"VIEW {name} AS", f"TEMPORARY VIEW {temporary} AS")
    else:
        function = re.search(r"^CREATE (?:OR REPLACE )?FUNCTION .*?\n\$\$;", text, re.S | re.M)
        assert function is not None, name
        temporary = f"pg_temp.{temporary}"
        sql = re.sub(
            rf"FUNCTION (?:{re.escape(name)}|{re.escape(short)})\(",
            f"FUNCTION {temporary}(",
            function.group(0),
            count=1,
        )
    for old, new in (reading or {}).items():
        assert old in sql, old
        sql = sql.replace(old, new)
    conn.execute(sql)  # type: ignore[arg-type]
    return temporary
