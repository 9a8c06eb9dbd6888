"""Complete lists: a source saying it names every mission of some kinds in a city
as of a date (an article's "missions currently operating", a host's Diplomatic
List). A mission of the city left out of a later complete list, with no newer
evidence of its own, is presumed not operating from the list's date (docs/evidence.md).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Text, UniqueConstraint, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from registry.limits import TEXT
from registry.models.base import Base, int_pk, lengths, precision_check, recorded_by_column


class CompleteList(Base):
    __tablename__ = "complete_list"
    __table_args__ = (
        UniqueConstraint("source_id", "city_id", "listed_on", name="uq_complete_list_natural_key"),
        precision_check("listed_precision"),
        *lengths(("note", TEXT)),
        {
            "comment": "A source's statement that it names every mission of some kinds seated "
            "in a city as of a date; its missions are in complete_list_mission."
        },
    )

    id: Mapped[int_pk]
    source_id: Mapped[int] = mapped_column(
        ForeignKey("source.id"), index=True, comment="The source that gives the list."
    )
    city_id: Mapped[int] = mapped_column(
        ForeignKey("city.id"), index=True, comment="The city whose missions it lists."
    )
    listed_on: Mapped[dt.date] = mapped_column(
        Date, comment="The date the list holds for; its first day when only month or year is known."
    )
    listed_precision: Mapped[str] = mapped_column(
        Text, comment="How much of listed_on is known: day, month or year."
    )
    kinds: Mapped[list[str] | None] = mapped_column(
        ARRAY(Text),
        comment="The kinds of mission (mission_kind codes) the list is complete for; NULL: "
        "every kind.",
    )
    note: Mapped[str | None] = mapped_column(Text, comment="What the source says it lists.")
    recorded_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=text("now()"),
        comment="When the registry recorded the list (--as-recorded-on earlier does not see it).",
    )
    recorded_by: Mapped[str] = recorded_by_column()


class CompleteListMission(Base):
    __tablename__ = "complete_list_mission"
    __table_args__ = ({"comment": "The missions a complete list names (operating on its date)."},)

    complete_list_id: Mapped[int] = mapped_column(
        ForeignKey("complete_list.id"),
        primary_key=True,
        comment="The list.",
    )
    mission_id: Mapped[int] = mapped_column(
        ForeignKey("mission.id"),
        primary_key=True,
        index=True,
        comment="A mission the list names.",
    )
