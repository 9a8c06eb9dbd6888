"""foundation schema: parties, authorities, cities, missions, tenures, status changes

The first schema, its vocabularies (mission kinds, ranks, kinds of status change:
small reference data the schema's meaning depends on, so it travels with it) and
the reporting schema's first views. Facts are loaded by `registry load`, never here.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 15:52:14.116672

Before you edit: the code still running in production must keep working while
and after this runs. Change the schema here; move data in a separate revision.
env.py sets lock_timeout and statement_timeout; if a step truly needs longer,
raise them here with SET LOCAL and say why beside it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

from registry.sql import frozen

MISSION_KINDS = [
    ("embassy", "embassy", "A state's resident diplomatic mission to another state."),
    ("consulate-general", "consulate general", "A consular post headed by a consul general."),
    ("consulate", "consulate", "A consular post headed by a consul."),
    ("honorary-consulate", "honorary consulate", "A consular post headed by an honorary consul."),
    (
        "permanent-mission",
        "permanent mission",
        "A state's permanent mission or representation to an international organisation.",
    ),
    (
        "delegation",
        "delegation",
        "An organisation's delegation to a state or organisation (e.g. EU delegations).",
    ),
    (
        "technical-team",
        "technical team",
        "A technical team or group standing in for an embassy (India in Kabul since 2022).",
    ),
    (
        "special-services-representation",
        "special-services representation",
        "Official representatives of a state's intelligence or special services.",
    ),
    (
        "liaison-office",
        "liaison or representative office",
        "A liaison, representative or trade office short of an embassy.",
    ),
    ("nunciature", "apostolic nunciature", "The Holy See's diplomatic mission."),
    (
        "interests-section",
        "interests section",
        "A section of a protecting power's embassy acting for another state.",
    ),
    (
        "unspecified",
        "diplomatic mission (kind not stated)",
        "A mission whose source does not say what kind it is.",
    ),
]

# (code, title, Vienna Convention Art. 14 class, ad interim, COW level)
RANKS = [
    ("ambassador-e-p", "Ambassador Extraordinary and Plenipotentiary", "a", False, 3),
    ("ambassador", "Ambassador", "a", False, 3),
    ("permanent-representative", "Permanent Representative (ambassador)", "a", False, 3),
    ("nuncio", "Apostolic Nuncio", "a", False, 3),
    ("high-commissioner", "High Commissioner", "a", False, 3),
    ("envoy-e-mp", "Envoy Extraordinary and Minister Plenipotentiary", "b", False, 2),
    ("minister-resident", "Minister Resident", "b", False, 2),
    ("internuncio", "Apostolic Internuncio", "b", False, 2),
    ("charge-d-affaires-en-pied", "Chargé d'Affaires (en pied)", "c", False, 1),
    ("charge-d-affaires-a-i", "Chargé d'Affaires ad interim", None, True, 1),
    ("charge-d-affaires", "Chargé d'Affaires (en pied or a.i. not stated)", None, None, 1),
    ("head-of-delegation", "Head of Delegation", None, False, 9),
    ("head-of-technical-team", "Head of Technical Team", None, False, 9),
    (
        "special-services-representative",
        "Official Representative of the Special Services",
        None,
        False,
        9,
    ),
    ("consul-general", "Consul General", None, False, 9),
    ("consul", "Consul", None, False, 9),
    ("head-of-office", "Head of Liaison or Representative Office", None, False, 9),
]

# (code, label, applies to, mission status afterwards)
STATUS_CHANGE_KINDS = [
    ("opened", "opened", "mission", "operating"),
    ("reported-operating", "reported as operating", "mission", "operating"),
    ("suspended", "suspended operations", "mission", "suspended"),
    ("resumed", "resumed operations", "mission", "operating"),
    ("ceased-at-host-request", "ceased operations at the host's request", "mission", "closed"),
    ("closed", "closed", "mission", "closed"),
    ("reported-planned", "reported as planned", "mission", "planned"),
    (
        "documents-declared-illegitimate",
        "documents it issues declared illegitimate",
        "mission",
        None,
    ),
    ("recognised-legitimate", "recognised as legitimate", "mission", None),
    (
        "recognised-sole-consular-centre",
        "recognised as the sole consular centre in the host state",
        "mission",
        None,
    ),
    ("host-accredited-diplomats", "host accredited its diplomats", "mission", None),
    ("appointed", "head appointed", "tenure", None),
    ("host-accredited-charge", "host accredited the head as chargé d'affaires", "tenure", None),
    ("dismissed-by-decree", "head dismissed by decree", "tenure", None),
    ("recalled", "head recalled", "tenure", None),
    ("died", "head died in post", "tenure", None),
    ("superseded", "head superseded", "tenure", None),
]

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # btree_gist lets one exclusion constraint combine mission_id (=) with valid (&&).
    # It is a trusted extension: the database owner can create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    op.create_table(
        "mission_kind",
        sa.Column("code", sa.Text(), nullable=False, comment="Stable code."),
        sa.Column("label", sa.Text(), nullable=False, comment="Human-readable name."),
        sa.Column("description", sa.Text(), nullable=False, comment="What the kind covers."),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_mission_kind")),
        comment="Vocabulary: kinds of mission (embassy, consulate general, ...).",
    )
    op.create_table(
        "rank",
        sa.Column("code", sa.Text(), nullable=False, comment="Stable code."),
        sa.Column("title", sa.Text(), nullable=False, comment="The title as usually written."),
        sa.Column(
            "vienna_class",
            sa.Text(),
            nullable=True,
            comment="Vienna Convention (1961) Art. 14 class: a ambassador or nuncio, b envoy or minister, c chargé d'affaires en pied; NULL for heads outside the classes (chargés a.i., heads of technical teams, special-services representatives).",
        ),
        sa.Column(
            "ad_interim",
            sa.Boolean(),
            nullable=True,
            comment="True for a chargé d'affaires ad interim (Art. 19); NULL when a source does not say.",
        ),
        sa.Column(
            "cow_level",
            sa.SmallInteger(),
            nullable=False,
            comment="Correlates of War Diplomatic Exchange level: 3 ambassador, 2 minister, 1 chargé d'affaires, 9 other.",
        ),
        sa.CheckConstraint(
            "vienna_class IN ('a', 'b', 'c')", name=op.f("ck_rank_vienna_class_known")
        ),
        sa.CheckConstraint("cow_level IN (1, 2, 3, 9)", name=op.f("ck_rank_cow_level_known")),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_rank")),
        comment="Vocabulary: ranks of heads of mission with their Vienna Convention class and Correlates of War level.",
    )
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "key",
            sa.Text(),
            nullable=False,
            comment="Stable short name used by seed files, e.g. 'kabul-2024-09'.",
        ),
        sa.Column("title", sa.Text(), nullable=False, comment="Title of the article or dataset."),
        sa.Column("publisher", sa.Text(), nullable=False, comment="Who published it."),
        sa.Column("url", sa.Text(), nullable=True, comment="Where it can be read, if online."),
        sa.Column(
            "published_on",
            sa.Date(),
            nullable=False,
            comment="Publication date; its first day when only the month or year is known.",
        ),
        sa.Column(
            "published_precision",
            sa.Text(),
            nullable=False,
            comment="How much of published_on is known: day, month or year.",
        ),
        sa.Column("note", sa.Text(), nullable=True, comment="Editorial note on the source."),
        sa.CheckConstraint(
            "published_precision IN ('day', 'month', 'year')",
            name=op.f("ck_source_published_precision_known"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("key", name=op.f("uq_source_key")),
        comment="Where facts come from: an article, a dataset, a decree. Every fact cites one.",
    )
    op.create_table(
        "status_change_kind",
        sa.Column("code", sa.Text(), nullable=False, comment="Stable code."),
        sa.Column("label", sa.Text(), nullable=False, comment="Human-readable description."),
        sa.Column("applies_to", sa.Text(), nullable=False, comment="mission or tenure."),
        sa.Column(
            "mission_status",
            sa.Text(),
            nullable=True,
            comment="The mission's status after a change of this kind (operating, suspended, closed, planned); NULL when the change does not alter it.",
        ),
        sa.CheckConstraint(
            "applies_to IN ('mission', 'tenure')",
            name=op.f("ck_status_change_kind_applies_to_known"),
        ),
        sa.CheckConstraint(
            "mission_status IN ('operating', 'suspended', 'closed', 'planned')",
            name=op.f("ck_status_change_kind_mission_status_known"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_status_change_kind")),
        comment="Vocabulary: kinds of dated status change on missions and tenures.",
    )
    op.create_table(
        "party",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "code",
            sa.Text(),
            nullable=False,
            comment="Natural key: ISO 3166-1 alpha-2 for states ('KZ'), ISO 3166-3 alpha-4 for historical states ('SUHH'), an acronym for organisations ('AU').",
        ),
        sa.Column("name", sa.Text(), nullable=False, comment="Usual English name."),
        sa.Column(
            "kind",
            sa.Text(),
            nullable=False,
            comment="state (an ISO 3166-1 entry), historical_state or organisation.",
        ),
        sa.Column(
            "iso_alpha3", sa.Text(), nullable=True, comment="ISO 3166-1 alpha-3 code, for states."
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.CheckConstraint(
            "kind IN ('state', 'historical_state', 'organisation')",
            name=op.f("ck_party_kind_known"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_party_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party")),
        sa.UniqueConstraint("code", name=op.f("uq_party_code")),
        sa.UniqueConstraint("iso_alpha3", name=op.f("uq_party_iso_alpha3")),
        comment="A state or international organisation that sends or receives missions (ISO 3166-1 entries from pycountry, historical states, organisations such as the AU).",
    )
    op.create_index(op.f("ix_party_source_id"), "party", ["source_id"], unique=False)
    op.create_table(
        "person",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "key",
            sa.Text(),
            nullable=False,
            comment="Stable slug used by seed files, e.g. 'zhalgas-adilbayev'.",
        ),
        sa.Column("name", sa.Text(), nullable=False, comment="Name as usually written in English."),
        sa.Column(
            "search_key",
            sa.Text(),
            nullable=False,
            comment="The name folded for lookup: lower case, no accents.",
        ),
        sa.Column(
            "description",
            sa.Text(),
            nullable=True,
            comment="Who the person is, as the source describes them.",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_person_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
        sa.UniqueConstraint("key", name=op.f("uq_person_key")),
        comment="A person who heads or headed a mission.",
    )
    op.create_index(op.f("ix_person_search_key"), "person", ["search_key"], unique=False)
    op.create_index(op.f("ix_person_source_id"), "person", ["source_id"], unique=False)
    op.create_table(
        "authority",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "key",
            sa.Text(),
            nullable=False,
            comment="Stable short name used by seed files, e.g. 'af-emirate'.",
        ),
        sa.Column("party_id", sa.Integer(), nullable=False, comment="The state governed."),
        sa.Column("name", sa.Text(), nullable=False, comment="Name of the government or regime."),
        sa.Column(
            "valid",
            postgresql.DATERANGE(),
            nullable=False,
            comment="Period in power, [from, until); open-ended while in power.",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.CheckConstraint(
            "NOT isempty(valid) AND NOT lower_inf(valid)", name=op.f("ck_authority_valid_bounded")
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_authority_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_authority_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authority")),
        sa.UniqueConstraint("key", name=op.f("uq_authority_key")),
        comment="Who governs a state over a period. Credentials and recognition are given by an authority, not a state: the Islamic Republic of Afghanistan until 2021-08-15, then the Taliban's Islamic Emirate.",
    )
    op.create_index(op.f("ix_authority_party_id"), "authority", ["party_id"], unique=False)
    op.create_index(op.f("ix_authority_source_id"), "authority", ["source_id"], unique=False)
    op.create_table(
        "city",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("party_id", sa.Integer(), nullable=False, comment="The state the city is in."),
        sa.Column(
            "key", sa.Text(), nullable=False, comment="Slug of the name, unique within the state."
        ),
        sa.Column("name", sa.Text(), nullable=False, comment="Usual English name."),
        sa.Column(
            "search_key",
            sa.Text(),
            nullable=False,
            comment="The name folded for lookup: lower case, no accents.",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"], name=op.f("fk_city_party_id_party")),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_city_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city")),
        sa.UniqueConstraint("id", "party_id", name=op.f("uq_city_id_party_id")),
        sa.UniqueConstraint("party_id", "key", name=op.f("uq_city_party_id_key")),
        comment="A city where missions are seated, in its state.",
    )
    op.create_index(op.f("ix_city_party_id"), "city", ["party_id"], unique=False)
    op.create_index(op.f("ix_city_search_key"), "city", ["search_key"], unique=False)
    op.create_index(op.f("ix_city_source_id"), "city", ["source_id"], unique=False)
    op.create_table(
        "party_alias",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("party_id", sa.Integer(), nullable=False, comment="The party so named."),
        sa.Column("alias", sa.Text(), nullable=False, comment="The name as written."),
        sa.Column(
            "search_key",
            sa.Text(),
            nullable=False,
            comment="The name folded for lookup: lower case, no accents.",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["party.id"],
            name=op.f("fk_party_alias_party_id_party"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_party_alias_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_alias")),
        sa.UniqueConstraint("party_id", "alias", name=op.f("uq_party_alias_party_id_alias")),
        comment="Other names of a party: official names, translations, former names.",
    )
    op.create_index(op.f("ix_party_alias_search_key"), "party_alias", ["search_key"], unique=False)
    op.create_index(op.f("ix_party_alias_source_id"), "party_alias", ["source_id"], unique=False)
    op.create_table(
        "person_alias",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("person_id", sa.Integer(), nullable=False, comment="The person so named."),
        sa.Column("alias", sa.Text(), nullable=False, comment="The name as written."),
        sa.Column(
            "search_key",
            sa.Text(),
            nullable=False,
            comment="The name folded for lookup: lower case, no accents.",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_person_alias_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_person_alias_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person_alias")),
        sa.UniqueConstraint("person_id", "alias", name=op.f("uq_person_alias_person_id_alias")),
        comment="Other spellings and transliterations of a person's name.",
    )
    op.create_index(
        op.f("ix_person_alias_search_key"), "person_alias", ["search_key"], unique=False
    )
    op.create_index(op.f("ix_person_alias_source_id"), "person_alias", ["source_id"], unique=False)
    op.create_table(
        "city_alias",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("city_id", sa.Integer(), nullable=False, comment="The city so named."),
        sa.Column("alias", sa.Text(), nullable=False, comment="The name as written."),
        sa.Column(
            "search_key",
            sa.Text(),
            nullable=False,
            comment="The name folded for lookup: lower case, no accents.",
        ),
        sa.Column(
            "valid",
            postgresql.DATERANGE(),
            nullable=True,
            comment="When the name was official, if it was only for a period.",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.ForeignKeyConstraint(
            ["city_id"], ["city.id"], name=op.f("fk_city_alias_city_id_city"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_city_alias_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_city_alias")),
        sa.UniqueConstraint("city_id", "alias", name=op.f("uq_city_alias_city_id_alias")),
        comment="Other names of a city: spellings (Addis Abeba), former names (Nur-Sultan, 2019-2022), districts that stand for the city (Kabul District).",
    )
    op.create_index(op.f("ix_city_alias_search_key"), "city_alias", ["search_key"], unique=False)
    op.create_index(op.f("ix_city_alias_source_id"), "city_alias", ["source_id"], unique=False)
    op.create_table(
        "mission",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "sending_party_id",
            sa.Integer(),
            nullable=False,
            comment="The state or organisation that sends it.",
        ),
        sa.Column(
            "host_party_id",
            sa.Integer(),
            nullable=False,
            comment="The state on whose territory it sits.",
        ),
        sa.Column(
            "city_id",
            sa.Integer(),
            nullable=True,
            comment="Seat city; NULL when the source names only the country.",
        ),
        sa.Column("kind", sa.Text(), nullable=False, comment="Kind of mission (see mission_kind)."),
        sa.Column(
            "seat_inferred",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
            comment="True when the seat city was inferred (e.g. the host's capital), not stated.",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.ForeignKeyConstraint(
            ["city_id", "host_party_id"],
            ["city.id", "city.party_id"],
            name="fk_mission_seat_city_in_host",
        ),
        sa.ForeignKeyConstraint(
            ["host_party_id"], ["party.id"], name=op.f("fk_mission_host_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["kind"], ["mission_kind.code"], name=op.f("fk_mission_kind_mission_kind")
        ),
        sa.ForeignKeyConstraint(
            ["sending_party_id"], ["party.id"], name=op.f("fk_mission_sending_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_mission_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mission")),
        sa.UniqueConstraint(
            "sending_party_id",
            "host_party_id",
            "city_id",
            "kind",
            name=op.f("uq_mission_sending_party_id_host_party_id_city_id_kind"),
            postgresql_nulls_not_distinct=True,
        ),
        comment="A sending party's post in a place: an embassy, consulate, permanent mission, delegation, technical team... One row per (sending party, host, seat city, kind), whatever the source.",
    )
    op.create_index(op.f("ix_mission_city_id"), "mission", ["city_id"], unique=False)
    op.create_index(op.f("ix_mission_host_party_id"), "mission", ["host_party_id"], unique=False)
    op.create_index(
        op.f("ix_mission_sending_party_id"), "mission", ["sending_party_id"], unique=False
    )
    op.create_index(op.f("ix_mission_source_id"), "mission", ["source_id"], unique=False)
    op.create_table(
        "accreditation",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("mission_id", sa.Integer(), nullable=False, comment="The accredited mission."),
        sa.Column(
            "party_id",
            sa.Integer(),
            nullable=False,
            comment="The state or organisation it is accredited to.",
        ),
        sa.Column(
            "resident",
            sa.Boolean(),
            nullable=False,
            comment="True when the mission sits in the accrediting state (or at the organisation).",
        ),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_accreditation_mission_id_mission"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["party.id"], name=op.f("fk_accreditation_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_accreditation_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accreditation")),
        sa.UniqueConstraint(
            "mission_id", "party_id", name=op.f("uq_accreditation_mission_id_party_id")
        ),
        comment="The parties a mission is accredited to, resident or not: Kazakhstan's embassy in Addis Ababa to Ethiopia and to the African Union.",
    )
    op.create_index(op.f("ix_accreditation_party_id"), "accreditation", ["party_id"], unique=False)
    op.create_index(
        op.f("ix_accreditation_source_id"), "accreditation", ["source_id"], unique=False
    )
    op.create_table(
        "tenure",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column("mission_id", sa.Integer(), nullable=False, comment="The mission headed."),
        sa.Column(
            "person_id",
            sa.Integer(),
            nullable=True,
            comment="The head; NULL when the source gives the rank but not the name.",
        ),
        sa.Column(
            "rank_code",
            sa.Text(),
            nullable=False,
            comment="Rank held during the tenure (see rank).",
        ),
        sa.Column(
            "valid",
            postgresql.DATERANGE(),
            nullable=False,
            comment="Period in post, [from, until). When the start is unknown (start_precision NULL) the lower bound is the date a source first attests the head in post; an open upper bound means no end is known.",
        ),
        sa.Column(
            "start_precision",
            sa.Text(),
            nullable=True,
            comment="Precision of lower(valid): day, month or year; NULL when the start is unknown and lower(valid) is only the first attestation.",
        ),
        sa.Column(
            "attested_precision",
            sa.Text(),
            nullable=True,
            comment="When the start is unknown: precision of the first attestation, lower(valid).",
        ),
        sa.Column(
            "end_precision",
            sa.Text(),
            nullable=True,
            comment="Precision of upper(valid): day, month or year; NULL while open-ended.",
        ),
        sa.Column(
            "credentials_on",
            sa.Date(),
            nullable=True,
            comment="When credentials were presented, if known.",
        ),
        sa.Column(
            "credentials_precision",
            sa.Text(),
            nullable=True,
            comment="Precision of credentials_on: day, month or year.",
        ),
        sa.Column(
            "credentials_authority_id",
            sa.Integer(),
            nullable=True,
            comment="The authority credentials were presented to, even when the date is unknown.",
        ),
        sa.Column("note", sa.Text(), nullable=True, comment="Editorial note."),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        postgresql.ExcludeConstraint(
            (sa.column("mission_id"), "="),
            (sa.column("valid"), "&&"),
            using="gist",
            name="ex_tenure_one_head_at_a_time",
        ),
        sa.CheckConstraint(
            "start_precision IS NULL AND attested_precision IN ('day', 'month', 'year') OR start_precision IS NOT NULL AND attested_precision IS NULL",
            name=op.f("ck_tenure_start_known_or_attested"),
        ),
        sa.CheckConstraint(
            "credentials_precision IN ('day', 'month', 'year')",
            name=op.f("ck_tenure_credentials_precision_known"),
        ),
        sa.CheckConstraint(
            "end_precision IN ('day', 'month', 'year') AND NOT upper_inf(valid) OR end_precision IS NULL AND upper_inf(valid)",
            name=op.f("ck_tenure_end_precision_iff_ended"),
        ),
        sa.CheckConstraint(
            "start_precision IN ('day', 'month', 'year')",
            name=op.f("ck_tenure_start_precision_known"),
        ),
        sa.CheckConstraint(
            "(credentials_on IS NULL) = (credentials_precision IS NULL)",
            name=op.f("ck_tenure_credentials_date_has_precision"),
        ),
        sa.CheckConstraint("NOT isempty(valid)", name=op.f("ck_tenure_valid_not_empty")),
        sa.CheckConstraint("NOT lower_inf(valid)", name=op.f("ck_tenure_valid_has_lower_bound")),
        sa.CheckConstraint(
            "credentials_on IS NULL OR start_precision IS NULL OR credentials_on >= lower(valid)",
            name=op.f("ck_tenure_credentials_not_before_start"),
        ),
        sa.ForeignKeyConstraint(
            ["credentials_authority_id"],
            ["authority.id"],
            name=op.f("fk_tenure_credentials_authority_id_authority"),
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_tenure_mission_id_mission"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=op.f("fk_tenure_person_id_person")
        ),
        sa.ForeignKeyConstraint(
            ["rank_code"], ["rank.code"], name=op.f("fk_tenure_rank_code_rank")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_tenure_source_id_source")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenure")),
        comment="One head of a mission, at one rank, over a period. The exclusion constraint forbids two overlapping heads of one mission.",
    )
    op.create_index(
        op.f("ix_tenure_credentials_authority_id"),
        "tenure",
        ["credentials_authority_id"],
        unique=False,
    )
    op.create_index(op.f("ix_tenure_person_id"), "tenure", ["person_id"], unique=False)
    op.create_index(op.f("ix_tenure_source_id"), "tenure", ["source_id"], unique=False)
    op.create_table(
        "status_change",
        sa.Column("id", sa.Integer(), nullable=False, comment="Surrogate key."),
        sa.Column(
            "kind", sa.Text(), nullable=False, comment="What happened (see status_change_kind)."
        ),
        sa.Column(
            "occurred_on",
            sa.Date(),
            nullable=False,
            comment="When; its first day when only the month or year is known.",
        ),
        sa.Column(
            "occurred_precision",
            sa.Text(),
            nullable=False,
            comment="Precision of occurred_on: day, month or year.",
        ),
        sa.Column(
            "mission_id",
            sa.Integer(),
            nullable=True,
            comment="The mission concerned, for a change of a mission's status.",
        ),
        sa.Column(
            "tenure_id",
            sa.Integer(),
            nullable=True,
            comment="The tenure concerned, for a change of a head's status.",
        ),
        sa.Column(
            "actor_party_id",
            sa.Integer(),
            nullable=True,
            comment="The state or organisation that acted (host, sending state), if stated.",
        ),
        sa.Column(
            "actor_authority_id",
            sa.Integer(),
            nullable=True,
            comment="The authority that acted, when it matters which (e.g. the Taliban's).",
        ),
        sa.Column("note", sa.Text(), nullable=True, comment="Detail as the source gives it."),
        sa.Column(
            "source_id", sa.Integer(), nullable=False, comment="The source this fact is cited from."
        ),
        sa.CheckConstraint(
            "occurred_precision IN ('day', 'month', 'year')",
            name=op.f("ck_status_change_occurred_precision_known"),
        ),
        sa.CheckConstraint(
            "num_nonnulls(mission_id, tenure_id) = 1", name=op.f("ck_status_change_one_subject")
        ),
        sa.ForeignKeyConstraint(
            ["actor_authority_id"],
            ["authority.id"],
            name=op.f("fk_status_change_actor_authority_id_authority"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_party_id"], ["party.id"], name=op.f("fk_status_change_actor_party_id_party")
        ),
        sa.ForeignKeyConstraint(
            ["kind"],
            ["status_change_kind.code"],
            name=op.f("fk_status_change_kind_status_change_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["mission_id"],
            ["mission.id"],
            name=op.f("fk_status_change_mission_id_mission"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_status_change_source_id_source")
        ),
        sa.ForeignKeyConstraint(
            ["tenure_id"],
            ["tenure.id"],
            name=op.f("fk_status_change_tenure_id_tenure"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_change")),
        sa.UniqueConstraint(
            "kind",
            "mission_id",
            "tenure_id",
            "occurred_on",
            name=op.f("uq_status_change_kind_mission_id_tenure_id_occurred_on"),
            postgresql_nulls_not_distinct=True,
        ),
        comment="A dated change of status of a mission (opened, ceased at the host's request, documents declared illegitimate...) or of a tenure (appointed, dismissed by decree, accredited as chargé...), with who acted.",
    )
    op.create_index(
        op.f("ix_status_change_actor_authority_id"),
        "status_change",
        ["actor_authority_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_status_change_actor_party_id"), "status_change", ["actor_party_id"], unique=False
    )
    op.create_index(
        "ix_status_change_mission_id_occurred_on",
        "status_change",
        ["mission_id", "occurred_on"],
        unique=False,
    )
    op.create_index(
        op.f("ix_status_change_source_id"), "status_change", ["source_id"], unique=False
    )
    op.create_index(
        op.f("ix_status_change_tenure_id"), "status_change", ["tenure_id"], unique=False
    )
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
    op.execute(REPORTING_SQL)


def downgrade() -> None:
    op.execute("DROP SCHEMA reporting CASCADE")
    op.drop_index(op.f("ix_status_change_tenure_id"), table_name="status_change")
    op.drop_index(op.f("ix_status_change_source_id"), table_name="status_change")
    op.drop_index("ix_status_change_mission_id_occurred_on", table_name="status_change")
    op.drop_index(op.f("ix_status_change_actor_party_id"), table_name="status_change")
    op.drop_index(op.f("ix_status_change_actor_authority_id"), table_name="status_change")
    op.drop_table("status_change")
    op.drop_index(op.f("ix_tenure_source_id"), table_name="tenure")
    op.drop_index(op.f("ix_tenure_person_id"), table_name="tenure")
    op.drop_index(op.f("ix_tenure_credentials_authority_id"), table_name="tenure")
    op.drop_table("tenure")
    op.drop_index(op.f("ix_accreditation_source_id"), table_name="accreditation")
    op.drop_index(op.f("ix_accreditation_party_id"), table_name="accreditation")
    op.drop_table("accreditation")
    op.drop_index(op.f("ix_mission_source_id"), table_name="mission")
    op.drop_index(op.f("ix_mission_sending_party_id"), table_name="mission")
    op.drop_index(op.f("ix_mission_host_party_id"), table_name="mission")
    op.drop_index(op.f("ix_mission_city_id"), table_name="mission")
    op.drop_table("mission")
    op.drop_index(op.f("ix_city_alias_source_id"), table_name="city_alias")
    op.drop_index(op.f("ix_city_alias_search_key"), table_name="city_alias")
    op.drop_table("city_alias")
    op.drop_index(op.f("ix_person_alias_source_id"), table_name="person_alias")
    op.drop_index(op.f("ix_person_alias_search_key"), table_name="person_alias")
    op.drop_table("person_alias")
    op.drop_index(op.f("ix_party_alias_source_id"), table_name="party_alias")
    op.drop_index(op.f("ix_party_alias_search_key"), table_name="party_alias")
    op.drop_table("party_alias")
    op.drop_index(op.f("ix_city_source_id"), table_name="city")
    op.drop_index(op.f("ix_city_search_key"), table_name="city")
    op.drop_index(op.f("ix_city_party_id"), table_name="city")
    op.drop_table("city")
    op.drop_index(op.f("ix_authority_source_id"), table_name="authority")
    op.drop_index(op.f("ix_authority_party_id"), table_name="authority")
    op.drop_table("authority")
    op.drop_index(op.f("ix_person_source_id"), table_name="person")
    op.drop_index(op.f("ix_person_search_key"), table_name="person")
    op.drop_table("person")
    op.drop_index(op.f("ix_party_source_id"), table_name="party")
    op.drop_table("party")
    op.drop_table("status_change_kind")
    op.drop_table("source")
    op.drop_table("rank")
    op.drop_table("mission_kind")


# The reporting schema as this revision ran it, from the frozen texts
# (migrations/sql/versions/, registry/sql/frozen.py).
REPORTING_SQL = frozen.join(
    "0001",
    "reporting",
    "reporting.mission",
    "reporting.head_of_mission",
    "reporting.mission_status_change",
    "reporting.heads_as_of",
)
