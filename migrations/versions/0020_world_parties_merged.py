"""Governments in exile: party.kind allows government_in_exile

Revision ID: 0020
Revises: 0017
Create Date: 2026-12-01 14:30:00

Issue 21. The Central Tibetan Administration keeps offices abroad (Paris, Geneva,
Tokyo in the Wikidata extract) and is neither a state nor a sub-national government:
party.kind allows government_in_exile (registry/data/parties.csv names it), and
reporting.party's column comment says so.

Locks and duration (docs/operations.md): the kind CHECK is dropped and added again,
wider, in the same transaction (ACCESS EXCLUSIVE on party, a few hundred rows,
milliseconds); CREATE OR REPLACE of reporting.party locks it for an instant. A
downgrade fails, rolling back, while a party of kind government_in_exile exists.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from registry.sql import replaceable

revision: str = "0020"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQUAWK_ACCEPTED = {
    "constraint-missing-not-valid": "party holds a few hundred rows: the kind CHECK "
    "validates in milliseconds, inside the revision's own transaction",
    "ban-drop-constraint": "ck_party_kind_known is dropped only to be added again, wider "
    "(every kind it allowed and one more), in the same transaction: no moment without "
    "the guarantee is ever visible to another session",
}

KINDS_0011 = (
    "state",
    "historical_state",
    "state_limited_recognition",
    "sovereign_entity",
    "subnational",
    "organisation",
)
KINDS = (*KINDS_0011[:5], "government_in_exile", KINDS_0011[5])

COMMENT_0011 = (
    "state (an ISO 3166-1 entry), historical_state, state_limited_recognition (Kosovo, "
    "Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, "
    "Flanders) or organisation."
)
COMMENT = (
    "state (an ISO 3166-1 entry), historical_state, state_limited_recognition (Kosovo, "
    "Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, "
    "Flanders), government_in_exile (the Central Tibetan Administration) or organisation."
)


def upgrade() -> None:
    op.execute("ALTER TABLE party DROP CONSTRAINT ck_party_kind_known")
    op.execute(
        "ALTER TABLE party ADD CONSTRAINT ck_party_kind_known CHECK (kind IN ("
        + ", ".join(f"'{k}'" for k in KINDS)
        + "))"
    )
    op.alter_column(
        "party",
        "kind",
        existing_type=sa.TEXT(),
        comment=COMMENT,
        existing_comment=COMMENT_0011,
        existing_nullable=False,
    )
    replaceable.replace(op, "0020", "reporting.party")


def downgrade() -> None:
    replaceable.replace(op, "0011", "reporting.party")
    op.alter_column(
        "party",
        "kind",
        existing_type=sa.TEXT(),
        comment=COMMENT_0011,
        existing_comment=COMMENT,
        existing_nullable=False,
    )
    op.execute("ALTER TABLE party DROP CONSTRAINT ck_party_kind_known")
    op.execute(
        "ALTER TABLE party ADD CONSTRAINT ck_party_kind_known CHECK (kind IN ("
        + ", ".join(f"'{k}'" for k in KINDS_0011)
        + "))"
    )
