"""The schema revision this code expects, and how to reach it.

``HEAD`` is written here, not read from the migration scripts at run time, so a
read command can check the database's revision without importing Alembic;
``tests/test_migrations.py`` fails if it drifts from the scripts' head.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import psycopg
    from sqlalchemy import URL

HEAD = "0010"


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


def current_revision(conn: psycopg.Connection[Any]) -> str | None:
    """The database's Alembic revision; None without the registry schema.

    Read through reporting.schema_revision (revision 0010), which every login that
    reads the reporting schema may read, analysts too: public.alembic_version is
    the owner's. A database older than 0010 lacks the view; its alembic_version is
    read directly (analysts could read it before 0010), so a command still says
    which revision it is at and to run `alembic upgrade head`."""
    row = conn.execute(
        "SELECT coalesce(has_table_privilege(to_regclass('reporting.schema_revision'), 'SELECT')"
        " AND has_schema_privilege(to_regnamespace('reporting'), 'USAGE'), false),"
        " coalesce(has_table_privilege(to_regclass('public.alembic_version'), 'SELECT'), false)"
    ).fetchone()
    if row and row[0]:
        found = conn.execute("SELECT revision FROM reporting.schema_revision").fetchone()
    elif row and row[1]:
        found = conn.execute("SELECT version_num FROM public.alembic_version").fetchone()
    else:
        return None
    return str(found[0]) if found else None


def upgrade(url: URL) -> bool:
    """Upgrade to head; True if anything was applied."""
    import psycopg
    from alembic import command

    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(dsn) as conn:
        before = current_revision(conn)
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
