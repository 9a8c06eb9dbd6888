"""A mission that moves: its seat over dated periods (the US embassy to Germany in
Bonn, then from 1999 in Berlin; the embassy to China following its government to
Guangzhou, Chongqing, Nanjing, then Taipei). Append-only, like tenures. Where no seat
row covers a date, the mission is at ``mission.city_id``; a mission with no seat rows
never moved as far as the registry knows (docs/seats.md)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text
from sqlalchemy.dialects.postgresql import DATERANGE, ExcludeConstraint, Range
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import (
    PRECISION_SQL,
    Base,
    int_pk,
    recorded_by_column,
    recorded_column,
    source_fk,
    supersedes_column,
)


class MissionSeat(Base):
    __tablename__ = "mission_seat"
    __table_args__ = (
        CheckConstraint("NOT isempty(valid)", name="valid_not_empty"),
        CheckConstraint(
            f"start_precision IN {PRECISION_SQL} AND NOT lower_inf(valid) "
            "OR start_precision IS NULL AND lower_inf(valid)",
            name="start_precision_iff_started",
        ),
        CheckConstraint(
            f"end_precision IN {PRECISION_SQL} AND NOT upper_inf(valid) "
            "OR end_precision IS NULL AND upper_inf(valid)",
            name="end_precision_iff_ended",
        ),
        CheckConstraint("NOT lower_inf(recorded)", name="recorded_has_lower_bound"),
        # One seat at a time among the versions the registry held at any one moment,
        # as for heads (ex_tenure_one_head_at_a_time).
        ExcludeConstraint(
            ("mission_id", "="),
            ("valid", "&&"),
            ("recorded", "&&"),
            name="ex_mission_seat_one_seat_at_a_time",
            using="gist",
        ),
        Index("ix_mission_seat_city_id", "city_id"),
        {
            "comment": "Where a mission sat over a period (valid time), as recorded over a "
            "period (recorded time): the US embassy to Germany in Bonn until 1999, then in "
            "Berlin. Where no row covers a date the mission is at mission.city_id. The "
            "exclusion constraint forbids two seats of one mission at once in what the "
            "registry held at any moment. Append-only, like tenure."
        },
    )

    id: Mapped[int_pk]
    mission_id: Mapped[int] = mapped_column(
        # No ON DELETE CASCADE (revisions from 0010 on emit none): keep_history refuses
        # to delete a seat, as a tenure, so a mission with facts is never deleted anyway.
        ForeignKey("mission.id"),
        comment="The mission seated.",
    )
    city_id: Mapped[int] = mapped_column(
        ForeignKey("city.id"),
        comment="Its seat over the period. Not necessarily a city of mission.host_party_id: "
        "the US embassy to the Republic of China moved with its government to Taipei.",
    )
    valid: Mapped[Range[dt.date]] = mapped_column(
        DATERANGE,
        comment="The period at this seat, [from, until). An open lower bound: since the "
        "mission opened, as far as the registry knows; an open upper bound: no move on "
        "record after it.",
    )
    start_precision: Mapped[str | None] = mapped_column(
        Text, comment="Precision of lower(valid): day, month or year; NULL when unbounded."
    )
    end_precision: Mapped[str | None] = mapped_column(
        Text, comment="Precision of upper(valid): day, month or year; NULL while open-ended."
    )
    source_id: Mapped[int] = source_fk()
    recorded: Mapped[Range[dt.datetime]] = recorded_column()
    recorded_by: Mapped[str] = recorded_by_column()
    supersedes_id: Mapped[int | None] = supersedes_column("mission_seat")
