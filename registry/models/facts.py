"""The facts: missions and who attests them, external identifiers, accreditations,
people, tenures of heads of mission and status changes (the last three
append-only: each row a version in recorded time).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import (
    DATERANGE,
    ExcludeConstraint,
    Range,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.limits import KEY, NAME, TEXT
from registry.models.base import (
    CURRENT,
    PRECISION_SQL,
    Base,
    int_pk,
    lengths,
    precision_check,
    recorded_by_column,
    recorded_column,
    source_fk,
    supersedes_column,
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
        CheckConstraint(f"start_precision IN {PRECISION_SQL}", name="start_precision_known"),
        CheckConstraint(
            f"start_precision IS NULL AND attested_precision IN {PRECISION_SQL} "
            "OR start_precision IS NOT NULL AND attested_precision IS NULL",
            name="start_known_or_attested",
        ),
        CheckConstraint(
            f"end_precision IN {PRECISION_SQL} AND NOT upper_inf(valid) "
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
