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

HEAD = "0027"


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


class RevisionUnreadable(Exception):
    """The registry's schema is there, but this login may not read its revision."""


# Found in the catalog, not by name: naming a relation in a schema the login may not
# use is itself refused ("permission denied for schema reporting").
_REVISION_SOURCES = """
SELECT n.nspname, c.oid,
       has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE (n.nspname, c.relname) IN (('reporting', 'schema_revision'), ('public', 'alembic_version'))
 ORDER BY n.nspname = 'reporting' DESC
"""


def current_revision(conn: psycopg.Connection[Any]) -> str | None:
    """The database's Alembic revision; None without the registry schema.

    Read through reporting.schema_revision (revision 0010), which every login that
    reads the reporting schema may read, analysts too: public.alembic_version is
    the owner's. A database older than 0010 lacks the view; its alembic_version is
    read directly (analysts could read it before 0010), so a command still says
    which revision it is at and to run `alembic upgrade head`. Raises
    RevisionUnreadable when the schema is there but this login may read neither."""
    sources = conn.execute(_REVISION_SOURCES).fetchall()
    for schema_name, _, readable in sources:
        if readable:
            sql = (
                "SELECT revision FROM reporting.schema_revision"
                if schema_name == "reporting"
                else "SELECT version_num FROM public.alembic_version"
            )
            found = conn.execute(sql).fetchone()
            return str(found[0]) if found else None
    if sources:
        user = conn.execute("SELECT current_user").fetchone()
        raise RevisionUnreadable(
            f"this login ({user[0] if user else '?'}) may not read the registry's schema "
            "revision (reporting.schema_revision): log in as a member of registry_analyst, "
            "registry_writer or registry_owner (docs/operations.md)"
        )
    return None


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
