"""Migrations, driven by pytest-alembic through migrations/env.py on throwaway databases:
one head that the code expects, every step up and down, models equal to migrations,
facts surviving every upgrade, and offline SQL that needs no server.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext as AlembicContext
from alembic.script import ScriptDirectory
from psycopg import sql
from pytest_alembic import MigrationContext
from pytest_alembic.config import Config
from pytest_alembic.tests import (
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
)
from sqlalchemy import URL, Engine, create_engine
from sqlalchemy.pool import NullPool

from registry import schema
from registry import sql as sql_files
from registry.models import Base
from registry.paths import migrations_dir, seeds_dir
from registry.seeds.load import load_paths
from tests.conftest import Databases, _dsn

# pytest-alembic's built-in tests, run here against the fixtures below: one head;
# base to head, then autogenerate finds nothing between the models and the migrated
# database (the reporting views are left out by env.py's include_object); every
# revision up one at a time, down one at a time, and up again. (Its test_upgrade is
# left out: test_model_definitions_match_ddl runs it first.)
__all__ = [
    "test_model_definitions_match_ddl",
    "test_single_head_revision",
    "test_up_down_consistency",
]


@pytest.fixture
def alembic_config() -> Config:
    """The project's own alembic.ini and migrations, as `alembic` on the command line."""
    return Config(alembic_config=schema.alembic_config())  # type: ignore[arg-type]


@pytest.fixture
def alembic_engine(databases: Databases) -> Iterator[Engine]:
    """An empty throwaway database on the test server (embedded or REGISTRY_TEST_DATABASE_URL),
    handed to env.py as ``config.attributes["connection"]``."""
    engine = create_engine(databases.create(), poolclass=NullPool)
    yield engine
    engine.dispose()


def revisions(alembic_runner: MigrationContext) -> list[str]:
    """The revisions from the first to head, without pytest-alembic's base/heads bookends."""
    return [r for r in alembic_runner.history.revisions if r not in ("base", "heads")]


def test_the_code_expects_the_single_head() -> None:
    assert ScriptDirectory(str(migrations_dir())).get_heads() == [schema.HEAD]


def test_stairway_each_revision_up_down_and_up_again(alembic_runner: MigrationContext) -> None:
    """Every revision's downgrade undoes its upgrade well enough for the upgrade to run again."""
    reached = []
    while (revision := alembic_runner.roundtrip_next_revision()) is not None:
        assert alembic_runner.current == revision
        reached.append(revision)
    assert reached == revisions(alembic_runner)


def test_offline_sql_needs_no_server_and_carries_the_guards(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`alembic upgrade head --sql` prints reviewable SQL with env.py's timeouts and lock,
    with a URL nobody could connect to, and with none at all."""
    outputs = []
    for url in ("postgresql://ops:s3cret@db.invalid:1/registry", None):
        if url:
            monkeypatch.setenv("REGISTRY_DATABASE_URL", url)
        else:
            monkeypatch.delenv("REGISTRY_DATABASE_URL", raising=False)
        cfg = schema.alembic_config()
        cfg.output_buffer = io.StringIO()  # type: ignore[attr-defined]
        command.upgrade(cfg, "head", sql=True)  # type: ignore[arg-type]
        outputs.append(cfg.output_buffer.getvalue())  # type: ignore[attr-defined]
    assert outputs[0] == outputs[1]
    out = outputs[0]
    guards = ["SET lock_timeout", "SET statement_timeout", "SELECT pg_advisory_lock("]
    assert out.index(guards[0]) < out.index(guards[1]) < out.index(guards[2]) < out.index("BEGIN;")
    assert "INSERT INTO rank (code, title" in out  # vocabulary rows render as literals
    assert out.count("BEGIN;") == out.count("COMMIT;") == len(revisions_on_disk())
    stamps = re.findall(
        r"alembic_version (?:SET version_num=|\(version_num\) VALUES \()'([^']+)'", out
    )
    assert stamps == revisions_on_disk()[::-1]
    assert "s3cret" not in out


def revisions_on_disk() -> list[str]:
    return [s.revision for s in ScriptDirectory(str(migrations_dir())).walk_revisions()]


REPORTING_SQL = Path(__file__).parents[1] / "registry" / "views" / "reporting.sql"


def reporting_catalog(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    """The reporting schema as the catalog holds it: each view's definition, columns and
    their types and comments, each function's definition, and every grant and comment."""

    def grants(acl: str) -> str:  # the ACL in a stable order, whatever the grants' order
        return f"(SELECT array_agg(a::text ORDER BY a::text) FROM unnest({acl}) a)"

    views = conn.execute(
        "SELECT c.relname, pg_get_viewdef(c.oid), obj_description(c.oid, 'pg_class'),"
        f" {grants('c.relacl')}, c.relkind,"
        " (SELECT array_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ': '"
        "   || coalesce(col_description(c.oid, a.attnum), '') ORDER BY a.attnum)"
        "    FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0)"
        "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'reporting' ORDER BY 1"
    ).fetchall()
    functions = conn.execute(
        "SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid),"
        f" obj_description(p.oid, 'pg_proc'), {grants('p.proacl')}"
        "  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = 'reporting' ORDER BY 1"
    ).fetchall()
    schema_row = conn.execute(
        f"SELECT obj_description(oid, 'pg_namespace'), {grants('nspacl')}"
        " FROM pg_namespace WHERE nspname = 'reporting'"
    ).fetchone()
    return {
        "views": {row[0]: row[1:] for row in views},
        "functions": {row[0]: row[1:] for row in functions},
        "schema": schema_row,
    }


def test_the_reporting_sql_file_gives_the_migrated_reporting_schema(
    shared_db: URL, seeded_db: URL
) -> None:
    """registry/views/reporting.sql is the whole current text of the reporting schema:
    run on a database at head in place of what the migrations built, it gives the same
    views, functions, columns, comments and grants."""
    with psycopg.connect(_dsn(shared_db)) as conn:
        migrated = reporting_catalog(conn)
    with psycopg.connect(_dsn(seeded_db)) as conn:
        conn.execute("DROP SCHEMA reporting CASCADE")
        conn.execute(REPORTING_SQL.read_text())  # type: ignore[call-overload]
        from_file = reporting_catalog(conn)
    assert from_file["views"].keys() == migrated["views"].keys()
    for view, definition in migrated["views"].items():
        assert from_file["views"][view] == definition, view
    assert from_file["functions"] == migrated["functions"]
    assert from_file["schema"] == migrated["schema"]


def test_the_reporting_sql_file_is_the_per_object_files_in_order() -> None:
    """registry/views/reporting.sql is generated (`python -m registry.sql`): the files of
    registry/sql/reporting/, one a view or function, in dependency order, and no other."""
    assert REPORTING_SQL.read_text(encoding="utf-8") == sql_files.reporting_sql()
    on_disk = {p.stem for p in (sql_files.HERE / "reporting").glob("*.sql")}
    assert on_disk == set(sql_files.REPORTING)
    on_disk = {p.stem for p in (sql_files.HERE / "functions").glob("*.sql")}
    assert on_disk == set(sql_files.FUNCTIONS)


def public_functions(conn: psycopg.Connection[Any]) -> dict[str, Any]:
    """The public schema's own functions (not btree_gist's): definition, comment, grants
    (the default ones spelt out)."""
    return {
        row[0]: row[1:]
        for row in conn.execute(
            "SELECT p.oid::regprocedure::text, pg_get_functiondef(p.oid),"
            " obj_description(p.oid, 'pg_proc'),"
            " (SELECT array_agg(a::text ORDER BY a::text)"
            "    FROM unnest(coalesce(p.proacl, acldefault('f', p.proowner))) a)"
            "  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
            " WHERE n.nspname = 'public' AND NOT EXISTS (SELECT FROM pg_depend d"
            "   WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')"
            " ORDER BY 1"
        ).fetchall()
    }


def test_the_function_files_give_the_migrated_functions(seeded_db: URL) -> None:
    """registry/sql/functions/ holds the current text of every function of the public
    schema, trigger functions included: run on a database at head, with every comment
    and grant of those functions taken away first, they give back the same catalog."""
    with psycopg.connect(_dsn(seeded_db)) as conn:
        migrated = public_functions(conn)
        assert {name.partition("(")[0] for name in migrated} == set(sql_files.FUNCTIONS)
        for name in migrated:
            conn.execute(f"COMMENT ON FUNCTION {name} IS NULL")  # type: ignore[call-overload]
            conn.execute(f"GRANT EXECUTE ON FUNCTION {name} TO PUBLIC")  # type: ignore[call-overload]
        conn.execute(sql_files.functions_sql())  # type: ignore[call-overload]
        from_files = public_functions(conn)
    assert from_files == migrated


def test_from_0010_on_a_revision_changes_the_reporting_schema_in_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 16: revisions up to 0009 dropped the reporting schema and recreated it from a
    frozen copy; a later one adds or replaces only what it changes, so what else the schema
    holds (an analyst's grants, a view a later revision did not touch) is left alone."""
    monkeypatch.delenv("REGISTRY_DATABASE_URL", raising=False)
    script = ScriptDirectory(str(migrations_dir()))
    for rev in script.walk_revisions():
        if int(rev.revision) < 10:
            continue
        cfg = schema.alembic_config()
        cfg.output_buffer = io.StringIO()  # type: ignore[attr-defined]
        command.upgrade(cfg, f"{rev.down_revision}:{rev.revision}", sql=True)  # type: ignore[arg-type]
        statements = [
            line
            for line in cfg.output_buffer.getvalue().splitlines()  # type: ignore[attr-defined]
            if not line.lstrip().startswith("--")
        ]
        assert not [s for s in statements if "DROP SCHEMA" in s or "CASCADE" in s], rev.revision


# --- data survives upgrades ---------------------------------------------------------


def tables_match_the_models(engine: Engine) -> bool:
    """Whether the tables at this revision are today's (autogenerate finds no difference),
    so today's loader can fill them."""
    with engine.connect() as conn:
        return not compare_metadata(AlembicContext.configure(conn), Base.metadata)


Columns = dict[str, list[str]]
MAIN_TABLES = ("mission", "tenure", "person", "status_change", "source", "party", "city")


def table_columns(url: URL) -> Columns:
    """Every table of the public schema (alembic_version aside) and its columns."""
    columns: Columns = {}
    with psycopg.connect(_dsn(url)) as conn:
        for table, column in conn.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c"
            " JOIN information_schema.tables t USING (table_schema, table_name)"
            " WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'"
            " AND c.table_name <> 'alembic_version'"
            " ORDER BY c.table_name, c.ordinal_position"
        ):
            columns.setdefault(table, []).append(column)
    return columns


def rows(url: URL, columns: Columns) -> dict[str, list[str]]:
    """The rows of these tables, these columns only, as text in a stable order."""
    with psycopg.connect(_dsn(url)) as conn:
        return {
            table: [
                row
                for (row,) in conn.execute(
                    sql.SQL("SELECT ROW({})::text FROM public.{} ORDER BY 1").format(
                        sql.SQL(", ").join(map(sql.Identifier, cols)), sql.Identifier(table)
                    )
                )
            ]
            for table, cols in columns.items()
        }


def test_facts_loaded_at_the_earliest_revision_survive_every_step_to_head(
    alembic_runner: MigrationContext, alembic_engine: Engine
) -> None:
    """A database filled with the seeds at the first revision whose tables today's loader
    fits (earlier ones would need a historical loader), then upgraded one revision at a
    time to head, keeps every row of every table, column by column, after each step;
    and `alembic upgrade head` at head changes nothing."""
    url = alembic_engine.url
    loaded_at = None
    columns: Columns = {}
    before: dict[str, list[str]] = {}
    for revision in revisions(alembic_runner):
        alembic_runner.migrate_up_to(revision)
        if loaded_at is None:
            if not tables_match_the_models(alembic_engine):
                continue
            load_paths(url, [seeds_dir()])
            loaded_at = revision
            columns = table_columns(url)
            before = rows(url, columns)
            assert all(before[table] for table in MAIN_TABLES), "the seeds did not load"
        # Every table and column that existed is still there, with every row.
        assert rows(url, columns) == before, f"rows changed in the upgrade to {revision}"
    assert loaded_at is not None, "today's loader fits no revision, not even head"
    alembic_runner.migrate_up_to("heads")
    assert alembic_runner.current == schema.HEAD
    assert rows(url, columns) == before
