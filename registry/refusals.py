"""What a database error during a write means, said once for every writer.

The writers (the bundle writer, the seed loader, `registry record`) check what they
are given before they write, so the database's refusal is what is left: two writers
crossing (a key taken, a version closed meanwhile), a lock or statement timeout, a
login that may not write, a constraint someone added, the server gone. ``refusal``
classifies any error into a Refusal; each writer then says it in its own terms
(a file and line, an option), with ``facts_refused`` the words they share. A password
in the server's message is masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Cause = Literal[
    "overlap",  # an exclusion constraint: one head (one seat) at a time
    "constraint",  # any other named constraint
    "not-null",  # a column left empty the writer fills
    "crossed",  # a version closed by another writer meanwhile (keep_history)
    "conflict",  # serialization failure, deadlock: another transaction in the way
    "lock",  # a lock not had in time (lock_timeout, NOWAIT): the statement cancelled
    "timeout",  # statement_timeout: the statement cancelled
    "forbidden",  # permission denied, read-only transaction
    "connection",  # the server went away
    "other",
]

# SQLSTATEs (PostgreSQL's appendix A) and what they mean to a writer.
_CAUSES: dict[str, Cause] = {
    "23P01": "overlap",  # exclusion_violation
    "23502": "not-null",
    "23001": "crossed",  # restrict_violation: keep_history refuses a closed version
    "40001": "conflict",  # serialization_failure
    "40P01": "conflict",  # deadlock_detected
    "55P03": "lock",  # lock_not_available
    "57014": "timeout",  # query_canceled (statement_timeout)
    "42501": "forbidden",  # insufficient_privilege
    "25006": "forbidden",  # read_only_sql_transaction
}


@dataclass(frozen=True)
class Refusal:
    """One database error of a write, classified."""

    cause: Cause
    sqlstate: str | None
    constraint: str | None
    table: str | None
    column: str | None
    first_line: str  # the server's first line, any password masked
    detail: str | None  # the server's DETAIL, when it gave one

    @property
    def message(self) -> str:
        """The server's first line, with its detail in brackets."""
        return self.first_line + (f" ({self.detail})" if self.detail else "")


def refusal(exc: BaseException) -> Refusal:
    """``exc`` (a psycopg error, or SQLAlchemy's wrapping one) classified."""
    from registry.urls import mask_text

    orig = getattr(exc, "orig", None) or exc
    diag = getattr(orig, "diag", None)
    state = getattr(orig, "sqlstate", None)
    constraint = getattr(diag, "constraint_name", None)
    cause: Cause = _CAUSES.get(state or "", "constraint" if constraint else "other")
    if cause == "other" and _is_connection_error(orig):
        cause = "connection"
    lines = str(orig).strip().splitlines()
    return Refusal(
        cause=cause,
        sqlstate=state,
        constraint=constraint,
        table=getattr(diag, "table_name", None),
        column=getattr(diag, "column_name", None),
        first_line=mask_text(lines[0] if lines else type(orig).__name__),
        detail=getattr(diag, "message_detail", None) or None,
    )


def _is_connection_error(exc: BaseException) -> bool:
    import psycopg

    return isinstance(exc, psycopg.OperationalError) or bool(getattr(exc, "broken", False))


def facts_refused(r: Refusal) -> str:
    """How a load says the database refused its facts (at the row that caused it,
    where the writer can find the row)."""
    if r.constraint == "ex_tenure_one_head_at_a_time":
        return (
            "a tenure overlaps another head of the same mission already in the database "
            f"({r.detail or ''})"
        )
    return f"the database refused the facts: {r.message}"
