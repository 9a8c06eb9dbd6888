"""A current tenure version, read back as the validator and the lines need it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.dialects.postgresql import Range

from registry.dates import PartialDate


@dataclass
class _Tenure:
    """A current tenure version as the validator needs it."""

    id: int
    mission_id: int
    person_id: int | None
    head: str | None
    rank_code: str
    rank: str
    valid: Range[dt.date]
    start_precision: str | None
    attested_precision: str | None
    end_precision: str | None
    credentials_on: dt.date | None
    credentials_precision: str | None
    credentials_authority_id: int | None
    resident_city_id: int | None
    note: str | None
    resident_city: str | None
    source_key: str

    @property
    def first_day(self) -> dt.date:
        assert self.valid.lower is not None  # a CHECK constraint: every tenure has a start
        return self.valid.lower

    @property
    def start(self) -> PartialDate | None:
        return PartialDate(self.first_day, self.start_precision) if self.start_precision else None

    @property
    def attested(self) -> PartialDate | None:
        if self.start_precision:
            return None
        return PartialDate(self.first_day, self.attested_precision or "day")

    @property
    def until(self) -> PartialDate | None:
        if self.valid.upper is None:
            return None
        return PartialDate(self.valid.upper, self.end_precision or "day")

    @property
    def credentials(self) -> PartialDate | None:
        if self.credentials_on is None:
            return None
        return PartialDate(self.credentials_on, self.credentials_precision or "day")


_TENURE_SQL = """
    SELECT t.id, t.mission_id, t.person_id, p.name, t.rank_code, r.title, t.valid,
           t.start_precision,
           t.attested_precision, t.end_precision, t.credentials_on, t.credentials_precision,
           t.credentials_authority_id, t.resident_city_id, t.note, rc.name, s.key
      FROM tenure t JOIN rank r ON r.code = t.rank_code LEFT JOIN person p ON p.id = t.person_id
      LEFT JOIN city rc ON rc.id = t.resident_city_id JOIN source s ON s.id = t.source_id
     WHERE upper_inf(t.recorded)
"""
