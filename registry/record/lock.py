"""Taking a mission for a recording, and database refusals as one line.

Concurrency: every write to a mission's facts first locks the mission row. Two
recorders of one mission serialise; the one that waited finds what the other
recorded and stops with a Conflict rather than act on facts it never saw (an
``--ends-previous`` ending a head appointed a moment ago). The exclusion
constraint on tenure stays the last word, mapped to the same Conflict.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.exc import DBAPIError

from registry import queries
from registry.record.errors import Conflict, RecordError
from registry.record.session import _Session
from registry.record.wording import label

LOCK_TIMEOUT = "10s"  # how long a recorder waits for another one on the same mission


class Locking(_Session):
    """Taking the mission before writing to its facts."""

    def _marker(self, mission_id: int) -> tuple[Any, ...]:
        """The mission's current fact versions: what a recorder has seen."""
        row = self.rows(
            "SELECT (SELECT array_agg(id ORDER BY id) FROM tenure"
            "         WHERE mission_id = %(m)s AND upper_inf(recorded)),"
            "       (SELECT array_agg(sc.id ORDER BY sc.id) FROM status_change sc"
            "          LEFT JOIN tenure t ON t.id = sc.tenure_id"
            "         WHERE upper_inf(sc.recorded)"
            "           AND (sc.mission_id = %(m)s OR t.mission_id = %(m)s))",
            {"m": mission_id},
        )
        return row[0]

    def lock(self, mission: queries.Mission) -> None:
        """Take the mission for this transaction; a Conflict if someone else
        changed its facts while this waited."""
        seen = self._marker(mission.mission_id)
        self.raw.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        try:
            self.raw.execute(
                "SELECT id FROM mission WHERE id = %s FOR UPDATE", (mission.mission_id,)
            )
        except Exception as exc:
            if getattr(exc, "sqlstate", None) == "55P03":  # lock_not_available
                raise Conflict(
                    f"{label(mission)}: another recording for this mission has been running "
                    f"for over {LOCK_TIMEOUT}: try again"
                ) from None
            raise
        if self._marker(mission.mission_id) != seen:
            raise Conflict(
                f"{label(mission)}: someone else recorded a fact of this mission at the same "
                "moment: see `registry history "
                f"{mission.mission_id}` and record again"
            )


@contextmanager
def _refused() -> Iterator[None]:
    """Database refusals as one line: the exclusion constraint is a Conflict."""
    try:
        yield
    except DBAPIError as exc:
        raise _database_error(exc.orig) from None
    except Exception as exc:
        if getattr(exc, "sqlstate", None):
            raise _database_error(exc) from None
        raise


def _database_error(exc: Any) -> RecordError:
    diag = getattr(exc, "diag", None)
    constraint = getattr(diag, "constraint_name", None)
    state = getattr(exc, "sqlstate", None)
    if constraint == "ex_tenure_one_head_at_a_time":
        return Conflict(
            "another head of this mission over the same period was recorded at the same "
            "moment: check `registry history` and record again"
        )
    if state in ("40001", "40P01", "55P03"):  # serialization failure, deadlock, lock
        return Conflict("another recording got in the way: try again")
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return RecordError(f"the database refused the fact: {first}")
