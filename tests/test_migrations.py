"""Migrations: one head, up and down and up again, and models equal to migrations."""

from __future__ import annotations

import re
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import URL

from registry import schema
from registry.paths import migrations_dir


def config(url: URL):  # type: ignore[no-untyped-def]
    return schema.alembic_config(url)


def test_there_is_a_single_head_and_the_code_expects_it() -> None:
    scripts = ScriptDirectory(str(migrations_dir()))
    assert scripts.get_heads() == [schema.HEAD]


def test_upgrade_downgrade_upgrade_round_trips(empty_db: URL) -> None:
    cfg = config(empty_db)
    command.upgrade(cfg, "head")
    command.downgrade(cfg, "base")
    command.upgrade(cfg, "head")


def test_models_match_the_migrations(empty_db: URL) -> None:
    cfg = config(empty_db)
    command.upgrade(cfg, "head")
    command.check(cfg)  # raises if autogenerate would find anything


def test_the_reporting_sql_file_is_the_head_migrations_copy() -> None:
    head = next(migrations_dir().glob(f"versions/{schema.HEAD}_*.py")).read_text()
    frozen = re.search(r'REPORTING_SQL = r"""\n(.*)"""', head, re.S)
    assert frozen is not None
    current = (Path(__file__).parents[1] / "registry" / "views" / "reporting.sql").read_text()
    assert frozen.group(1) == current
