"""The schema revision this code expects, and how to reach it.

``HEAD`` is written here, not read from the migration scripts at run time, so a
read command can check the database's revision without importing Alembic;
``tests/test_migrations.py`` fails if it drifts from the scripts' head.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import URL, Connection

HEAD = "0003"


def alembic_config(url: URL | None = None) -> object:
    from alembic.config import Config

    from registry.paths import alembic_ini, migrations_dir

    config = Config(str(alembic_ini()))
    config.set_main_option("script_location", str(migrations_dir()))
    if url is not None:
        # Hand the URL object over as is: a rendered string would carry "***"
        # in place of the password (the masked-string trap).
        config.attributes["url"] = url
    return config


def current_revision(conn: Connection) -> str | None:
    from sqlalchemy import text

    exists = conn.execute(text("SELECT to_regclass('public.alembic_version')")).scalar()
    if exists is None:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(url: URL) -> bool:
    """Upgrade to head; True if anything was applied."""
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(url)
    with engine.connect() as conn:
        before = current_revision(conn)
    engine.dispose()
    if before == HEAD:
        return False
    command.upgrade(alembic_config(url), "head")  # type: ignore[arg-type]
    return True


def is_known(revision: str) -> bool:
    """Whether this registry's migrations know the revision (else newer code migrated it)."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from registry.paths import migrations_dir

    try:
        return ScriptDirectory(str(migrations_dir())).get_revision(revision) is not None
    except CommandError:
        return False
