"""Derived tables, never written by hand: the heads timeline (revision 0008), the
mission timeline (revision 0009), the evidence of the facts (revision 0018) and
the queue of missions a transaction refreshes at commit; triggers keep them
(docs/operations.md).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    Index,
    Integer,
    SmallInteger,
    Table,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import (
    ARRAY,
    DATERANGE,
    TSTZRANGE,
    Range,
)
from sqlalchemy.orm import Mapped, mapped_column

from registry.models.base import (
    Base,
)


class HeadsTimeline(Base):
    """Derived from the facts, never written by hand: what ``reporting.heads_as_of``
    answers, precomputed over stretches of valid and recorded time. Revision 0008
    defines it (``heads_timeline_of()``) and the triggers that keep it."""

    __tablename__ = "heads_timeline"
    __table_args__ = (
        # A city's or a sender's rows by btree, the date's among them filtered (a few
        # thousand rows at 1,000,000 tenures). Revision 0023: the multicolumn GiST
        # indexes they replace cost 8 of a rebuild's 16 s at 100,000 tenures, and an
        # index on valid alone was ANDed in by the planner at ten times the cost
        # (benchmarks/README.md).
        Index("ix_heads_timeline_city_id", "city_id"),
        Index("ix_heads_timeline_sending_code", "sending_code"),
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

    # No foreign key (revision 0026), as in every derived table: see forget_missions().
    mission_id: Mapped[int] = mapped_column(
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
    # No foreign key (revision 0026): see forget_missions().
    mission_id: Mapped[int] = mapped_column(primary_key=True, comment="The mission.")
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


class FactEvidence(Base):
    """Derived from the facts, never written by hand: the evidence each tenure and
    status change gives about its mission (the heads and changes of
    ``reporting.mission_evidence``), over the recorded time the views show it.
    Revision 0018 defines it (``fact_evidence_of()``); the triggers that keep
    ``heads_timeline`` keep it too."""

    __tablename__ = "fact_evidence"
    __table_args__ = (
        CheckConstraint("fact IN ('tenure', 'status_change')", name="fact_known"),
        {
            "comment": (
                "Derived, never written by hand: the evidence the tenures and status changes "
                "give about each mission (the heads and changes of reporting.mission_evidence),"
                " one row per version of the fact and date, over the recorded time the views "
                "show it. Computed by fact_evidence_of() and kept by the triggers that keep "
                "heads_timeline; rebuild with SELECT refresh_fact_evidence(ARRAY(SELECT id "
                "FROM mission))."
            )
        },
    )
    # No foreign key (revision 0026): a mission's facts go first, and their triggers
    # remove its rows; forget_missions() those of a mission deleted anyway.
    mission_id: Mapped[int] = mapped_column(
        primary_key=True,
        comment="Mission the evidence is about.",
    )
    evidence_on: Mapped[dt.date] = mapped_column(
        Date,
        primary_key=True,
        comment="The date the evidence speaks for: a head's start (or first attestation) or "
        "end, a change's date.",
    )
    fact: Mapped[str] = mapped_column(
        Text, primary_key=True, comment="tenure or status_change: which table fact_id is from."
    )
    fact_id: Mapped[int] = mapped_column(
        primary_key=True, comment="The tenure's or the status change's id (a version of the fact)."
    )
    recorded: Mapped[Range[dt.datetime]] = mapped_column(
        TSTZRANGE,
        comment="The recorded time over which the views show this row, [from, until): the "
        "fact's version (and, for a head's change, its tenure's) from when the mission was "
        "recorded.",
    )
    evidence_precision: Mapped[str | None] = mapped_column(
        Text,
        nullable=True,
        comment="Precision of evidence_on: day, month or year; NULL where the fact states "
        "none (a tenure loaded before revision 0011 may have no precision for its end).",
    )
    evidence_attests: Mapped[str] = mapped_column(
        Text, comment="What it attests: head in post, head left, or the status change's label."
    )
    evidence_source: Mapped[str] = mapped_column(Text, comment="Title of the fact's source.")
    evidence_source_key: Mapped[str] = mapped_column(Text, comment="Key of the fact's source.")
    evidence_operating: Mapped[bool | None] = mapped_column(
        comment="Whether it says the mission operates: true (a head in post, a change to "
        "operating), false (a change to closed, suspended or planned), NULL (a head left, a "
        "change of no status)."
    )


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
