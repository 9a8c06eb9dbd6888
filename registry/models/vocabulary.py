"""Vocabulary tables: kinds of mission, ranks, kinds of status change (their rows
are registry/data/vocabulary/, inserted by the revisions).
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    SmallInteger,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.limits import KEY, NAME, TEXT
from registry.models.base import (
    Base,
    lengths,
)


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
