"""What every part of a recording shares: the caller's connection, the rows it
reads, and the lines it says."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects.postgresql import Range

from registry import models

TABLES = models.Base.metadata.tables


@dataclass
class _Session:
    """The connection and the lines of one recording; the source it cites, once resolved."""

    conn: Connection
    lines: list[str] = field(default_factory=list)
    # The day the fact is of, when it has one: a city name cities of several
    # countries share is the city of the one that existed then (Berlin in 1999).
    on: dt.date | None = None
    _source_id: int | None = None
    _source_key: str | None = None

    @property
    def raw(self) -> Any:
        """The psycopg connection under SQLAlchemy's, for registry.queries' finders."""
        return self.conn.connection.driver_connection

    def rows(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        """Rows by plain psycopg, its ranges as SQLAlchemy's (which can overlap())."""
        return [tuple(map(_sa_range, row)) for row in self.raw.execute(sql, params).fetchall()]

    def say(self, line: str) -> None:
        self.lines.append(line)


def _sa_range(value: Any) -> Any:
    from psycopg.types.range import Range as PgRange

    if isinstance(value, PgRange):
        return Range(value.lower, value.upper, bounds=value.bounds, empty=value.isempty)  # type: ignore[arg-type]
    return value
