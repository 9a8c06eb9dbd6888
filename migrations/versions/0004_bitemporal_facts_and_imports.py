"""bitemporal facts, external identifiers, mission sources; reporting honours recorded time

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 09:00:00

Recorded time (issue 6): accreditation, tenure and status_change become
append-only version tables. Each row gains ``recorded`` (tstzrange: when this
version was recorded, until it was superseded or retracted), ``recorded_by``
(the database user) and ``supersedes_id`` (the version it corrects). A trigger
forbids DELETE and any UPDATE but closing a current version's recorded range at
now(). Uniqueness and the one-head-at-a-time exclusion apply within what the
registry held at any one moment. Rows present before this revision are stamped
with the time it ran. mission gains recorded_at and recorded_by.

Imports (issue 7): external_id (Wikidata QIDs, pocom ids for parties, cities,
missions and people), mission_source (every source attesting a mission; backfilled
from mission.source_id), tenure.resident_city_id (non-resident heads, e.g. the US
ministers to Afghanistan who resided at Tehran), and vocabulary for historical
data: the legation, ranks such as minister, diplomatic agent, commissioner, and
the ways tenures end as pocom records them.

The reporting schema is dropped and recreated from the frozen copy below: the same
views with columns added at the end, every view filtered by reporting.as_recorded(),
new views tenure_version and external_identifier, and heads_as_of rewritten as an
invoker SQL function over the views (inlinable; no longer SECURITY DEFINER).

Runs in one transaction; ALTER TABLE takes ACCESS EXCLUSIVE locks on the four fact
tables for the few statements it needs (no table rewrite: the new columns' defaults
are stable expressions). Downgrade removes only what this revision added, after
deleting superseded versions (the previous schema cannot hold them).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.dialects import postgresql

from registry.sql import frozen

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED = ("accreditation", "tenure", "status_change")

# squawk rules this revision breaks on purpose (.ci/run lints each revision's SQL
# with these switched off for it alone). Its first ALTER TABLE takes an ACCESS
# EXCLUSIVE lock on each fact table, held to the end of the one transaction, so
# concurrent index builds and NOT VALID constraints would buy nothing: writes (and
# reads of the base tables) wait for the whole revision instead. That is the cost,
# stated in docs/operations.md: run it in a quiet moment.
SQUAWK_ACCEPTED = {
    "adding-field-with-default": "stable defaults (now(), CURRENT_USER): no table rewrite",
    "constraint-missing-not-valid": "the table is locked for the revision anyway",
    "adding-foreign-key-constraint": "the table is locked for the revision anyway",
    "require-concurrent-index-creation": "CONCURRENTLY cannot run inside the transaction",
    "ban-drop-constraint": "each dropped constraint is recreated, narrowed to current "
    "versions, in the same transaction",
}

MISSION_KINDS = [
    (
        "legation",
        "legation",
        "A mission headed by an envoy or minister rather than an ambassador (common before 1945).",
    ),
]

# (code, title, Vienna Convention Art. 14 class, ad interim, COW level)
RANKS = [
    ("minister", "Minister (Plenipotentiary)", "b", False, 2),
    ("minister-resident-consul-general", "Minister Resident and Consul General", "b", False, 2),
    ("diplomatic-agent", "Diplomatic Agent", None, False, 9),
    ("agent-consul-general", "Agent and Consul General", None, False, 9),
    ("commissioner", "Commissioner", None, False, 9),
    ("representative", "Representative", None, False, 9),
    (
        "personal-representative",
        "Personal Representative of the Head of State",
        None,
        False,
        9,
    ),
    ("principal-officer", "Principal Officer", None, False, 9),
]

# (code, label, applies to, mission status afterwards)
STATUS_CHANGE_KINDS = [
    ("left-post", "head left post", "tenure", None),
    ("presented-recall", "head presented letters of recall", "tenure", None),
    ("relinquished-charge", "chargé relinquished charge", "tenure", None),
    ("appointment-terminated", "head's appointment terminated", "tenure", None),
    ("promoted", "head promoted to a higher rank", "tenure", None),
    ("officially-recognised", "host officially recognised the head", "tenure", None),
    ("ended", "tenure ended (cause not stated)", "tenure", None),
    ("relations-interrupted", "normal relations interrupted", "mission", "suspended"),
    ("recognition-withdrawn", "recognition withdrawn", "mission", None),
]

APPEND_ONLY_FUNCTION = "\n" + frozen.join(
    "0004",
    "public.keep_history",
)


def upgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    recorded_comment = (
        "Recorded time, [when this version was recorded, when it was superseded or "
        "retracted): the registry's own history, kept apart from valid time. Open while current."
    )
    for table in VERSIONED:
        op.add_column(
            table,
            sa.Column(
                "recorded",
                postgresql.TSTZRANGE(),
                server_default=sa.text("tstzrange(now(), NULL)"),
                nullable=False,
                comment=recorded_comment,
            ),
        )
        op.add_column(
            table,
            sa.Column(
                "recorded_by",
                sa.Text(),
                server_default=sa.text("CURRENT_USER"),
                nullable=False,
                comment="The database user who recorded this version.",
            ),
        )
        op.add_column(
            table,
            sa.Column(
                "supersedes_id",
                sa.Integer(),
                nullable=True,
                comment="The version this row corrects, when it is a correction; NULL for a "
                "first record.",
            ),
        )
        op.create_foreign_key(
            op.f(f"fk_{table}_supersedes_id_{table}"), table, table, ["supersedes_id"], ["id"]
        )
        op.create_index(op.f(f"ix_{table}_supersedes_id"), table, ["supersedes_id"])
        op.create_check_constraint(
            op.f(f"ck_{table}_recorded_has_lower_bound"), table, "NOT lower_inf(recorded)"
        )

    op.drop_constraint("uq_accreditation_mission_id_party_id", "accreditation", type_="unique")
    op.create_index(
        "uq_accreditation_current",
        "accreditation",
        ["mission_id", "party_id"],
        unique=True,
        postgresql_where=sa.text("upper_inf(recorded)"),
    )
    op.drop_constraint(
        "uq_status_change_kind_mission_id_tenure_id_occurred_on", "status_change", type_="unique"
    )
    op.create_index(
        "uq_status_change_current",
        "status_change",
        ["kind", "mission_id", "tenure_id", "occurred_on"],
        unique=True,
        postgresql_nulls_not_distinct=True,
        postgresql_where=sa.text("upper_inf(recorded)"),
    )
    op.execute("ALTER TABLE tenure DROP CONSTRAINT ex_tenure_one_head_at_a_time")
    op.execute(
        "ALTER TABLE tenure ADD CONSTRAINT ex_tenure_one_head_at_a_time "
        "EXCLUDE USING gist (mission_id WITH =, valid WITH &&, recorded WITH &&)"
    )
    op.execute(
        "COMMENT ON TABLE tenure IS 'One head of a mission, at one rank, over a period (valid "
        "time), as recorded over a period (recorded time). The exclusion constraint forbids two "
        "overlapping heads of one mission in what the registry held at any moment.'"
    )

    op.add_column(
        "tenure",
        sa.Column(
            "resident_city_id",
            sa.Integer(),
            nullable=True,
            comment="Where the head resided when accredited from elsewhere (a non-resident, "
            "concurrent accreditation: the US ministers to Afghanistan 1935-1942 resided at "
            "Tehran); NULL when resident at the mission's seat.",
        ),
    )
    op.create_foreign_key(
        op.f("fk_tenure_resident_city_id_city"), "tenure", "city", ["resident_city_id"], ["id"]
    )
    op.create_index(op.f("ix_tenure_resident_city_id"), "tenure", ["resident_city_id"])

    op.add_column(
        "mission",
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the registry first recorded the mission (rows older than revision "
            "0004 carry that revision's time).",
        ),
    )
    op.add_column(
        "mission",
        sa.Column(
            "recorded_by",
            sa.Text(),
            server_default=sa.text("CURRENT_USER"),
            nullable=False,
            comment="The database user who recorded this version.",
        ),
    )

    op.create_table(
        "mission_source",
        sa.Column("mission_id", sa.Integer(), nullable=False, comment="The mission attested."),
        sa.Column("source_id", sa.Integer(), nullable=False, comment="The attesting source."),
        sa.Column(
            "listed_as",
            sa.Text(),
            nullable=True,
            comment="How the source names or describes the mission, if it does.",
        ),
        sa.Column(
            "recorded_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
            comment="When the registry recorded the attestation.",
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_mission_source_mission_id_mission"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_mission_source_source_id_source")
        ),
        sa.PrimaryKeyConstraint("mission_id", "source_id", name=op.f("pk_mission_source")),
        comment="Every source that attests a mission, with the name it gives it: one mission, "
        "many sources (the seeds and Wikidata both list Kazakhstan's embassy in Kabul).",
    )
    op.create_index(op.f("ix_mission_source_source_id"), "mission_source", ["source_id"])
    op.execute(
        "INSERT INTO mission_source (mission_id, source_id, recorded_at) "
        "SELECT id, source_id, recorded_at FROM mission"
    )

    op.create_table(
        "external_id",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "scheme",
            sa.Text(),
            nullable=False,
            comment="Whose identifier: 'wikidata', 'pocom-person', 'pocom-territory', ...",
        ),
        sa.Column("value", sa.Text(), nullable=False, comment="The identifier, e.g. 'Q1234567'."),
        sa.Column("party_id", sa.Integer(), nullable=True, comment="The party identified."),
        sa.Column("city_id", sa.Integer(), nullable=True, comment="The city identified."),
        sa.Column("mission_id", sa.Integer(), nullable=True, comment="The mission identified."),
        sa.Column("person_id", sa.Integer(), nullable=True, comment="The person identified."),
        sa.Column(
            "source_id",
            sa.Integer(),
            nullable=False,
            comment="The source this fact is cited from.",
        ),
        sa.CheckConstraint(
            "num_nonnulls(party_id, city_id, mission_id, person_id) = 1",
            name=op.f("ck_external_id_one_subject"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["party.id"],
            name=op.f("fk_external_id_party_id_party"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_external_id_city_id_city"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_external_id_mission_id_mission"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_external_id_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_external_id_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_id")),
        sa.UniqueConstraint("scheme", "value", name=op.f("uq_external_id_scheme_value")),
        comment="Identifiers other datasets give our parties, cities, missions and people (a "
        "Wikidata QID, a pocom person id), so re-imports find the same rows.",
    )
    for column in ("party_id", "city_id", "mission_id", "person_id", "source_id"):
        op.create_index(op.f(f"ix_external_id_{column}"), "external_id", [column])

    op.bulk_insert(
        sa.table("mission_kind", sa.column("code"), sa.column("label"), sa.column("description")),
        [dict(zip(("code", "label", "description"), row, strict=True)) for row in MISSION_KINDS],
    )
    op.bulk_insert(
        sa.table(
            "rank",
            sa.column("code"),
            sa.column("title"),
            sa.column("vienna_class"),
            sa.column("ad_interim", sa.Boolean),
            sa.column("cow_level", sa.SmallInteger),
        ),
        [
            dict(zip(("code", "title", "vienna_class", "ad_interim", "cow_level"), r, strict=True))
            for r in RANKS
        ],
    )
    op.bulk_insert(
        sa.table(
            "status_change_kind",
            sa.column("code"),
            sa.column("label"),
            sa.column("applies_to"),
            sa.column("mission_status"),
        ),
        [
            dict(zip(("code", "label", "applies_to", "mission_status"), r, strict=True))
            for r in STATUS_CHANGE_KINDS
        ],
    )

    op.execute(APPEND_ONLY_FUNCTION)
    for table in VERSIONED:
        op.execute(
            f"CREATE TRIGGER {table}_keep_history BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION public.keep_history()"
        )
    op.execute(REPORTING_SQL)


def downgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS reporting CASCADE")
    for table in VERSIONED:
        op.execute(f"DROP TRIGGER {table}_keep_history ON {table}")
    op.execute("DROP FUNCTION public.keep_history()")
    # The previous schema holds one version per fact: superseded versions go, then
    # status changes whose tenure went with them.
    op.execute("DELETE FROM status_change WHERE NOT upper_inf(recorded)")
    op.execute(
        "DELETE FROM status_change sc USING tenure t "
        "WHERE t.id = sc.tenure_id AND NOT upper_inf(t.recorded)"
    )
    op.execute("UPDATE tenure SET supersedes_id = NULL")
    op.execute("DELETE FROM tenure WHERE NOT upper_inf(recorded)")
    op.execute("DELETE FROM accreditation WHERE NOT upper_inf(recorded)")
    op.execute(
        "DELETE FROM status_change_kind WHERE code IN ("
        + ", ".join(f"'{k[0]}'" for k in STATUS_CHANGE_KINDS)
        + ")"
    )
    op.execute("DELETE FROM rank WHERE code IN (" + ", ".join(f"'{r[0]}'" for r in RANKS) + ")")
    op.execute(
        "DELETE FROM mission_kind WHERE code IN ("
        + ", ".join(f"'{k[0]}'" for k in MISSION_KINDS)
        + ")"
    )
    op.drop_table("external_id")
    op.drop_table("mission_source")
    op.drop_column("mission", "recorded_by")
    op.drop_column("mission", "recorded_at")
    op.drop_index(op.f("ix_tenure_resident_city_id"), table_name="tenure")
    op.drop_constraint(op.f("fk_tenure_resident_city_id_city"), "tenure", type_="foreignkey")
    op.drop_column("tenure", "resident_city_id")
    op.execute("ALTER TABLE tenure DROP CONSTRAINT ex_tenure_one_head_at_a_time")
    op.execute(
        "ALTER TABLE tenure ADD CONSTRAINT ex_tenure_one_head_at_a_time "
        "EXCLUDE USING gist (mission_id WITH =, valid WITH &&)"
    )
    op.execute(
        "COMMENT ON TABLE tenure IS 'One head of a mission, at one rank, over a period. The "
        "exclusion constraint forbids two overlapping heads of one mission.'"
    )
    op.drop_index("uq_status_change_current", table_name="status_change")
    op.create_unique_constraint(
        "uq_status_change_kind_mission_id_tenure_id_occurred_on",
        "status_change",
        ["kind", "mission_id", "tenure_id", "occurred_on"],
        postgresql_nulls_not_distinct=True,
    )
    op.drop_index("uq_accreditation_current", table_name="accreditation")
    op.create_unique_constraint(
        "uq_accreditation_mission_id_party_id", "accreditation", ["mission_id", "party_id"]
    )
    for table in VERSIONED:
        op.drop_constraint(op.f(f"ck_{table}_recorded_has_lower_bound"), table, type_="check")
        op.drop_index(op.f(f"ix_{table}_supersedes_id"), table_name=table)
        op.drop_constraint(op.f(f"fk_{table}_supersedes_id_{table}"), table, type_="foreignkey")
        op.drop_column(table, "supersedes_id")
        op.drop_column(table, "recorded_by")
        op.drop_column(table, "recorded")
    op.execute(context.script.get_revision("0003").module.REPORTING_SQL)


# The reporting schema as this revision ran it, from the frozen texts
# (migrations/sql/versions/, registry/sql/frozen.py).
REPORTING_SQL = frozen.join(
    "0004",
    "reporting",
    "reporting.as_recorded",
    "reporting.mission",
    "reporting.head_of_mission",
    "reporting.accreditation",
    "reporting.mission_status_change",
    "reporting.mission_current_status",
    "reporting.recognition_act",
    "reporting.tenure_version",
    "reporting.external_identifier",
    "reporting.heads_as_of",
    "reporting._grants",
)
