"""The sources every fact cites, and the parties, authorities and cities the facts
name, with their names over time.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    SmallInteger,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import (
    DATERANGE,
    Range,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.limits import KEY, NAME, TEXT, TITLE
from registry.models.base import (
    PARTY_KINDS,
    Base,
    int_pk,
    lengths,
    precision_check,
    source_fk,
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
        "(Quebec, Flanders), government_in_exile (the Central Tibetan Administration) or "
        "organisation.",
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
