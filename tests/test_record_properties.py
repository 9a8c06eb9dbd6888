"""Property: whatever clerks record, in whatever order, a mission never has two
heads at once — not in what the registry says now, and not in what it said at
any past instant (recorded time).

Hypothesis draws sequences of appointments (with or without --ends-previous,
known start or first attestation, some with an end), departures, corrections and
retractions; each is one transaction through registry.record, committed when
accepted and rolled back when refused. A refusal must be a RecordError (one
line for the user), never a raw database error. Each example works on a mission
of its own in one seeded database, so examples stay independent and quick.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.pool import NullPool

from registry import record
from registry.dates import PartialDate
from tests.conftest import Databases

SOURCE = record.SourceRef(key="kabul-2024-09")
_missions = itertools.count(1)


def month(n: int) -> PartialDate:
    """The n-th month from January 2020, at month precision."""
    return PartialDate(dt.date(2020 + n // 12, n % 12 + 1, 1), "month")


@dataclass(frozen=True)
class Appoint:
    start: int
    attested: bool
    until: int | None
    ends_previous: bool


@dataclass(frozen=True)
class Depart:
    on: int
    cause: str


@dataclass(frozen=True)
class Correct:
    which: int
    start: int | None
    until: int | None
    reopen: bool


@dataclass(frozen=True)
class Retract:
    which: int


months = st.integers(0, 47)
steps = st.lists(
    st.one_of(
        st.builds(Appoint, months, st.booleans(), st.none() | months, st.booleans()),
        st.builds(Depart, months, st.sampled_from(["recalled", "died", "left-post"])),
        st.builds(
            Correct, st.integers(0, 4), st.none() | months, st.none() | months, st.booleans()
        ),
        st.builds(Retract, st.integers(0, 4)),
    ),
    min_size=1,
    max_size=8,
)


@pytest.fixture(scope="module")
def engine(databases: Databases, seeded_template: str) -> Iterator[Engine]:
    engine = create_engine(databases.create(template=seeded_template), poolclass=NullPool)
    yield engine
    engine.dispose()


def new_mission(engine: Engine) -> int:
    """A mission of a sending party of its own, in Kabul, with no head on record."""
    code = f"T{next(_missions)}"
    with engine.begin() as conn:
        mission_id: int = conn.execute(
            text(
                "WITH src AS (SELECT id FROM source WHERE key = 'kabul-2024-09'),"
                " p AS (INSERT INTO party (code, name, kind, source_id)"
                "   SELECT :code, 'Test sender ' || :code, 'organisation', id FROM src"
                "   RETURNING id)"
                " INSERT INTO mission (sending_party_id, host_party_id, city_id, kind, source_id)"
                " SELECT p.id, c.party_id, c.id, 'embassy', src.id"
                "   FROM p, src, city c WHERE c.key = 'kabul' RETURNING id"
            ),
            {"code": code},
        ).scalar_one()
    return mission_id


def current_tenures(conn: Connection, mission_id: int) -> list[int]:
    return list(
        conn.execute(
            text("SELECT id FROM tenure WHERE mission_id = :m AND upper_inf(recorded) ORDER BY id"),
            {"m": mission_id},
        ).scalars()
    )


def apply(conn: Connection, mission_id: int, step: Any) -> None:
    """Record one step; a correction or retraction with no tenure to pick does nothing."""
    mission = record.MissionRef(str(mission_id))
    tenures = current_tenures(conn, mission_id)
    pick = tenures[step.which % len(tenures)] if tenures and hasattr(step, "which") else None
    if isinstance(step, Appoint):
        record.record_appointment(
            conn,
            record.Appointment(
                mission=mission,
                person=record.PersonRef(None),
                rank="charge-d-affaires-a-i",
                source=SOURCE,
                start=None if step.attested else month(step.start),
                attested=month(step.start) if step.attested else None,
                until=None if step.until is None else month(step.until),
                ends_previous=step.ends_previous,
            ),
        )
    elif isinstance(step, Depart):
        record.record_departure(
            conn, record.Departure(SOURCE, step.cause, month(step.on), mission=mission)
        )
    elif isinstance(step, Correct) and pick is not None:
        until: Any = record.UNCHANGED if step.until is None else month(step.until)
        record.record_tenure_correction(
            conn,
            record.TenureCorrection(
                pick,
                SOURCE,
                start=record.UNCHANGED if step.start is None else month(step.start),
                until=None if step.reopen else until,
            ),
        )
    elif isinstance(step, Retract) and pick is not None:
        record.record_retraction(conn, "tenure", pick)


def overlapping_heads(conn: Connection, mission_id: int) -> list[tuple[int, int]]:
    """Pairs of tenures of the mission the reporting views show over one period."""
    return list(
        conn.execute(
            text(
                "SELECT a.tenure_id, b.tenure_id FROM reporting.head_of_mission a"
                " JOIN reporting.head_of_mission b ON b.mission_id = a.mission_id"
                "  AND a.tenure_id < b.tenure_id AND a.valid && b.valid"
                " WHERE a.mission_id = :m"
            ),
            {"m": mission_id},
        ).all()
    )


def heads_on_any_day(conn: Connection, mission_id: int) -> int:
    """The most heads reporting.heads_as_of gives the mission on any boundary date."""
    days = conn.execute(
        text(
            "SELECT DISTINCT d FROM reporting.head_of_mission,"
            " unnest(ARRAY[lower(valid), upper(valid)]) AS d"
            " WHERE mission_id = :m AND d IS NOT NULL"
        ),
        {"m": mission_id},
    ).scalars()
    return max(
        (
            conn.execute(
                text("SELECT count(*) FROM reporting.heads_as_of(:d) WHERE mission_id = :m"),
                {"d": day, "m": mission_id},
            ).scalar_one()
            for day in days
        ),
        default=0,
    )


def timeline_out_of_date(conn: Connection, mission_id: int) -> int:
    """Rows by which the triggers' derived tables differ from their definitions."""
    return sum(
        int(
            conn.execute(
                text(
                    "SELECT count(*) FROM ("
                    f" (SELECT * FROM {table} WHERE mission_id = :m"
                    f"  EXCEPT ALL SELECT * FROM {table}_of(ARRAY[:m]))"
                    " UNION ALL"
                    f" (SELECT * FROM {table}_of(ARRAY[:m])"
                    f"  EXCEPT ALL SELECT * FROM {table} WHERE mission_id = :m)) d"
                ),
                {"m": mission_id},
            ).scalar_one()
        )
        for table in ("heads_timeline", "mission_timeline", "fact_evidence")
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_no_mission_ever_has_two_heads_at_once(engine: Engine, steps: list[Any]) -> None:
    mission_id = new_mission(engine)
    for step in steps:
        with engine.connect() as conn:
            tx = conn.begin()
            try:
                apply(conn, mission_id, step)
            except record.RecordError:
                tx.rollback()
                event(f"{type(step).__name__} refused")
            else:
                tx.commit()
                event(f"{type(step).__name__} recorded")
    with engine.connect() as conn:
        assert overlapping_heads(conn, mission_id) == []
        assert heads_on_any_day(conn, mission_id) <= 1
        assert timeline_out_of_date(conn, mission_id) == 0
        instants = conn.execute(
            text(
                "SELECT DISTINCT i FROM tenure, unnest(ARRAY[lower(recorded), upper(recorded)]) i"
                " WHERE mission_id = :m AND i IS NOT NULL ORDER BY i"
            ),
            {"m": mission_id},
        ).scalars()
        for when in list(instants):
            for moment in (when, when - dt.timedelta(microseconds=1)):
                conn.execute(
                    text("SELECT set_config('registry.as_recorded', :t, false)"),
                    {"t": moment.isoformat()},
                )
                assert overlapping_heads(conn, mission_id) == [], moment
                assert heads_on_any_day(conn, mission_id) <= 1, moment
        conn.rollback()
