"""Alembic environment, set up as trusted production deployments do.

- The URL comes from REGISTRY_DATABASE_URL (as for the CLI), or from the URL
  object the CLI hands over in ``config.attributes["url"]``; it is never turned
  into a masked string on the way.
- lock_timeout and statement_timeout bound every migration so it cannot queue
  behind analysts' queries and take the site down.
- An advisory lock keeps two migrators from running at once.
- One transaction per migration.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from registry.db import ENV_URL, DatabaseError, parse_url
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


def database_url():  # type: ignore[no-untyped-def]
    url = config.attributes.get("url")
    if url is not None:
        return url
    raw = os.environ.get(ENV_URL)
    if not raw:
        raise SystemExit(f"alembic: set {ENV_URL} to the database to migrate")
    try:
        return parse_url(raw)
    except DatabaseError as exc:
        raise SystemExit(f"alembic: {exc}") from None


def run_migrations_offline() -> None:
    context.configure(
        url=database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        transaction_per_migration=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
        context.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'")
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(database_url(), poolclass=NullPool)
    with engine.connect() as connection:
        connection.execute(text(f"SET lock_timeout = '{LOCK_TIMEOUT}'"))
        connection.execute(text(f"SET statement_timeout = '{STATEMENT_TIMEOUT}'"))
        connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": MIGRATION_LOCK_ID})
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
            connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": MIGRATION_LOCK_ID})
            connection.commit()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
