"""reporting: current status and recognition views; roles owner, writer, analyst

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24 10:00:00

Adds reporting.mission_current_status and reporting.recognition_act, columns at
the end of reporting.mission, head_of_mission and mission_status_change, and
three roles:

- registry_owner (NOLOGIN): all privileges on the registry's tables; the role a
  migrating login belongs to.
- registry_writer (NOLOGIN): SELECT/INSERT/UPDATE on the base tables, USAGE on
  their sequences (``registry load``), and read access to reporting.
- registry_analyst (NOLOGIN group): the reporting schema only (SELECT on its
  views, EXECUTE on its functions), no base table; its sessions default to
  read-only transactions and a 30 s statement timeout.

Roles are cluster-wide: created only when missing (other databases on the server
may have created them already), and never dropped on downgrade, because other
databases of the cluster may still hold grants to them; downgrade revokes what
this revision granted in this database. The reporting schema is dropped and
created whole from the frozen copy below, grants included; downgrade restores
0002's copy. No table or row is touched.
"""

from collections.abc import Sequence

from alembic import context, op

from registry.sql import frozen

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _create_role(name: str, *settings: str) -> str:
    """SQL that creates a NOLOGIN role unless it exists (two databases migrating at
    once may race: the loser's duplicate is ignored). Settings are applied only to
    a role this revision creates, so an administrator's changes are kept."""
    alter = "".join(f"        ALTER ROLE {name} SET {s};\n" for s in settings)
    return (
        "DO $$\n"
        "BEGIN\n"
        f"    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{name}') THEN\n"
        "        BEGIN\n"
        f"            CREATE ROLE {name} NOLOGIN;\n"
        "        EXCEPTION WHEN duplicate_object OR unique_violation THEN\n"
        "            RETURN;\n"
        "        END;\n"
        f"{alter}"
        "    END IF;\n"
        "END\n"
        "$$"
    )


TABLE_PRIVILEGES = [
    "GRANT ALL ON ALL TABLES IN SCHEMA public TO registry_owner",
    "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO registry_owner",
    "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO registry_writer",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO registry_writer",
    # The writer loads rows, never migrates: alembic_version is read-only to it.
    "REVOKE INSERT, UPDATE ON public.alembic_version FROM registry_writer",
    # Analysts read the reporting schema only. alembic_version (no data) stays
    # readable so `registry` commands run as an analyst can check the revision.
    "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM registry_analyst",
    "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM registry_analyst",
    "GRANT SELECT ON public.alembic_version TO registry_analyst",
    # Tables later revisions create, by the same migrating user, get the same grants.
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public"
    " GRANT SELECT, INSERT, UPDATE ON TABLES TO registry_writer",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO registry_writer",
    "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO registry_owner",
    # Nobody but the owner creates objects in public (already PostgreSQL 15's default).
    "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
]


def upgrade() -> None:
    op.execute(_create_role("registry_owner"))
    op.execute(_create_role("registry_writer"))
    op.execute(
        _create_role(
            "registry_analyst",
            "default_transaction_read_only = on",
            "statement_timeout = '30s'",
        )
    )
    for statement in TABLE_PRIVILEGES:
        op.execute(statement)
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    op.execute(REPORTING_SQL)


def downgrade() -> None:
    previous = context.script.get_revision("0002").module.REPORTING_SQL
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    op.execute(previous)
    # The roles stay (see the module docstring); this database's grants go. The
    # REVOKE CREATE ON SCHEMA public is kept: restoring it would reopen a hole.
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM registry_writer"
    )
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM registry_writer"
    )
    op.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM registry_owner")
    for role in ("registry_owner", "registry_writer", "registry_analyst"):
        op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
        op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}")


# The reporting schema as this revision ran it, from the frozen texts
# (migrations/sql/versions/, registry/sql/frozen.py).
REPORTING_SQL = frozen.join(
    "0003",
    "reporting",
    "reporting.mission",
    "reporting.head_of_mission",
    "reporting.accreditation",
    "reporting.mission_status_change",
    "reporting.mission_current_status",
    "reporting.recognition_act",
    "reporting.heads_as_of",
    "reporting._grants",
)
