"""Every read command as an analyst (issue 15): a login that is a member of
registry_analyst only, set up as docs/analysts.md says, gets from each read command
exactly what the owner gets, reads nothing but the reporting schema (no base table,
no alembic_version, no temporary table), and a write command tells it in one line
that this login cannot write.

Roles are cluster-wide, so the module makes uniquely named logins and drops them.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from alembic import command
from psycopg import errors, sql
from sqlalchemy import URL

from registry import docs, schema
from tests.conftest import Registry, _dsn


def _login(url: URL, group: str) -> Iterator[str]:
    """A login in ``group``; for registry_analyst exactly as docs/analysts.md says."""
    name = f"registry_test_{group.removeprefix('registry_')}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        if group == "registry_analyst":
            for statement in docs.GRANT_LOGIN_SQL.format(name=name, password="NULL").split(";\n"):
                conn.execute(statement.rstrip(";"))  # type: ignore[arg-type]
        else:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN IN ROLE {}").format(
                    sql.Identifier(name), sql.Identifier(group)
                )
            )
    try:
        yield name
    finally:
        with psycopg.connect(_dsn(url), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


@pytest.fixture(scope="module")
def analyst_login(shared_db: URL) -> Iterator[str]:
    yield from _login(shared_db, "registry_analyst")


@pytest.fixture(scope="module")
def writer_login(shared_db: URL) -> Iterator[str]:
    yield from _login(shared_db, "registry_writer")


def as_login(url: URL, login: str) -> Registry:
    return Registry(url.set(username=login, password=None))


READ_COMMANDS = [
    ("who-heads", "kabul"),
    ("who-heads", "Addis Abeba", "--as-of", "2026-03-01", "--format", "json"),
    ("who-heads", "kabul", "--as-recorded-on", "2025-01-01", "--format", "csv"),
    ("history", "kazakhstan", "kabul"),
    ("history", "KZ", "--format", "json"),
    ("represents", "kazakhstan"),
    ("accredited-to", "african union"),
    ("person", "yesengeldiyev"),
    ("person", "Daulet Yesengeldiyev", "--format", "json"),
    ("summary", "kabul"),
    ("precedence", "kabul"),
    ("recognition", "afghanistan"),
    ("export", "cow", "--from-year", "2018"),
    ("export", "posts", "--as-of", "2024-10-01", "--totals"),
    # Unknown names: the "did you mean" reads every name, through the reporting views.
    ("who-heads", "kabull"),
    ("represents", "kazakstan"),
    ("person", "Ariel Cohen"),
    ("history", "kazakhstan", "kabull"),
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=" ".join)
def test_an_analyst_gets_what_the_owner_gets_from_every_read_command(
    registry: Registry, analyst_login: str, args: tuple[str, ...]
) -> None:
    owner = registry(*args)
    assert owner[0] in (0, 1, 2) and owner[1] + owner[2], owner
    assert as_login(registry.url, analyst_login)(*args) == owner


def test_an_analyst_sees_the_database_status(registry: Registry, analyst_login: str) -> None:
    code, out, err = as_login(registry.url, analyst_login)("db", "status")
    assert code == 0, err
    _, revision, rows = out.splitlines()
    assert revision == f"revision: {schema.HEAD} (head: {schema.HEAD}): up to date"
    assert rows == "rows: " + ", ".join(
        f"{t} (not readable by this login)"
        for t in ("mission", "tenure", "person", "status_change", "source", "party", "city")
    )


def test_an_analyst_reads_the_revision_but_not_alembic_version(
    shared_db: URL, analyst_login: str
) -> None:
    with psycopg.connect(_dsn(shared_db.set(username=analyst_login))) as conn:
        assert conn.execute("SELECT revision FROM reporting.schema_revision").fetchall() == [
            (schema.HEAD,)
        ]
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("SELECT version_num FROM public.alembic_version")


def test_an_analyst_cannot_create_temporary_tables(empty_db: URL) -> None:
    """TEMP is a privilege on the database itself, which revision 0010 revokes from PUBLIC
    where it runs (a copy made by CREATE DATABASE ... TEMPLATE starts from the defaults
    again, docs/operations.md): on a database migrated to head."""
    command.upgrade(schema.alembic_config(empty_db), "head")  # type: ignore[arg-type]
    logins = _login(empty_db, "registry_analyst")
    login = next(logins)
    try:
        with psycopg.connect(_dsn(empty_db.set(username=login)), autocommit=True) as conn:
            conn.execute("SET default_transaction_read_only = off")
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute("CREATE TEMP TABLE scratch (n integer)")
        with psycopg.connect(_dsn(empty_db)) as conn:
            conn.execute("SET ROLE registry_writer")
            conn.execute("CREATE TEMP TABLE scratch (n integer)")  # the bulk path stages so
    finally:
        next(logins, None)


def test_a_writer_login_imports_a_bundle(seeded_db: URL, writer_login: str) -> None:
    """registry/bulk.py stages a bundle in TEMP tables, which writers keep."""
    code, _, err = as_login(seeded_db, writer_login)("import", "bundle", "tests/data/bundle-small")
    assert code == 0, err


def test_a_write_command_as_an_analyst_says_this_login_cannot_write(
    registry: Registry, analyst_login: str
) -> None:
    before = registry.sql("SELECT count(*) FROM status_change")
    code, out, err = as_login(registry.url, analyst_login)(
        "record",
        "status",
        "suspended",
        "kazakhstan",
        "kabul",
        "--on",
        "2026-01",
        "--source",
        "kabul-2024-09",
    )
    assert (code, out) == (2, "")
    assert err == (
        f"registry: this login ({analyst_login}) cannot write to the registry: connect as a "
        "member of registry_writer (docs/operations.md); nothing written\n"
    )
    assert registry.sql("SELECT count(*) FROM status_change") == before


@pytest.mark.parametrize("who", ["owner", "analyst"])
def test_a_database_older_than_0010_says_to_run_alembic_upgrade_head(
    empty_db: URL, who: str
) -> None:
    """Before revision 0010 there is no reporting.schema_revision: the revision is read
    from alembic_version, which analysts could read then."""
    command.upgrade(schema.alembic_config(empty_db), "0009")  # type: ignore[arg-type]
    logins = _login(empty_db, "registry_analyst")
    login = next(logins)
    try:
        url = empty_db if who == "owner" else empty_db.set(username=login, password=None)
        code, out, err = Registry(url)("who-heads", "kabul")
    finally:
        next(logins, None)
    assert (code, out) == (2, "")
    assert err.endswith(
        f"is at revision 0009; this registry needs {schema.HEAD}: run `alembic upgrade head` "
        "(registry never migrates a configured server itself)\n"
    )
