"""The registry's schema as typed SQLAlchemy models.

The database, not Python, enforces the invariants: foreign keys, CHECKs and an
exclusion constraint that forbids two heads of one mission at the same time.
Every table and column carries a comment, which lands in the catalog as
``COMMENT ON`` so analysts can read the schema with ``\\d+``.

Vocabulary in the domain's words: a *mission* is a sending party's post in a
place; its *head of mission* holds a *rank* for a *tenure*; a mission is
*accredited* to one or more parties; *credentials* go to an *authority*; every
fact row cites a *source*.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import (
    ARRAY,
    DATERANGE,
    TSTZRANGE,
    ExcludeConstraint,
    Range,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from registry import vocabulary
from registry.limits import KEY, NAME, TEXT, TITLE

# Every constraint gets a predictable name, so later migrations can drop it.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PRECISIONS = vocabulary.precisions()  # registry/data/vocabulary/precisions.csv
_PRECISION_SQL = "(" + ", ".join(f"'{p}'" for p in PRECISIONS) + ")"
PARTY_KINDS = vocabulary.PARTY_KINDS


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


int_pk = Annotated[int, mapped_column(primary_key=True, comment="Surrogate key.")]


def source_fk() -> Mapped[int]:
    return mapped_column(
        ForeignKey("source.id"), index=True, comment="The source this fact is cited from."
    )


def recorded_column() -> Mapped[Range[dt.datetime]]:
    return mapped_column(
        TSTZRANGE,
        server_default=text("tstzrange(now(), NULL)"),
        comment="Recorded time, [when this version was recorded, when it was superseded or "
        "retracted): the registry's own history, kept apart from valid time. Open while "
        "current.",
    )


def recorded_by_column() -> Mapped[str]:
    return mapped_column(
        Text,
        server_default=text("CURRENT_USER"),
        comment="The database user who recorded this version.",
    )


def supersedes_column(table: str) -> Mapped[int | None]:
    return mapped_column(
        ForeignKey(f"{table}.id"),
        index=True,
        comment="The version this row corrects, when it is a correction; NULL for a first record.",
    )


# Versioned (append-only) fact tables: a correction closes the current version's
# recorded range and inserts a new version; triggers forbid any other UPDATE and
# every DELETE. Only current versions (upper_inf(recorded)) must be unique.
CURRENT = text("upper_inf(recorded)")
APPEND_ONLY_TABLES = ("accreditation", "tenure", "status_change")


def precision_check(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IN {_PRECISION_SQL}", name=f"{column}_known")


def lengths(*columns: tuple[str, int]) -> tuple[CheckConstraint, ...]:
    """The longest text each column may hold (registry.limits), as CHECKs named
    ck_<table>_<column>_length (revision 0010): the last line of defence behind
    every writer's own check, which names the file, line and field."""
    return tuple(
        CheckConstraint(f"char_length({column}) <= {limit}", name=f"{column}_length")
        for column, limit in columns
    )


class Source(Base):
    __tablename__ = "source"
    __table_args__ = (
        *lengths(
            ("key", KEY), ("title", TITLE), ("publisher", TITLE), ("url", TEXT), ("note", TEXT)
        ),
        precision_check("published_precision"),
        {
            "comment": "Where facts come from: an article, a dataset, a decree. "
            "Every fact cites one."
        },
    )

    id: Mapped[int_pk]
    key: Mapped[str] = mapped_column(
        Text, unique=True, comment="Stable short name used by seed files, e.g. 'kabul-2024-09'."
    )
    title: Mapped[str] = mapped_column(Text, comment="Title of the article or dataset.")
    publisher: Mapped[str] = mapped_column(Text, comment="Who published it.")
    url: Mapped[str | None] = mapped_column(Text, comment="Where it can be read, if online.")
    published_on: Mapped[dt.date] = mapped_column(
        Date, comment="Publication date; its first day when only the month or year is known."
    )
    published_precision: Mapped[str] = mapped_column(
        Text, comment="How much of published_on is known: day, month or year."
    )
    note: Mapped[str | None] = mapped_column(Text, comment="Editorial note on the source.")


class Party(Base):
    __tablename__ = "party"
    __table_args__ = (
        *lengths(("code", KEY), ("name", NAME), ("iso_alpha3", KEY)),
        CheckConstraint(
            "kind IN (" + ", ".join(f"'{k}'" for k in PARTY_KINDS) + ")", name="kind_known"
        ),
        {
            "comment": "A state or international organisation that sends or receives missions "
            "(ISO 3166-1 entries from pycountry, historical states, organisations such as the AU)."
        },
    )

    id: Mapped[int_pk]
    code: Mapped[str] = mapped_column(
        Text,
        unique=True,
        comment="Natural key: ISO 3166-1 alpha-2 for states ('KZ'), ISO 3166-3 alpha-4 "
        "for historical states ('SUHH'), an acronym for organisations ('AU').",
    )
    name: Mapped[str] = mapped_column(Text, comment="Usual English name.")
    kind: Mapped[str] = mapped_column(
        Text,
        comment="state (an ISO 3166-1 entry), historical_state, state_limited_recognition "
        "(Kosovo, Taiwan), sovereign_entity (the Holy See, the Order of Malta), subnational "
        "(Quebec, Flanders) or organisation.",
    )
    iso_alpha3: Mapped[str | None] = mapped_column(
        Text, unique=True, comment="ISO 3166-1 alpha-3 code, for states."
    )
    source_id: Mapped[int] = source_fk()
    existed: Mapped[Range[dt.date] | None] = mapped_column(
        DATERANGE,
        comment="When the party existed, [from, until); NULL when not recorded, an open "
        "upper bound while it exists (the GDR: [1949-10-07, 1990-10-03)).",
    )
    cow_code: Mapped[int | None] = mapped_column(
        SmallInteger,
        comment="Correlates of War state code (registry/data/cow_states.csv), kept for "
        "historical states too.",
    )


class PartyAlias(Base):
    __tablename__ = "party_alias"
    __table_args__ = (
        *lengths(("alias", NAME), ("search_key", NAME)),
        UniqueConstraint("party_id", "alias"),
        {"comment": "Other names of a party: official names, translations, former names."},
    )

    id: Mapped[int_pk]
    party_id: Mapped[int] = mapped_column(
        ForeignKey("party.id", ondelete="CASCADE"), comment="The party so named."
    )
    alias: Mapped[str] = mapped_column(Text, comment="The name as written.")
    search_key: Mapped[str] = mapped_column(
        Text, index=True, comment="The name folded for lookup: lower case, no accents."
    )
    source_id: Mapped[int] = source_fk()
    valid: Mapped[Range[dt.date] | None] = mapped_column(
        DATERANGE,
        comment="When the party bore this name, [from, until): Dahomey until 1975-11-30; "
        "NULL when the name is not dated (a translation, an abbreviation).",
    )


class Authority(Base):
    __tablename__ = "authority"
    __table_args__ = (
        *lengths(("key", KEY), ("name", NAME)),
        CheckConstraint("NOT isempty(valid) AND NOT lower_inf(valid)", name="valid_bounded"),
        {
            "comment": "Who governs a state over a period. Credentials and recognition are given "
            "by an authority, not a state: the Islamic Republic of Afghanistan until "
            "2021-08-15, then the Taliban's Islamic Emirate."
        },
    )

    id: Mapped[int_pk]
    key: Mapped[str] = mapped_column(
        Text, unique=True, comment="Stable short name used by seed files, e.g. 'af-emirate'."
    )
    party_id: Mapped[int] = mapped_column(
        ForeignKey("party.id"), index=True, comment="The state governed."
    )
    name: Mapped[str] = mapped_column(Text, comment="Name of the government or regime.")
    valid: Mapped[Range[dt.date]] = mapped_column(
        DATERANGE, comment="Period in power, [from, until); open-ended while in power."
    )
    source_id: Mapped[int] = source_fk()


class City(Base):
    __tablename__ = "city"
    __table_args__ = (
        *lengths(("key", NAME), ("name", NAME), ("search_key", NAME)),
        UniqueConstraint("party_id", "key"),
        # Target of mission's composite foreign key: a seat city lies in the host country.
        UniqueConstraint("id", "party_id"),
        {"comment": "A city where missions are seated, in its state."},
    )

    id: Mapped[int_pk]
    party_id: Mapped[int] = mapped_column(
        ForeignKey("party.id"), index=True, comment="The state the city is in."
    )
    key: Mapped[str] = mapped_column(
        # Indexed alone too: `registry who-heads kabul` looks a city up by its slug.
        Text,
        index=True,
        comment="Slug of the name, unique within the state.",
    )
    name: Mapped[str] = mapped_column(Text, comment="Usual English name.")
    search_key: Mapped[str] = mapped_column(
        Text, index=True, comment="The name folded for lookup: lower case, no accents."
    )
    source_id: Mapped[int] = source_fk()


class CityAlias(Base):
    __tablename__ = "city_alias"
    __table_args__ = (
        *lengths(("alias", NAME), ("search_key", NAME)),
        UniqueConstraint("city_id", "alias"),
        {
            "comment": "Other names of a city: spellings (Addis Abeba), former names "
            "(Nur-Sultan, 2019-2022), districts that stand for the city (Kabul District)."
        },
    )

    id: Mapped[int_pk]
    city_id: Mapped[int] = mapped_column(
        ForeignKey("city.id", ondelete="CASCADE"), comment="The city so named."
    )
    alias: Mapped[str] = mapped_column(Text, comment="The name as written.")
    search_key: Mapped[str] = mapped_column(
        Text, index=True, comment="The name folded for lookup: lower case, no accents."
    )
    valid: Mapped[Range[dt.date] | None] = mapped_column(
        DATERANGE, comment="When the name was official, if it was only for a period."
    )
    source_id: Mapped[int] = source_fk()


class MissionKind(Base):
    __tablename__ = "mission_kind"
    __table_args__ = (
        *lengths(("code", KEY), ("label", NAME), ("description", TEXT)),
        {"comment": "Vocabulary: kinds of mission (embassy, consulate general, ...)."},
    )

    code: Mapped[str] = mapped_column(Text, primary_key=True, comment="Stable code.")
    label: Mapped[str] = mapped_column(Text, comment="Human-readable name.")
    description: Mapped[str] = mapped_column(Text, comment="What the kind covers.")


class Rank(Base):
    __tablename__ = "rank"
    __table_args__ = (
        *lengths(("code", KEY), ("title", NAME)),
        CheckConstraint("vienna_class IN ('a', 'b', 'c')", name="vienna_class_known"),
        CheckConstraint("cow_level IN (1, 2, 3, 9)", name="cow_level_known"),
        {
            "comment": "Vocabulary: ranks of heads of mission with their Vienna Convention "
            "class and Correlates of War level."
        },
    )

    code: Mapped[str] = mapped_column(Text, primary_key=True, comment="Stable code.")
    title: Mapped[str] = mapped_column(Text, comment="The title as usually written.")
    vienna_class: Mapped[str | None] = mapped_column(
        Text,
        comment="Vienna Convention (1961) Art. 14 class: a ambassador or nuncio, b envoy or "
        "minister, c chargé d'affaires en pied; NULL for heads outside the classes "
        "(chargés a.i., heads of technical teams, special-services representatives).",
    )
    ad_interim: Mapped[bool | None] = mapped_column(
        comment="True for a chargé d'affaires ad interim (Art. 19); NULL when a source does "
        "not say."
    )
    cow_level: Mapped[int] = mapped_column(
        SmallInteger,
        comment="Correlates of War Diplomatic Exchange level: 3 ambassador, 2 minister, "
        "1 chargé d'affaires, 9 other.",
    )


class StatusChangeKind(Base):
    __tablename__ = "status_change_kind"
    __table_args__ = (
        *lengths(("code", KEY), ("label", NAME)),
        CheckConstraint("applies_to IN ('mission', 'tenure')", name="applies_to_known"),
        CheckConstraint(
            "mission_status IN ('operating', 'suspended', 'closed', 'planned')",
            name="mission_status_known",
        ),
        {"comment": "Vocabulary: kinds of dated status change on missions and tenures."},
    )

    code: Mapped[str] = mapped_column(Text, primary_key=True, comment="Stable code.")
    label: Mapped[str] = mapped_column(Text, comment="Human-readable description.")
    applies_to: Mapped[str] = mapped_column(Text, comment="mission or tenure.")
    mission_status: Mapped[str | None] = mapped_column(
        Text,
        comment="The mission's status after a change of this kind (operating, suspended, "
        "closed, planned); NULL when the change does not alter it.",
    )


class Mission(Base):
    __tablename__ = "mission"
    __table_args__ = (
        UniqueConstraint(
            "sending_party_id",
            "host_party_id",
            "city_id",
            "kind",
            "organisation_id",
            postgresql_nulls_not_distinct=True,
            name="uq_mission_natural_key",
        ),
        ForeignKeyConstraint(
            ["city_id", "host_party_id"],
            ["city.id", "city.party_id"],
            name="fk_mission_seat_city_in_host",
        ),
        {
            "comment": "A sending party's post in a place: an embassy, consulate, permanent "
            "mission, delegation, technical team... One row per (sending party, host, seat "
            "city, kind, organisation), whatever the source."
        },
    )

    id: Mapped[int_pk]
    sending_party_id: Mapped[int] = mapped_column(
        ForeignKey("party.id"), index=True, comment="The state or organisation that sends it."
    )
    host_party_id: Mapped[int] = mapped_column(
        ForeignKey("party.id"), index=True, comment="The state on whose territory it sits."
    )
    city_id: Mapped[int | None] = mapped_column(
        index=True, comment="Seat city; NULL when the source names only the country."
    )
    kind: Mapped[str] = mapped_column(
        ForeignKey("mission_kind.code"), comment="Kind of mission (see mission_kind)."
    )
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("party.id"),
        index=True,
        comment="For a permanent mission or delegation to an international organisation: the "
        "organisation (USNATO and USEU are two US missions in Brussels); NULL for a mission "
        "to the host state.",
    )
    seat_inferred: Mapped[bool] = mapped_column(
        server_default=text("false"),
        comment="True when the seat city was inferred (e.g. the host's capital), not stated.",
    )
    source_id: Mapped[int] = source_fk()
    recorded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=text("now()"),
        comment="When the registry first recorded the mission (rows older than revision "
        "0004 carry that revision's time).",
    )
    recorded_by: Mapped[str] = recorded_by_column()


class MissionSource(Base):
    __tablename__ = "mission_source"
    __table_args__ = (
        *lengths(("listed_as", TEXT)),
        {
            "comment": "Every source that attests a mission, with the name it gives it: one "
            "mission, many sources (the seeds and Wikidata both list Kazakhstan's embassy in "
            "Kabul)."
        },
    )

    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id", ondelete="CASCADE"),
        primary_key=True,
        comment="The mission attested.",
    )
    source_id: Mapped[int] = mapped_column(
        ForeignKey("source.id"), primary_key=True, index=True, comment="The attesting source."
    )
    listed_as: Mapped[str | None] = mapped_column(
        Text, comment="How the source names or describes the mission, if it does."
    )
    recorded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=text("now()"),
        comment="When the registry recorded the attestation.",
    )


class ExternalId(Base):
    __tablename__ = "external_id"
    __table_args__ = (
        *lengths(("scheme", KEY), ("value", KEY)),
        CheckConstraint(
            "num_nonnulls(party_id, city_id, mission_id, person_id) = 1", name="one_subject"
        ),
        UniqueConstraint("scheme", "value"),
        {
            "comment": "Identifiers other datasets give our parties, cities, missions and "
            "people (a Wikidata QID, a pocom person id), so re-imports find the same rows."
        },
    )

    id: Mapped[int_pk]
    scheme: Mapped[str] = mapped_column(
        Text,
        comment="Whose identifier: 'wikidata', 'pocom-person', 'pocom-territory', ...",
    )
    value: Mapped[str] = mapped_column(Text, comment="The identifier, e.g. 'Q1234567'.")
    party_id: Mapped[int | None] = mapped_column(
        ForeignKey("party.id", ondelete="CASCADE"), index=True, comment="The party identified."
    )
    city_id: Mapped[int | None] = mapped_column(
        ForeignKey("city.id", ondelete="CASCADE"), index=True, comment="The city identified."
    )
    mission_id: Mapped[int | None] = mapped_column(
        ForeignKey("mission.id", ondelete="CASCADE"),
        index=True,
        comment="The mission identified.",
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True, comment="The person identified."
    )
    source_id: Mapped[int] = source_fk()


class Accreditation(Base):
    __tablename__ = "accreditation"
    __table_args__ = (
        Index(
            "uq_accreditation_current",
            "mission_id",
            "party_id",
            unique=True,
            postgresql_where=CURRENT,
        ),
        CheckConstraint("NOT lower_inf(recorded)", name="recorded_has_lower_bound"),
        {
            "comment": "The parties a mission is accredited to, resident or not: Kazakhstan's "
            "embassy in Addis Ababa to Ethiopia and to the African Union."
        },
    )

    id: Mapped[int_pk]
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id", ondelete="CASCADE"),
        # Not only the partial unique index: views reading any recorded instant need it.
        index=True,
        comment="The accredited mission.",
    )
    party_id: Mapped[int] = mapped_column(
        ForeignKey("party.id"), index=True, comment="The state or organisation it is accredited to."
    )
    resident: Mapped[bool] = mapped_column(
        comment="True when the mission sits in the accrediting state (or at the organisation)."
    )
    source_id: Mapped[int] = source_fk()
    recorded: Mapped[Range[dt.datetime]] = recorded_column()
    recorded_by: Mapped[str] = recorded_by_column()
    supersedes_id: Mapped[int | None] = supersedes_column("accreditation")


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (
        *lengths(("key", NAME), ("name", NAME), ("search_key", NAME), ("description", TEXT)),
        {"comment": "A person who heads or headed a mission."},
    )

    id: Mapped[int_pk]
    key: Mapped[str] = mapped_column(
        Text, unique=True, comment="Stable slug used by seed files, e.g. 'zhalgas-adilbayev'."
    )
    name: Mapped[str] = mapped_column(Text, comment="Name as usually written in English.")
    search_key: Mapped[str] = mapped_column(
        Text, index=True, comment="The name folded for lookup: lower case, no accents."
    )
    description: Mapped[str | None] = mapped_column(
        Text, comment="Who the person is, as the source describes them."
    )
    source_id: Mapped[int] = source_fk()


class PersonAlias(Base):
    __tablename__ = "person_alias"
    __table_args__ = (
        *lengths(("alias", NAME), ("search_key", NAME)),
        UniqueConstraint("person_id", "alias"),
        {"comment": "Other spellings and transliterations of a person's name."},
    )

    id: Mapped[int_pk]
    person_id: Mapped[int] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), comment="The person so named."
    )
    alias: Mapped[str] = mapped_column(Text, comment="The name as written.")
    search_key: Mapped[str] = mapped_column(
        Text, index=True, comment="The name folded for lookup: lower case, no accents."
    )
    source_id: Mapped[int] = source_fk()


class Tenure(Base):
    __tablename__ = "tenure"
    __table_args__ = (
        *lengths(("note", TEXT)),
        CheckConstraint("NOT isempty(valid)", name="valid_not_empty"),
        CheckConstraint("NOT lower_inf(valid)", name="valid_has_lower_bound"),
        CheckConstraint(f"start_precision IN {_PRECISION_SQL}", name="start_precision_known"),
        CheckConstraint(
            f"start_precision IS NULL AND attested_precision IN {_PRECISION_SQL} "
            "OR start_precision IS NOT NULL AND attested_precision IS NULL",
            name="start_known_or_attested",
        ),
        CheckConstraint(
            f"end_precision IN {_PRECISION_SQL} AND NOT upper_inf(valid) "
            "OR end_precision IS NULL AND upper_inf(valid)",
            name="end_precision_iff_ended",
        ),
        precision_check("credentials_precision"),
        CheckConstraint(
            "(credentials_on IS NULL) = (credentials_precision IS NULL)",
            name="credentials_date_has_precision",
        ),
        CheckConstraint(
            "credentials_on IS NULL OR start_precision IS NULL OR credentials_on >= lower(valid)",
            name="credentials_not_before_start",
        ),
        CheckConstraint("NOT lower_inf(recorded)", name="recorded_has_lower_bound"),
        # Among the versions the registry held at any one moment, one head per mission
        # at a time: a superseded version does not clash with its correction.
        ExcludeConstraint(
            ("mission_id", "="),
            ("valid", "&&"),
            ("recorded", "&&"),
            name="ex_tenure_one_head_at_a_time",
            using="gist",
        ),
        {
            "comment": "One head of a mission, at one rank, over a period (valid time), as "
            "recorded over a period (recorded time). The exclusion constraint forbids two "
            "overlapping heads of one mission in what the registry held at any moment."
        },
    )

    id: Mapped[int_pk]
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id", ondelete="CASCADE"), comment="The mission headed."
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id"),
        index=True,
        comment="The head; NULL when the source gives the rank but not the name.",
    )
    rank_code: Mapped[str] = mapped_column(
        ForeignKey("rank.code"), comment="Rank held during the tenure (see rank)."
    )
    valid: Mapped[Range[dt.date]] = mapped_column(
        DATERANGE,
        comment="Period in post, [from, until). When the start is unknown (start_precision "
        "NULL) the lower bound is the date a source first attests the head in post; an "
        "open upper bound means no end is known.",
    )
    start_precision: Mapped[str | None] = mapped_column(
        Text,
        comment="Precision of lower(valid): day, month or year; NULL when the start is unknown "
        "and lower(valid) is only the first attestation.",
    )
    attested_precision: Mapped[str | None] = mapped_column(
        Text,
        comment="When the start is unknown: precision of the first attestation, lower(valid).",
    )
    end_precision: Mapped[str | None] = mapped_column(
        Text, comment="Precision of upper(valid): day, month or year; NULL while open-ended."
    )
    credentials_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="When credentials were presented, if known."
    )
    credentials_precision: Mapped[str | None] = mapped_column(
        Text, comment="Precision of credentials_on: day, month or year."
    )
    credentials_authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("authority.id"),
        index=True,
        comment="The authority credentials were presented to, even when the date is unknown.",
    )
    note: Mapped[str | None] = mapped_column(Text, comment="Editorial note.")
    source_id: Mapped[int] = source_fk()
    resident_city_id: Mapped[int | None] = mapped_column(
        ForeignKey("city.id"),
        index=True,
        comment="Where the head resided when accredited from elsewhere (a non-resident, "
        "concurrent accreditation: the US ministers to Afghanistan 1935-1942 resided at "
        "Tehran); NULL when resident at the mission's seat.",
    )
    recorded: Mapped[Range[dt.datetime]] = recorded_column()
    recorded_by: Mapped[str] = recorded_by_column()
    supersedes_id: Mapped[int | None] = supersedes_column("tenure")


class StatusChange(Base):
    __tablename__ = "status_change"
    __table_args__ = (
        *lengths(("note", TEXT)),
        CheckConstraint("num_nonnulls(mission_id, tenure_id) = 1", name="one_subject"),
        precision_check("occurred_precision"),
        CheckConstraint("NOT lower_inf(recorded)", name="recorded_has_lower_bound"),
        Index(
            "uq_status_change_current",
            "kind",
            "mission_id",
            "tenure_id",
            "occurred_on",
            unique=True,
            postgresql_nulls_not_distinct=True,
            postgresql_where=CURRENT,
        ),
        Index("ix_status_change_mission_id_occurred_on", "mission_id", "occurred_on"),
        {
            "comment": "A dated change of status of a mission (opened, ceased at the host's "
            "request, documents declared illegitimate...) or of a tenure (appointed, "
            "dismissed by decree, accredited as chargé...), with who acted."
        },
    )

    id: Mapped[int_pk]
    kind: Mapped[str] = mapped_column(
        ForeignKey("status_change_kind.code"), comment="What happened (see status_change_kind)."
    )
    occurred_on: Mapped[dt.date] = mapped_column(
        Date, comment="When; its first day when only the month or year is known."
    )
    occurred_precision: Mapped[str] = mapped_column(
        Text, comment="Precision of occurred_on: day, month or year."
    )
    mission_id: Mapped[int | None] = mapped_column(
        ForeignKey("mission.id", ondelete="CASCADE"),
        comment="The mission concerned, for a change of a mission's status.",
    )
    tenure_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenure.id", ondelete="CASCADE"),
        index=True,
        comment="The tenure concerned, for a change of a head's status.",
    )
    actor_party_id: Mapped[int | None] = mapped_column(
        ForeignKey("party.id"),
        index=True,
        comment="The state or organisation that acted (host, sending state), if stated.",
    )
    actor_authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("authority.id"),
        index=True,
        comment="The authority that acted, when it matters which (e.g. the Taliban's).",
    )
    note: Mapped[str | None] = mapped_column(Text, comment="Detail as the source gives it.")
    source_id: Mapped[int] = source_fk()
    recorded: Mapped[Range[dt.datetime]] = recorded_column()
    recorded_by: Mapped[str] = recorded_by_column()
    supersedes_id: Mapped[int | None] = supersedes_column("status_change")


class HeadsTimeline(Base):
    """Derived from the facts, never written by hand: what ``reporting.heads_as_of``
    answers, precomputed over stretches of valid and recorded time. Revision 0008
    defines it (``heads_timeline_of()``) and the triggers that keep it."""

    __tablename__ = "heads_timeline"
    __table_args__ = (
        Index(
            "ix_heads_timeline_city_id_valid_recorded",
            "city_id",
            "valid",
            "recorded",
            postgresql_using="gist",
        ),
        Index(
            "ix_heads_timeline_sending_code_valid_recorded",
            "sending_code",
            "valid",
            "recorded",
            postgresql_using="gist",
        ),
        {
            "comment": "Derived, never written by hand: who heads each mission (what "
            "reporting.heads_as_of answers), one row per mission per stretch of dates "
            "(valid) and of recorded time (recorded) over which its row is the same "
            "(stretches are split at every recorded change, so neighbours may be equal); "
            "only stretches with a row in the answer. Computed by heads_timeline_of() and"
            " kept by triggers on the tables it reads; rebuild with SELECT "
            "refresh_heads_timeline(ARRAY(SELECT id FROM mission))."
        },
    )

    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id", ondelete="CASCADE"),
        primary_key=True,
        comment="Mission identifier.",
    )
    valid: Mapped[Range[dt.date]] = mapped_column(
        DATERANGE,
        primary_key=True,
        comment="The dates over which this answer holds, [from, until); an open upper bound means"
        " until further notice.",
    )
    recorded: Mapped[Range[dt.datetime]] = mapped_column(
        TSTZRANGE,
        primary_key=True,
        comment="The recorded time over which the registry held this row, [from, until); open "
        "while current.",
    )
    tenure_id: Mapped[int | None] = mapped_column(
        comment="The tenure of the head in post (see reporting.head_of_mission); NULL when nobody"
        " heads the mission."
    )
    city_id: Mapped[int | None] = mapped_column(
        comment="Seat city identifier; NULL when only the country is known."
    )
    city: Mapped[str | None] = mapped_column(
        Text, comment="Seat city; NULL when only the country is known."
    )
    sending_code: Mapped[str] = mapped_column(Text, comment="Sending party code.")
    sending: Mapped[str] = mapped_column(Text, comment="Sending state or organisation.")
    mission_kind_code: Mapped[str] = mapped_column(Text, comment="Kind of mission, as a code.")
    mission_kind: Mapped[str] = mapped_column(Text, comment="Kind of mission, as a label.")
    head_status: Mapped[str] = mapped_column(
        Text,
        comment="named, unnamed (rank known, name not), vacant (no head since the last tenure "
        "ended) or unknown.",
    )
    head: Mapped[str | None] = mapped_column(
        Text, comment="Name of the head; NULL when unnamed, vacant or unknown."
    )
    rank_code: Mapped[str | None] = mapped_column(Text, comment="Rank code of the head.")
    rank: Mapped[str | None] = mapped_column(Text, comment="Rank title of the head.")
    rank_class: Mapped[str | None] = mapped_column(
        Text, comment="Vienna Convention Art. 14 class (a, b, c); NULL outside the classes."
    )
    ad_interim: Mapped[bool | None] = mapped_column(
        comment="True for a chargé d'affaires ad interim."
    )
    cow_level: Mapped[int | None] = mapped_column(
        SmallInteger,
        comment="Correlates of War level of the head's rank: 3 ambassador, 2 minister, 1 chargé, "
        "9 other.",
    )
    since: Mapped[dt.date | None] = mapped_column(
        Date,
        comment="Start of the tenure (NULL when unknown) or, for a vacant mission, the end of the"
        " last tenure.",
    )
    since_precision: Mapped[str | None] = mapped_column(
        Text, comment="Precision of since: day, month or year."
    )
    first_attested_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="When the start is unknown: the date a source first attests the head in post."
    )
    attested_precision: Mapped[str | None] = mapped_column(
        Text, comment="Precision of first_attested_on."
    )
    credentials_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="When credentials were presented, if known."
    )
    credentials_precision: Mapped[str | None] = mapped_column(
        Text, comment="Precision of credentials_on."
    )
    credentials_authority: Mapped[str | None] = mapped_column(
        Text, comment="The authority credentials were presented to."
    )
    accredited_to: Mapped[list[str]] = mapped_column(
        ARRAY(Text),
        comment="Parties the mission is accredited to: the host first, then resident, then by "
        "name.",
    )
    source: Mapped[str | None] = mapped_column(
        Text,
        comment="Title of the source: of the tenure, else of the last tenure, else of the status "
        "change.",
    )
    precedence_group: Mapped[int] = mapped_column(
        comment="Vienna Convention precedence group: 1-3 the classes, 4 chargé ad interim, 5 "
        "other ranks, 6 nobody."
    )
    functions_since: Mapped[dt.date | None] = mapped_column(
        Date, comment="When the head took up functions for precedence: credentials, else the start."
    )
    functions_before: Mapped[dt.date | None] = mapped_column(
        Date,
        comment="When credentials went to an authority that has left power: functions began "
        "before this date.",
    )
    seat_inferred: Mapped[bool] = mapped_column(
        comment="True when the seat city was inferred (the host's capital), not stated by a source."
    )
    resident_city: Mapped[str | None] = mapped_column(
        Text,
        comment="Where a non-resident head resided (e.g. Tehran); NULL when resident at the seat.",
    )
    host_code: Mapped[str] = mapped_column(Text, comment="Code of the state the mission sits in.")
    organisation: Mapped[str | None] = mapped_column(
        Text, comment="For a mission to an international organisation: its name."
    )
    host: Mapped[str] = mapped_column(Text, comment="State the mission sits in.")


class MissionTimeline(Base):
    """Derived from the facts, never written by hand: every tenure and status change
    of each mission with the names ``registry history`` shows, over the recorded time
    the views show them. Revision 0009 defines it (``mission_timeline_of()``); the
    triggers that keep ``heads_timeline`` keep it too."""

    __tablename__ = "mission_timeline"
    __table_args__ = (
        CheckConstraint("fact IN ('tenure', 'status_change')", name="fact_known"),
        {
            "comment": (
                "Derived, never written by hand: every tenure and status change of each mission "
                "with the names `registry history` shows (what reporting.head_of_mission and "
                "reporting.mission_status_change show), one row per version of the fact, over the"
                " recorded time the views show it. Computed by mission_timeline_of() and kept by "
                "the triggers that keep heads_timeline; rebuild with SELECT "
                "refresh_mission_timeline(ARRAY(SELECT id FROM mission))."
            )
        },
    )
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id", ondelete="CASCADE"), primary_key=True, comment="The mission."
    )
    fact: Mapped[str] = mapped_column(
        Text, primary_key=True, comment="tenure or status_change: which table fact_id is from."
    )
    fact_id: Mapped[int] = mapped_column(
        primary_key=True, comment="The tenure's or the status change's id (a version of the fact)."
    )
    recorded: Mapped[Range[dt.datetime]] = mapped_column(
        TSTZRANGE,
        comment="The recorded time over which the views show this row, [from, until); open while "
        "current.",
    )
    tenure_id: Mapped[int | None] = mapped_column(
        comment="For a status change of a head: the tenure it concerns; otherwise NULL."
    )
    on_date: Mapped[dt.date] = mapped_column(
        Date,
        comment="When: the start (or first attestation) of a tenure, the date of a status change.",
    )
    head: Mapped[str | None] = mapped_column(
        Text, comment="Tenure: name of the head; NULL when the source does not name them."
    )
    rank: Mapped[str | None] = mapped_column(Text, comment="Tenure: rank title.")
    rank_class: Mapped[str | None] = mapped_column(
        Text, comment="Tenure: Vienna Convention Art. 14 class (a, b, c); NULL outside the classes."
    )
    started_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Tenure: start; NULL when unknown."
    )
    start_precision: Mapped[str | None] = mapped_column(
        Text, comment="Tenure: precision of started_on."
    )
    first_attested_on: Mapped[dt.date | None] = mapped_column(
        Date,
        comment="Tenure: when the start is unknown, the date a source first attests the head in "
        "post.",
    )
    attested_precision: Mapped[str | None] = mapped_column(
        Text, comment="Tenure: precision of first_attested_on."
    )
    ended_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Tenure: first day out of post; NULL while no end is known."
    )
    end_precision: Mapped[str | None] = mapped_column(
        Text, comment="Tenure: precision of ended_on."
    )
    credentials_on: Mapped[dt.date | None] = mapped_column(
        Date, comment="Tenure: when credentials were presented, if known."
    )
    credentials_precision: Mapped[str | None] = mapped_column(
        Text, comment="Tenure: precision of credentials_on."
    )
    credentials_authority: Mapped[str | None] = mapped_column(
        Text, comment="Tenure: the authority credentials were presented to."
    )
    resident_city: Mapped[str | None] = mapped_column(
        Text, comment="Tenure: where a non-resident head resided; NULL when resident at the seat."
    )
    change_code: Mapped[str | None] = mapped_column(
        Text, comment="Status change: kind of change, as a code."
    )
    change: Mapped[str | None] = mapped_column(
        Text, comment="Status change: kind of change, as a label."
    )
    occurred_on: Mapped[dt.date | None] = mapped_column(Date, comment="Status change: when.")
    occurred_precision: Mapped[str | None] = mapped_column(
        Text, comment="Status change: precision of occurred_on."
    )
    mission_status: Mapped[str | None] = mapped_column(
        Text, comment="Status change: the mission's status after it, when it sets one."
    )
    actor: Mapped[str | None] = mapped_column(
        Text, comment="Status change: the state or organisation that acted."
    )
    actor_authority: Mapped[str | None] = mapped_column(
        Text, comment="Status change: the authority that acted."
    )
    note: Mapped[str | None] = mapped_column(
        Text, comment="The tenure's editorial note, or the status change's detail."
    )
    source: Mapped[str] = mapped_column(Text, comment="Title of the source of the fact.")


heads_timeline_queue = Table(
    "heads_timeline_queue",
    Base.metadata,
    Column(
        "queued_by",
        BigInteger,
        nullable=False,
        server_default=text("txid_current()"),
        comment="The transaction that queued them.",
    ),
    Column(
        "mission_ids", ARRAY(Integer), nullable=False, comment="The missions one statement touched."
    ),
    comment="Missions whose timeline a transaction refreshes at commit (SET LOCAL "
    "registry.heads_timeline = 'at commit'); empty outside such a transaction.",
)


# Tables of later issues, each in a module of its own, imported here so that
# Base.metadata holds them: the wider world (0011: successions, subdivisions,
# consular districts), relations between parties (0012), complete lists (0014).
from registry import models_evidence, models_world  # noqa: E402, F401
from registry.models_relations import RelationEvent, RelationEventKind  # noqa: E402, F401
