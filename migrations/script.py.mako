"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}

Before you edit: the code still running in production must keep working while
and after this runs. Change the schema here; move data in a separate revision.
env.py sets lock_timeout and statement_timeout; if a step truly needs longer,
raise them here with SET LOCAL and say why beside it.
CI lints this revision's SQL (alembic upgrade head --sql) with squawk: index an
existing table CONCURRENTLY, inside op.get_context().autocommit_block() and with
IF NOT EXISTS (that block leaves the revision's transaction); add constraints
NOT VALID and VALIDATE them in a later revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}

revision: str = ${repr(up_revision)}
down_revision: str | None = ${repr(down_revision)}
branch_labels: str | Sequence[str] | None = ${repr(branch_labels)}
depends_on: str | Sequence[str] | None = ${repr(depends_on)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
