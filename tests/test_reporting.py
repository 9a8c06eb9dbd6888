"""The reporting schema as analysts meet it: a real login in registry_analyst reads every
view and function, no base table, writes nothing; docs/analysts.md is current and its
example reports give the results it shows.

Roles are cluster-wide, so each test module makes a uniquely named login and drops it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import errors, sql
from sqlalchemy import URL

from registry import docs, queries
from registry.models import Base


def dsn(url: URL, user: str | None = None) -> str:
    url = url.set(drivername="postgresql")
    if user is not None:
        url = url.set(username=user, password=None)
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def analyst(shared_db: URL) -> Iterator[str]:
    """A login in registry_analyst, set up exactly as docs/analysts.md says."""
    name = f"registry_test_alice_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dsn(shared_db), autocommit=True) as conn:
        for statement in docs.GRANT_LOGIN_SQL.format(name=name, password="NULL").split(";\n"):
            conn.execute(statement.rstrip(";"))  # type: ignore[arg-type]
    try:
        yield dsn(shared_db, name)
    finally:
        with psycopg.connect(dsn(shared_db), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(name)))


def reporting_objects(url: URL) -> tuple[list[str], list[str]]:
    with psycopg.connect(dsn(url)) as conn:
        views = [
            r[0]
            for r in conn.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE n.nspname = 'reporting' AND c.relkind = 'v' ORDER BY 1"
            )
        ]
        functions = [
            r[0]
            for r in conn.execute(
                "SELECT p.oid::regprocedure::text FROM pg_proc p"
                " JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'reporting'"
                # In the order they were created: a replaced function keeps its oid, not
                # its place in the catalog's heap.
                " ORDER BY p.oid"
            )
        ]
    return views, functions


def test_an_analyst_reads_every_view_and_function(shared_db: URL, analyst: str) -> None:
    views, functions = reporting_objects(shared_db)
    assert {"mission", "head_of_mission", "mission_current_status", "recognition_act"} <= set(views)
    assert functions == [
        "reporting.as_recorded()",
        "reporting.heads_as_of(date)",
        "reporting.evidence_as_of(date,integer[])",  # revision 0014
    ]
    with psycopg.connect(analyst) as conn:
        user = conn.execute("SELECT current_user").fetchone()
        assert user is not None and user[0].startswith("registry_test_alice_")
        for view in views:
            rows = conn.execute(
                sql.SQL("SELECT * FROM reporting.{}").format(sql.Identifier(view))
            ).fetchall()
            # The seeds carry no external identifiers, consular districts, relation
            # events or moves (the importers and bundles add them), and their sources
            # do not disagree.
            imported = (
                "external_identifier",
                "consular_district",
                "relation_event",
                "mission_seat",
            )
            assert rows or view in (*imported, "evidence_conflict"), view
        heads = conn.execute("SELECT count(*) FROM reporting.heads_as_of('2024-09-01')").fetchone()
        assert heads is not None and heads[0] > 0
        evidence = conn.execute(
            "SELECT count(*) FROM reporting.evidence_as_of('2024-10-01', ARRAY[1, 2, 3])"
        ).fetchone()
        assert evidence is not None and evidence[0] > 0


def test_an_analyst_cannot_read_base_tables(analyst: str) -> None:
    with psycopg.connect(analyst, autocommit=True) as conn:
        for table in sorted(Base.metadata.tables):
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(sql.SQL("SELECT 1 FROM public.{}").format(sql.Identifier(table)))


def test_an_analyst_cannot_write(analyst: str) -> None:
    with psycopg.connect(analyst, autocommit=True) as conn:
        assert conn.execute("SHOW statement_timeout").fetchone() == ("30s",)
        # The login's default: read-only transactions.
        with pytest.raises(errors.ReadOnlySqlTransaction):
            conn.execute("CREATE TEMP TABLE scratch (n integer)")
        # The guard that holds when the analyst turns that off: privileges.
        conn.execute("SET default_transaction_read_only = off")
        attempts = [
            "INSERT INTO public.source (key, title, publisher, published_on,"
            " published_precision) VALUES ('x', 'x', 'x', '2024-01-01', 'day')",
            "UPDATE public.party SET name = 'x'",
            "CREATE TABLE public.scratch (n integer)",
            "CREATE VIEW reporting.scratch AS SELECT 1 AS n",
            "DROP VIEW reporting.mission",
            "UPDATE public.alembic_version SET version_num = 'x'",
        ]
        for statement in attempts:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)  # type: ignore[arg-type]
        # The views join tables, so they are not updatable even for their owner.
        for statement in ["DELETE FROM reporting.accreditation", "DELETE FROM reporting.mission"]:
            with pytest.raises((errors.InsufficientPrivilege, errors.ObjectNotInPrerequisiteState)):
                conn.execute(statement)  # type: ignore[arg-type]


def test_the_analyst_group_itself_defaults_to_read_only(shared_db: URL) -> None:
    with psycopg.connect(dsn(shared_db)) as conn:
        row = conn.execute(
            "SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole"
            " WHERE r.rolname = 'registry_analyst' AND s.setdatabase = 0"
        ).fetchone()
    assert row is not None
    assert {"default_transaction_read_only=on", "statement_timeout=30s"} <= set(row[0])


def test_the_writer_may_load_rows_but_not_migrate(seeded_db: URL) -> None:
    with psycopg.connect(dsn(seeded_db)) as conn:
        conn.execute("SET ROLE registry_writer")
        conn.execute(
            "INSERT INTO source (key, title, publisher, published_on, published_precision)"
            " VALUES ('x', 'x', 'x', '2024-01-01', 'day')"
        )
        conn.execute("UPDATE source SET note = 'n' WHERE key = 'x'")
        assert conn.execute("SELECT count(*) FROM reporting.mission").fetchone() != (0,)
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("DELETE FROM source WHERE key = 'x'")
        conn.rollback()
        conn.execute("SET ROLE registry_writer")
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("CREATE TABLE scratch (n integer)")
        conn.rollback()


def test_the_analysts_page_is_current(shared_db: URL) -> None:
    text = docs.DOC.read_text(encoding="utf-8")
    with psycopg.connect(dsn(shared_db)) as conn:
        assert docs.render(text, conn) == text, "docs/analysts.md is stale: python -m registry.docs"


def test_every_example_report_gives_the_result_shown(analyst: str) -> None:
    examples = docs.examples(docs.DOC.read_text(encoding="utf-8"))
    assert len(examples) >= 6
    with psycopg.connect(analyst) as conn:
        for example in examples:
            got = _run(conn, example.sql)
            assert got == example.expected, example.sql


def _run(conn: psycopg.Connection[Any], query: str) -> str:
    try:
        return docs.run_example(conn, query)
    finally:
        conn.rollback()


def _seq_scans(plan: dict[str, Any]) -> list[str]:
    found = [plan["Relation Name"]] if plan["Node Type"] == "Seq Scan" else []
    for child in plan.get("Plans", []):
        found += _seq_scans(child)
    return found


@pytest.mark.parametrize(
    ("lookup", "params"),
    [
        (queries.CITY_LOOKUP, {"key": "addis abeba", "slug": "addis-abeba"}),
        (queries.PARTY_CODE_LOOKUP, {"code": "KZ"}),
        (queries.PARTY_NAME_LOOKUP, {"key": "african union", "slug": "african-union"}),
        (queries.PERSON_LOOKUP, {"key": "daulet yesengeldiyev", "slug": "daulet-yesengeldiyev"}),
    ],
    ids=["city", "party code", "party name", "person"],
)
def test_the_lookups_through_the_reporting_views_read_indexes_only(
    analyst: str, lookup: str, params: dict[str, str]
) -> None:
    """Every read command starts with these (registry.queries), as any login: through the
    views of names, each filter still reaches its table's index (no sequential scan even
    where the planner is told to avoid one, as at world scale)."""
    with psycopg.connect(analyst) as conn:
        conn.execute("SET enable_seqscan = off")
        row = conn.execute("EXPLAIN (FORMAT JSON) " + lookup, params).fetchone()  # type: ignore[operator]
    assert row is not None
    assert _seq_scans(row[0][0]["Plan"]) == []
