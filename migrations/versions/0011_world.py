"""Parties of every kind (limited recognition, sovereign entities, sub-national
governments) with dates of existence, COW codes and dated names; successions between
parties; ISO 3166-2 subdivisions and consular districts made of them; the mission
kinds and ranks the world uses, from the vocabulary files

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 11:10:00

Issue 21 (items 1-3, 7) and issue 16 item 4. A renamed state (Dahomey -> Benin) is one
party whose names are dated (party_alias.valid); a split or merger links parties in
party_succession; party.existed and party.cow_code keep a historical state's dates and
COW code. A consulate's district can be provinces of the host: subdivision (ISO 3166-2,
loaded from pycountry with the other reference parties) and mission_jurisdiction.
reporting.party and reporting.party_name gain columns at their ends (CREATE OR
REPLACE); reporting.consular_district is new. The vocabulary (mission_kind, rank,
status_change_kind) is made equal to migrations/vocabulary/0011/, the copy of
registry/data/vocabulary/ frozen for this revision (downgrade: to 0010's copy).

Locks and duration (docs/operations.md): the new tables are empty; ADD COLUMN without a
default and the kind CHECK take an ACCESS EXCLUSIVE lock on party and party_alias
(hundreds of rows: milliseconds, the CHECK's scan included); the vocabulary rows are a
few dozen. A downgrade fails (and rolls back) while a mission or tenure uses a kind or
rank 0010 does not know, or a party is of a kind it does not know.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from registry.sql import frozen, replaceable
from registry.vocabulary import migrate

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQUAWK_ACCEPTED = {
    "constraint-missing-not-valid": "party holds a few hundred rows: the kind CHECK "
    "validates in milliseconds, inside the revision's own transaction",
    "ban-drop-constraint": "ck_party_kind_known is dropped only to be added again, wider "
    "(every kind it allowed and four more), in the same transaction: no moment without "
    "the guarantee is ever visible to another session",
}

PARTY_KINDS = (
    "state",
    "historical_state",
    "state_limited_recognition",
    "sovereign_entity",
    "subnational",
    "organisation",
)


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def upgrade() -> None:
    op.create_table(
        "party_succession",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "predecessor_id", sa.Integer(), nullable=False, comment="The party that ended or split."
        ),
        sa.Column(
            "successor_id", sa.Integer(), nullable=False, comment="A party that succeeded it."
        ),
        sa.Column(
            "how",
            sa.Text(),
            nullable=False,
            comment="split, merger, absorption, dissolution or independence.",
        ),
        sa.Column(
            "occurred_on",
            sa.Date(),
            nullable=False,
            comment="When the successor took over (its first day when less is known).",
        ),
        sa.Column(
            "occurred_precision",
            sa.Text(),
            nullable=False,
            comment="How much of occurred_on is known: day, month or year.",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.CheckConstraint(
            "how IN ('split', 'merger', 'absorption', 'dissolution', 'independence')",
            name=op.f("ck_party_succession_how_known"),
        ),
        sa.CheckConstraint(
            "occurred_precision IN ('day', 'month', 'year')",
            name=op.f("ck_party_succession_occurred_precision_known"),
        ),
        sa.CheckConstraint(
            "predecessor_id <> successor_id", name=op.f("ck_party_succession_two_parties")
        ),
        sa.ForeignKeyConstraint(
            ["predecessor_id"], ["party.id"], name=op.f("fk_party_succession_predecessor_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_party_succession_source_id_source")
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["party.id"], name=op.f("fk_party_succession_successor_id_party")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_succession")),
        sa.UniqueConstraint(
            "predecessor_id",
            "successor_id",
            name=op.f("uq_party_succession_predecessor_id_successor_id"),
        ),
        comment="A party that ended or split and the parties that succeeded it: Czechoslovakia -> the Czech Republic and Slovakia (a split), the German Democratic Republic -> Germany (an absorption). A renamed state is one party with dated names (party_alias.valid), not a succession.",
    )
    op.create_index(
        op.f("ix_party_succession_predecessor_id"),
        "party_succession",
        ["predecessor_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_party_succession_source_id"), "party_succession", ["source_id"], unique=False
    )
    op.create_index(
        op.f("ix_party_succession_successor_id"), "party_succession", ["successor_id"], unique=False
    )
    op.create_table(
        "subdivision",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "code", sa.Text(), nullable=False, comment="ISO 3166-2 code, e.g. 'CN-GD' (Guangdong)."
        ),
        sa.Column(
            "party_id", sa.Integer(), nullable=False, comment="The state it is a subdivision of."
        ),
        sa.Column("name", sa.Text(), nullable=False, comment="Its name as ISO 3166-2 gives it."),
        sa.Column(
            "search_key",
            sa.Text(),
            nullable=False,
            comment="The name folded for lookup: lower case, no accents.",
        ),
        sa.Column(
            "type",
            sa.Text(),
            nullable=False,
            comment="What ISO 3166-2 calls it: Province, State, Land, Autonomous region...",
        ),
        sa.Column(
            "parent_code",
            sa.Text(),
            nullable=True,
            comment="The ISO 3166-2 code of the subdivision it lies in, if any.",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.CheckConstraint("char_length(code) <= 200", name=op.f("ck_subdivision_code_length")),
        sa.CheckConstraint("char_length(name) <= 300", name=op.f("ck_subdivision_name_length")),
        sa.CheckConstraint(
            "char_length(search_key) <= 300", name=op.f("ck_subdivision_search_key_length")
        ),
        sa.CheckConstraint("char_length(type) <= 200", name=op.f("ck_subdivision_type_length")),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_subdivision_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_subdivision_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subdivision")),
        sa.UniqueConstraint("code", name=op.f("uq_subdivision_code")),
        comment="A subdivision of a state (ISO 3166-2, from pycountry): a province, state, Land, region. Consular districts are made of them.",
    )
    op.create_index(op.f("ix_subdivision_party_id"), "subdivision", ["party_id"], unique=False)
    op.create_index(op.f("ix_subdivision_search_key"), "subdivision", ["search_key"], unique=False)
    op.create_index(op.f("ix_subdivision_source_id"), "subdivision", ["source_id"], unique=False)
    op.create_table(
        "mission_jurisdiction",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("mission_id", sa.Integer(), nullable=False, comment="The consular post."),
        sa.Column(
            "subdivision_id",
            sa.Integer(),
            nullable=False,
            comment="A subdivision its district covers.",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the registry recorded it.",
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_mission_jurisdiction_mission_id_mission"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_mission_jurisdiction_source_id_source")
        ),
        sa.ForeignKeyConstraint(
            ["subdivision_id"],
            ["subdivision.id"],
            name=op.f("fk_mission_jurisdiction_subdivision_id_subdivision"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission_jurisdiction")),
        sa.UniqueConstraint(
            "mission_id",
            "subdivision_id",
            name=op.f("uq_mission_jurisdiction_mission_id_subdivision_id"),
        ),
        comment="A consular district made of subdivisions of the host: the consulate general in Guangzhou covers Guangdong, Guangxi, Fujian and Hainan.",
    )
    op.create_index(
        op.f("ix_mission_jurisdiction_mission_id"),
        "mission_jurisdiction",
        ["mission_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mission_jurisdiction_source_id"),
        "mission_jurisdiction",
        ["source_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mission_jurisdiction_subdivision_id"),
        "mission_jurisdiction",
        ["subdivision_id"],
        unique=False,
    )
    op.add_column(
        "party",
        sa.Column(
            "existed",
            postgresql.DATERANGE(),
            nullable=True,
            comment="When the party existed, [from, until); NULL when not recorded, an open upper bound while it exists (the GDR: [1949-10-07, 1990-10-03)).",
        ),
    )
    op.add_column(
        "party",
        sa.Column(
            "cow_code",
            sa.SmallInteger(),
            nullable=True,
            comment="Correlates of War state code (registry/data/cow_states.csv), kept for historical states too.",
        ),
    )
    op.alter_column(
        "party",
        "kind",
        existing_type=sa.TEXT(),
        comment="state (an ISO 3166-1 entry), historical_state, state_limited_recognition (Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, Flanders) or organisation.",
        existing_comment="state (an ISO 3166-1 entry), historical_state or organisation.",
        existing_nullable=False,
    )
    op.add_column(
        "party_alias",
        sa.Column(
            "valid",
            postgresql.DATERANGE(),
            nullable=True,
            comment="When the party bore this name, [from, until): Dahomey until 1975-11-30; NULL when the name is not dated (a translation, an abbreviation).",
        ),
    )
    op.execute("ALTER TABLE party DROP CONSTRAINT ck_party_kind_known")
    op.execute(
        f"ALTER TABLE party ADD CONSTRAINT ck_party_kind_known CHECK (kind IN ({_quoted(PARTY_KINDS)}))"
    )
    migrate(op, "0010", "0011")
    replaceable.replace(op, "0011", "reporting.party", "reporting.party_name")
    op.execute(frozen.text("reporting.consular_district", "0011"))
    op.execute("GRANT SELECT ON reporting.consular_district TO registry_analyst, registry_writer")


def downgrade() -> None:
    op.execute("DROP VIEW reporting.consular_district")
    replaceable.replace(op, "0010", "reporting.party_name", "reporting.party")
    migrate(op, "0011", "0010")
    op.execute("ALTER TABLE party DROP CONSTRAINT ck_party_kind_known")
    op.execute(
        "ALTER TABLE party ADD CONSTRAINT ck_party_kind_known "
        "CHECK (kind IN ('state', 'historical_state', 'organisation'))"
    )
    op.drop_column("party_alias", "valid")
    op.alter_column(
        "party",
        "kind",
        existing_type=sa.TEXT(),
        comment="state (an ISO 3166-1 entry), historical_state or organisation.",
        existing_comment="state (an ISO 3166-1 entry), historical_state, state_limited_recognition (Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational (Quebec, Flanders) or organisation.",
        existing_nullable=False,
    )
    op.drop_column("party", "cow_code")
    op.drop_column("party", "existed")
    op.drop_index(op.f("ix_mission_jurisdiction_subdivision_id"), table_name="mission_jurisdiction")
    op.drop_index(op.f("ix_mission_jurisdiction_source_id"), table_name="mission_jurisdiction")
    op.drop_index(op.f("ix_mission_jurisdiction_mission_id"), table_name="mission_jurisdiction")
    op.drop_table("mission_jurisdiction")
    op.drop_index(op.f("ix_subdivision_source_id"), table_name="subdivision")
    op.drop_index(op.f("ix_subdivision_search_key"), table_name="subdivision")
    op.drop_index(op.f("ix_subdivision_party_id"), table_name="subdivision")
    op.drop_table("subdivision")
    op.drop_index(op.f("ix_party_succession_successor_id"), table_name="party_succession")
    op.drop_index(op.f("ix_party_succession_source_id"), table_name="party_succession")
    op.drop_index(op.f("ix_party_succession_predecessor_id"), table_name="party_succession")
    op.drop_table("party_succession")
