"""Recognition and relations between parties: dated, sourced acts of one party
towards another ("the United States recognised Afghanistan", "diplomatic relations
severed"), kept apart from the missions the parties send.

A recognition may be of a state or of one of its authorities (the Interim Authority
in Afghanistan, 2001): ``counterpart_authority_id`` names the authority, so the
authorities of a state (table ``authority``) are one case of the general mechanism.
Acts concerning one mission (documents declared illegitimate, ceased at the host's
request) stay status changes of the mission (``status_change``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Text, text
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.orm import Mapped, mapped_column

from registry.limits import KEY, NAME, TEXT
from registry.models.base import (
    Base,
    int_pk,
    lengths,
    precision_check,
    recorded_by_column,
    recorded_column,
    source_fk,
    supersedes_column,
)

# (code, label, category): the vocabulary revision 0012 inserts.
RELATION_EVENT_KINDS = [
    ("recognised", "recognised", "recognition"),
    ("recognition-withdrawn", "withdrew recognition", "recognition"),
    ("relations-established", "diplomatic relations established", "relations"),
    ("consular-relations-established", "consular relations established", "relations"),
    ("relations-severed", "diplomatic relations severed", "relations"),
    ("relations-suspended", "diplomatic relations suspended or interrupted", "relations"),
    ("relations-resumed", "diplomatic relations resumed", "relations"),
]


class RelationEventKind(Base):
    __tablename__ = "relation_event_kind"
    __table_args__ = (
        *lengths(("code", KEY), ("label", NAME)),
        CheckConstraint("category IN ('recognition', 'relations')", name="category_known"),
        {"comment": "Vocabulary: kinds of act between two parties (recognition, relations)."},
    )

    code: Mapped[str] = mapped_column(Text, primary_key=True, comment="Stable code.")
    label: Mapped[str] = mapped_column(Text, comment="Human-readable description.")
    category: Mapped[str] = mapped_column(
        Text, comment="recognition (of a state or an authority) or relations (between states)."
    )


class RelationEvent(Base):
    __tablename__ = "relation_event"
    __table_args__ = (
        *lengths(("note", TEXT)),
        precision_check("occurred_precision"),
        CheckConstraint("party_id <> counterpart_id", name="two_parties"),
        CheckConstraint("NOT lower_inf(recorded)", name="recorded_has_lower_bound"),
        Index(
            "uq_relation_event_current",
            "kind",
            "party_id",
            "counterpart_id",
            "occurred_on",
            unique=True,
            postgresql_where=text("upper_inf(recorded)"),  # current versions only
        ),
        Index("ix_relation_event_counterpart_id_party_id", "counterpart_id", "party_id"),
        {
            "comment": "A dated act of one party towards another: recognition of a state or of "
            "one of its authorities, diplomatic relations established, severed, suspended or "
            "resumed. Append-only, like status_change."
        },
    )

    id: Mapped[int_pk]
    kind: Mapped[str] = mapped_column(
        ForeignKey("relation_event_kind.code"), comment="What happened (see relation_event_kind)."
    )
    occurred_on: Mapped[dt.date] = mapped_column(
        Date, comment="When; its first day when only the month or year is known."
    )
    occurred_precision: Mapped[str] = mapped_column(
        Text, comment="Precision of occurred_on: day, month or year."
    )
    party_id: Mapped[int] = mapped_column(
        ForeignKey("party.id"),
        comment="The party that acted (recognised), or the first of the pair (relations).",
    )
    counterpart_id: Mapped[int] = mapped_column(
        ForeignKey("party.id"),
        comment="The party recognised, or the other of the pair (relations).",
    )
    counterpart_authority_id: Mapped[int | None] = mapped_column(
        ForeignKey("authority.id"),
        index=True,
        comment="The counterpart's authority recognised, when the act names one.",
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id"),
        index=True,
        comment="Who carried the act out, if the source names them (presented credentials).",
    )
    note: Mapped[str | None] = mapped_column(Text, comment="Detail as the source gives it.")
    source_id: Mapped[int] = source_fk()
    recorded: Mapped[Range[dt.datetime]] = recorded_column()
    recorded_by: Mapped[str] = recorded_by_column()
    supersedes_id: Mapped[int | None] = supersedes_column("relation_event")
