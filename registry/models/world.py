"""The wider world's tables (issue 21), beside the facts (registry.models imports this
module, so its metadata holds them): how parties succeed one another, the
subdivisions of states (ISO 3166-2) and consular districts made of them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.limits import KEY, NAME
from registry.models.base import Base, int_pk, lengths, precision_check, source_fk
from registry.vocabulary import SUCCESSION_KINDS


class PartySuccession(Base):
    __tablename__ = "party_succession"
    __table_args__ = (
        CheckConstraint("predecessor_id <> successor_id", name="two_parties"),
        CheckConstraint(
            "how IN (" + ", ".join(f"'{k}'" for k in SUCCESSION_KINDS) + ")", name="how_known"
        ),
        precision_check("occurred_precision"),
        UniqueConstraint("predecessor_id", "successor_id"),
        {
            "comment": "A party that ended or split and the parties that succeeded it: "
            "Czechoslovakia -> the Czech Republic and Slovakia (a split), the German Democratic "
            "Republic -> Germany (an absorption). A renamed state is one party with dated "
            "names (party_alias.valid), not a succession."
        },
    )

    id: Mapped[int_pk]
    predecessor_id: Mapped[int] = mapped_column(
        ForeignKey("party.id"), index=True, comment="The party that ended or split."
    )
    successor_id: Mapped[int] = mapped_column(
        ForeignKey("party.id"), index=True, comment="A party that succeeded it."
    )
    how: Mapped[str] = mapped_column(
        Text, comment="split, merger, absorption, dissolution or independence."
    )
    occurred_on: Mapped[dt.date] = mapped_column(
        Date, comment="When the successor took over (its first day when less is known)."
    )
    occurred_precision: Mapped[str] = mapped_column(
        Text, comment="How much of occurred_on is known: day, month or year."
    )
    source_id: Mapped[int] = source_fk()


class Subdivision(Base):
    __tablename__ = "subdivision"
    __table_args__ = (
        *lengths(("code", KEY), ("name", NAME), ("search_key", NAME), ("type", KEY)),
        {
            "comment": "A subdivision of a state (ISO 3166-2, from pycountry): a province, "
            "state, Land, region. Consular districts are made of them."
        },
    )

    id: Mapped[int_pk]
    code: Mapped[str] = mapped_column(
        Text, unique=True, comment="ISO 3166-2 code, e.g. 'CN-GD' (Guangdong)."
    )
    party_id: Mapped[int] = mapped_column(
        ForeignKey("party.id"), index=True, comment="The state it is a subdivision of."
    )
    name: Mapped[str] = mapped_column(Text, comment="Its name as ISO 3166-2 gives it.")
    search_key: Mapped[str] = mapped_column(
        Text, index=True, comment="The name folded for lookup: lower case, no accents."
    )
    type: Mapped[str] = mapped_column(
        Text, comment="What ISO 3166-2 calls it: Province, State, Land, Autonomous region..."
    )
    parent_code: Mapped[str | None] = mapped_column(
        Text, comment="The ISO 3166-2 code of the subdivision it lies in, if any."
    )
    source_id: Mapped[int] = source_fk()


class MissionJurisdiction(Base):
    __tablename__ = "mission_jurisdiction"
    __table_args__ = (
        UniqueConstraint("mission_id", "subdivision_id"),
        {
            "comment": "A consular district made of subdivisions of the host: the consulate "
            "general in Guangzhou covers Guangdong, Guangxi, Fujian and Hainan."
        },
    )

    id: Mapped[int_pk]
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id"), index=True, comment="The consular post."
    )
    subdivision_id: Mapped[int] = mapped_column(
        ForeignKey("subdivision.id"), index=True, comment="A subdivision its district covers."
    )
    source_id: Mapped[int] = source_fk()
    recorded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=text("now()"),
        comment="When the registry recorded it.",
    )
