"""Checks shared by the facts: dates of a head as the loader sees them,
an authority in power, credentials while in post."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.dialects.postgresql import Range

from registry.dates import PartialDate, show
from registry.record.errors import RecordError
from registry.seedfile import HeadIn


def head_in(
    rank: str,
    start: PartialDate | None,
    attested: PartialDate | None,
    until: PartialDate | None,
    credentials: PartialDate | None,
) -> HeadIn:
    """The tenure as a seed file would state it, for the loader's checks."""
    return HeadIn.model_validate(
        {
            "rank": rank,
            "from": start,
            "attested": attested,
            "until": until,
            "credentials": {"to": "-", "date": credentials} if credentials else None,
        }
    )


def check_in_power(
    option: str, authority: tuple[int, str, Range[dt.date]], on: PartialDate
) -> None:
    valid = authority[2]
    assert valid.lower is not None  # a CHECK constraint: every authority has a start
    if not valid.overlaps(Range(on.first_day, after(on), bounds="[)")):
        until = show(valid.upper, "day") or "now"
        raise RecordError(
            f"{option}: {authority[1]} was not in power on {on} "
            f"(from {show(valid.lower, 'day')} to {until})"
        )


def after(day: PartialDate) -> dt.date:
    """The first day after the period a partial date covers (2021-08: 2021-09-01)."""
    first = day.first_day
    if day.precision == "year":
        return first.replace(year=first.year + 1)
    if day.precision == "month":
        return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first + dt.timedelta(days=1)


def check_credentials_in_post(
    option: str, credentials: PartialDate | None, until: PartialDate | None
) -> None:
    if credentials and until and credentials.first_day >= until.first_day:
        raise RecordError(
            f"{option}: credentials presented ({credentials}) after the tenure ended ({until})"
        )
