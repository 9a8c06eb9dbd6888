"""The database itself enforces the invariants, whatever client writes."""

from __future__ import annotations

import re

import psycopg
import pytest
from sqlalchemy import URL, CheckConstraint

from registry.models import Base
from tests.conftest import Registry, _dsn

INSERT_TENURE = """
INSERT INTO tenure (mission_id, rank_code, valid, start_precision, end_precision, source_id)
SELECT m.id, 'ambassador-e-p', %(valid)s::daterange, 'day', %(end)s, s.id
  FROM mission m JOIN party p ON p.id = m.sending_party_id JOIN city c ON c.id = m.city_id,
       source s
 WHERE p.code = 'KZ' AND c.name = 'Kabul' AND s.key = 'kabul-2024-09'
"""


def test_the_database_rejects_two_overlapping_heads_of_one_mission(seeded_db: URL) -> None:
    with (
        psycopg.connect(_dsn(seeded_db)) as conn,
        pytest.raises(psycopg.errors.ExclusionViolation) as exc,
    ):
        # Yesengeldiyev held the post from 2018-04 to 2024-09-09.
        conn.execute(INSERT_TENURE, {"valid": "[2020-01-01,2021-01-01)", "end": "day"})
    assert exc.value.diag.constraint_name == "ex_tenure_one_head_at_a_time"


def test_the_database_accepts_a_successor_after_the_dismissal(seeded_db: URL) -> None:
    with psycopg.connect(_dsn(seeded_db)) as conn:
        conn.execute(INSERT_TENURE, {"valid": "[2024-09-09,)", "end": None})


def test_the_database_rejects_a_tenure_ending_before_it_starts(seeded_db: URL) -> None:
    with psycopg.connect(_dsn(seeded_db)) as conn, pytest.raises(psycopg.errors.DataException):
        conn.execute(INSERT_TENURE, {"valid": "[2030-01-01,2029-01-01)", "end": "day"})


def test_the_database_rejects_a_fact_without_a_source(seeded_db: URL) -> None:
    with psycopg.connect(_dsn(seeded_db)) as conn, pytest.raises(psycopg.errors.NotNullViolation):
        conn.execute(
            "INSERT INTO city (party_id, key, name, search_key) "
            "SELECT id, 'herat', 'Herat', 'herat' FROM party WHERE code = 'AF'"
        )


def test_every_table_and_column_has_a_comment(seeded_db: URL) -> None:
    with psycopg.connect(_dsn(seeded_db)) as conn:
        missing = conn.execute("""
            SELECT c.relname || coalesce('.' || a.attname, '')
              FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname IN ('public', 'reporting') AND c.relkind IN ('r', 'v')
               AND c.relname <> 'alembic_version'
               AND (a.attnum IS NULL AND obj_description(c.oid, 'pg_class') IS NULL
                    OR a.attnum IS NOT NULL AND col_description(c.oid, a.attnum) IS NULL)
        """).fetchall()
    assert missing == []


def test_every_fact_cites_a_source(seeded_db: URL) -> None:
    with psycopg.connect(_dsn(seeded_db)) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT table_name FROM information_schema.columns"
                " WHERE table_schema = 'public' AND column_name = 'source_id'"
            )
        ]
        for table in tables:
            nullable = conn.execute(
                "SELECT is_nullable FROM information_schema.columns WHERE table_schema = 'public'"
                " AND table_name = %s AND column_name = 'source_id'",
                (table,),
            ).fetchone()
            assert nullable == ("NO",), table
    assert len(tables) >= 10


def test_every_length_limit_of_the_models_is_a_check_of_the_database(registry: Registry) -> None:
    """registry.models declares the limits from registry.limits, revision 0010 writes the numbers
    itself: the two must agree, constraint by constraint (autogenerate compares no CHECK)."""
    declared = {
        f"ck_{table.name}_{match.group(1)}_length": f"CHECK ((char_length({match.group(1)}) <= "
        f"{match.group(2)}))"
        for table in Base.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
        for match in [re.fullmatch(r"char_length\((\w+)\) <= (\d+)", str(constraint.sqltext))]
        if match
    }
    in_database = dict(
        registry.sql(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conname LIKE 'ck\\_%\\_length' AND convalidated"
        )
    )
    # revision 0010's 35, subdivision's 4 (0011), relation_event's and its kinds' 3
    # (0012), complete_list.note (0014), import_run.input (0024)
    assert len(declared) == 44
    assert in_database == declared
