"""One recording in a transaction of its own, for callers that hold no connection
(the CLI; a script): connect, check the login may write, run the ``record_*``
function, commit, or roll back on any error or when only trying (``dry_run``).

    from registry.record import Appointment, MissionRef, record_appointment
    from registry.record.transaction import record

    done = record(url, lambda conn: record_appointment(conn, Appointment(...)))
    print("\\n".join(done.lines))
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import URL, Connection, create_engine
from sqlalchemy.pool import NullPool

from registry.access import check_can_write
from registry.record.errors import RecordWarning


@dataclass(frozen=True)
class Recorded:
    """What a recording changed (or, tried, would have): one line each; and what is
    worth a second look (a new person's name mixing scripts)."""

    lines: list[str]
    warnings: list[str]
    written: bool


def record(
    url: URL | str, action: Callable[[Connection], list[str]], *, dry_run: bool = False
) -> Recorded:
    """``action`` (a ``registry.record.record_*`` with its fact) in one transaction.
    Raises RecordError (one line naming the option at fault; nothing written),
    access.CannotWrite, or SQLAlchemy's OperationalError when the server fails."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn, conn.begin() as tx:
            check_can_write(conn)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", RecordWarning)
                lines = action(conn)
            if dry_run:
                tx.rollback()
    finally:
        engine.dispose()
    said = [str(w.message) for w in caught if issubclass(w.category, RecordWarning)]
    return Recorded(lines, said, written=not dry_run)
