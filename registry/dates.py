"""Dates as sources give them: a day, a month ("April 2018") or a year.

A partial date is stored as its first day plus a precision, and shown at that
precision (ISO 8601 reduced precision: 2018-04). Nobody invents the missing day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# ASCII digits only (\d would take any script's digits), the whole text (no "$" before a
# trailing newline).
_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# How much of a value that is not a date an error repeats.
_SHOWN = 40


def _shown(text: str) -> str:
    return repr(text) if len(text) <= _SHOWN else repr(text[:_SHOWN]) + "..."


@dataclass(frozen=True, order=True)
class PartialDate:
    first_day: dt.date
    precision: str  # day | month | year

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Accept 2024-09-09, '2024-09', 2024 (as YAML gives them) or a date.

        A date and time is refused, not cut to its day: a source that gives a time
        means something a date cannot say, and a seed file has no business with one."""
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, dt.datetime):
            raise ValueError(f"{value.isoformat()!r} is a date and time: give only the date")
        if isinstance(value, dt.date):
            return cls(value, "day")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ValueError("is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
        text = str(value).strip()
        match = _PATTERN.fullmatch(text)
        if not match:
            raise ValueError(f"{_shown(text)} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = match.groups()
        try:
            first = dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError as exc:
            raise ValueError(f"{text!r} is not a date: {exc}") from None
        return cls(first, "day" if day else "month" if month else "year")

    def __str__(self) -> str:
        return show(self.first_day, self.precision) or ""


def show(day: dt.date | None, precision: str | None) -> str | None:
    """ISO 8601 at the precision known: 2024-09-09, 2018-04 or 2021."""
    if day is None:
        return None
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
