"""Alembic environment, set up as trusted production deployments do (warehouse's env.py).

- The URL comes from REGISTRY_DATABASE_URL (as for the CLI), or from the URL
  object the CLI hands over in ``config.attributes["url"]``; it is never turned
  into a masked string on the way. A caller that already has an engine or a
  connection (the migration tests) hands it over in ``config.attributes["connection"]``;
  migrations on a connection handed over are committed like any other.
- lock_timeout and statement_timeout bound every migration so it cannot queue
  behind analysts' queries and take the site down.
- An advisory lock keeps two migrators from running at once; the second one waits
  at most lock_timeout for it, then fails with a one-line message.
- One transaction per migration: a failed revision rolls back alone, the ones
  before it stay applied and recorded.
- A connection that fails (a wrong host, port or password) or a statement the server
  refuses ends in one line, ``FAILED: cannot connect to postgresql+psycopg://ops:***@...``,
  never a traceback, and the password masked (registry.db.mask_text) in every form.
- ``alembic upgrade head --sql`` (offline mode) needs no server and no URL: it
  prints the same SQL, timeouts and advisory lock included, for review.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

from alembic import context
from alembic.util import CommandError
from alembic.util.sqla_compat import _literal_bindparam
from sqlalchemy import URL, Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.pool import NullPool
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.types import NullType

from registry.db import ENV_URL, DatabaseError, describe_connect_error, mask_text, parse_url
from registry.models import Base

config = context.config
target_metadata = Base.metadata

LOCK_TIMEOUT = "4s"
STATEMENT_TIMEOUT = "60s"
MIGRATION_LOCK_ID = 0x72656769  # "regi": registry's advisory lock for migrations


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # Views and functions of the reporting schema are managed by hand in the
    # revisions (replaceable objects), not by autogenerate.
    return not (type_ == "table" and getattr(obj, "schema", None) == "reporting")


def database_url(*, required: bool = True) -> URL | None:
    url = config.attributes.get("url")
    if url is not None:
        return url  # type: ignore[no-any-return]
    raw = os.environ.get(ENV_URL)
    if not raw:
        if not required:
            return None
        raise SystemExit(f"alembic: set {ENV_URL} to the database to migrate")
    try:
        return parse_url(raw)
    except DatabaseError as exc:
        raise SystemExit(f"alembic: {exc}") from None


@compiles(_literal_bindparam, "postgresql")
def _render_literal(element: _literal_bindparam, compiler: SQLCompiler, **kw: Any) -> str:
    """Offline mode renders op.bulk_insert() rows as literals of their columns' types.

    A column declared without a type (``sa.column("code")``, as revisions commonly
    write for vocabulary rows) has NullType, for which SQLAlchemy has no literal
    renderer, so ``--sql`` would stop at the first such row. Render those values by
    their Python type instead, exactly as the driver binds them online.
    """
    if isinstance(element.type, NullType) and element.value is not None:
        element = _literal_bindparam(element.key, element.value, unique=True)
    return compiler.render_literal_bindparam(element, **kw)


def run_migrations_offline() -> None:
    url = database_url(required=False)
    context.configure(
        url=url,
        dialect_name=None if url is not None else "postgresql",
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        transaction_per_migration=True,
        include_object=include_object,
    )
    # Session settings and the lock come before the first BEGIN, as online.
    context.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    context.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'")
    context.execute(f"SELECT pg_advisory_lock({MIGRATION_LOCK_ID})")
    with context.begin_transaction():
        context.run_migrations()
    context.execute(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_ID})")


def _migrate(connection: Connection) -> None:
    connection.execute(text(f"SET lock_timeout = '{LOCK_TIMEOUT}'"))
    connection.execute(text(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'"))
    try:
        connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
    except OperationalError as exc:  # lock_timeout: another migrator holds the lock
        connection.rollback()
        first = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise CommandError(
            f"another migration is running (advisory lock {MIGRATION_LOCK_ID} held "
            f"for more than {LOCK_TIMEOUT}: {first}); try again when it has finished"
        ) from None
    connection.commit()
    try:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            transaction_per_migration=True,
            compare_server_default=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()
    finally:
        # The session's end releases the lock anyway; unlocking matters for a
        # connection handed in by a caller that keeps using it. A connection
        # broken mid-migration must not hide the error that broke it.
        with contextlib.suppress(SQLAlchemyError):
            connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID})
            connection.commit()


def run_migrations_online() -> None:
    given = config.attributes.get("connection")
    if isinstance(given, Connection):
        _migrate(given)
        return
    if isinstance(given, Engine):
        engine = given
    else:
        engine = create_engine(database_url(), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            _migrate(connection)
    except DBAPIError as exc:
        # A wrong host or password, a server that went away, a revision the server
        # refused: one line (alembic prints "FAILED: ..."), never a traceback, and
        # never the password (a driver error may echo the connection string).
        raise CommandError(_failure(exc, engine.url)) from None
    finally:
        if engine is not given:
            engine.dispose()


def _failure(exc: DBAPIError, url: URL) -> str:
    where = mask_text(url.render_as_string(hide_password=True))
    if exc.statement is None:  # raised while connecting, not by a statement
        return describe_connect_error(exc, where)
    lines = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
    return f"{where}: {mask_text(lines[0] if lines else type(exc).__name__)}"


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
