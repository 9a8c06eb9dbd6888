"""registry.sql.replaceable on a real database at head: a revision from 0011 on
replaces only the objects it names, in place where PostgreSQL allows it, and never
drops what someone else built on them."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import URL

from registry import sql as sql_files
from registry.sql import replaceable
from tests.conftest import _dsn


def run(conn: psycopg.Connection[object], texts: dict[str, str]) -> None:
    for statement in replaceable.statements(texts):
        conn.execute(statement)  # type: ignore[call-overload]


def exists(conn: psycopg.Connection[object], name: str) -> bool:
    return conn.execute("SELECT to_regclass(%s) IS NOT NULL", [name]).fetchone() == (True,)


def test_a_view_someone_built_on_a_replaced_view_fails_the_upgrade_and_stays(
    seeded_db: URL,
) -> None:
    with psycopg.connect(_dsn(seeded_db), autocommit=True) as conn:
        conn.execute("CREATE SCHEMA analytics")
        conn.execute(
            "CREATE VIEW analytics.busy_missions AS"
            " SELECT mission_id, sending FROM reporting.mission"
        )
        with pytest.raises(psycopg.errors.RaiseException) as failed, conn.transaction():
            run(conn, {"reporting.mission": sql_files.source("reporting.mission")})
        message = str(failed.value).splitlines()[0]
        assert message == (
            "cannot replace reporting.mission: analytics.busy_missions depends on it and was"
            " not built by a registry revision; drop it, upgrade, then create it again"
        )
        assert exists(conn, "reporting.mission") and exists(conn, "analytics.busy_missions")


def test_without_one_a_view_is_replaced_in_place_keeping_its_grants(seeded_db: URL) -> None:
    """head_of_mission and the others are left alone; an analyst's grant stays."""
    with psycopg.connect(_dsn(seeded_db), autocommit=True) as conn:
        conn.execute("GRANT SELECT ON reporting.mission TO PUBLIC")
        before = conn.execute("SELECT count(*) FROM reporting.mission").fetchone()
        oid = conn.execute("SELECT 'reporting.mission'::regclass::oid").fetchone()
        with conn.transaction():
            run(conn, {"reporting.mission": sql_files.source("reporting.mission")})
        assert conn.execute("SELECT count(*) FROM reporting.mission").fetchone() == before
        assert conn.execute("SELECT 'reporting.mission'::regclass::oid").fetchone() == oid
        assert conn.execute(
            "SELECT has_table_privilege('registry_analyst', 'reporting.mission', 'SELECT'),"
            " has_table_privilege('public', 'reporting.mission', 'SELECT')"
        ).fetchone() == (True, True)


def test_a_change_postgresql_refuses_in_place_drops_restrict_and_creates(
    seeded_db: URL,
) -> None:
    """A view whose column is renamed cannot be replaced in place: it is dropped
    (RESTRICT, so nothing depending on it goes) and created again, its grants given back."""
    renamed = (
        "CREATE VIEW reporting.schema_revision AS\n"
        "SELECT version_num AS version FROM public.alembic_version;\n"
        "COMMENT ON VIEW reporting.schema_revision IS 'renamed';\n"
    )
    with psycopg.connect(_dsn(seeded_db), autocommit=True) as conn:
        conn.execute("GRANT SELECT ON reporting.schema_revision TO PUBLIC")
        with conn.transaction():
            run(conn, {"reporting.schema_revision": renamed})
        assert conn.execute(
            "SELECT obj_description('reporting.schema_revision'::regclass, 'pg_class'),"
            " has_table_privilege('registry_analyst', 'reporting.schema_revision', 'SELECT'),"
            " has_table_privilege('public', 'reporting.schema_revision', 'SELECT')"
        ).fetchone() == ("renamed", True, True)
        assert conn.execute("SELECT version FROM reporting.schema_revision").fetchone()


def test_a_function_is_replaced_by_its_text(seeded_db: URL) -> None:
    with psycopg.connect(_dsn(seeded_db), autocommit=True) as conn:
        with conn.transaction():
            run(conn, {"reporting.heads_as_of": sql_files.source("reporting.heads_as_of")})
        assert conn.execute(
            "SELECT count(*) > 0 FROM reporting.heads_as_of(current_date)"
        ).fetchone() == (True,)


def test_a_text_must_create_the_object_it_is_named_for() -> None:
    with pytest.raises(ValueError, match=r"reporting\.mission"):
        replaceable.statements({"reporting.mission": sql_files.source("reporting.city")})
