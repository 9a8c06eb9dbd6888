"""The declarative base every table of the registry is declared on, and the columns
and constraints the tables share: the source a fact cites, recorded time, the
precision of a date, the longest length of a text.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    MetaData,
    Text,
    text,
)
from sqlalchemy.dialects.postgresql import (
    TSTZRANGE,
    Range,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from registry import vocabulary

# Every constraint gets a predictable name, so later migrations can drop it.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PRECISIONS = vocabulary.precisions()  # registry/data/vocabulary/precisions.csv
PRECISION_SQL = "(" + ", ".join(f"'{p}'" for p in PRECISIONS) + ")"
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
APPEND_ONLY_TABLES = ("accreditation", "tenure", "status_change", "mission_seat")


def precision_check(column: str) -> CheckConstraint:
    return CheckConstraint(f"{column} IN {PRECISION_SQL}", name=f"{column}_known")


def lengths(*columns: tuple[str, int]) -> tuple[CheckConstraint, ...]:
    """The longest text each column may hold (registry.limits), as CHECKs named
    ck_<table>_<column>_length (revision 0010): the last line of defence behind
    every writer's own check, which names the file, line and field."""
    return tuple(
        CheckConstraint(f"char_length({column}) <= {limit}", name=f"{column}_length")
        for column, limit in columns
    )
