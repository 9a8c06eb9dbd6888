"""Recording what happens, one fact at a time, without losing history.

Each ``record_*`` function takes a SQLAlchemy connection inside a transaction the
caller owns, resolves names the way the read commands do (registry.queries),
validates like the loader (registry.seeds.resolve.head_problems), writes append-only
through registry.history, and returns the lines saying exactly what it changed.
Any problem raises RecordError (one line naming the option at fault) before or
instead of a write; the caller rolls back, so nothing is ever half-written.

Concurrency: every write to a mission's facts first locks the mission row. Two
recorders of one mission serialise; the one that waited finds what the other
recorded and stops with a Conflict rather than act on facts it never saw (an
``--ends-previous`` ending a head appointed a moment ago). The exclusion
constraint on tenure stays the last word, mapped to the same Conflict.

The modules, in the order a recording uses them:

- facts: what the user says (Appointment, Event, TenureCorrection, MissionRef...)
- errors: RecordError and Conflict; RecordWarning (recorded, worth a second look)
- session, sources, resolve, lock, recorder: the Recorder, built up in layers
  (connection and lines; --source; names; the mission lock; tenures and status
  changes); tenure_version is the tenure row it reads back
- validate, wording: checks and phrasing the facts share
- tenure, events, corrections, seats: the ``record_*`` functions, one module per
  kind of fact (seats: a mission that moved)
- transaction: ``record(url, action)``, a recording in a transaction of its own
  (the CLI's, a script's)
"""

from __future__ import annotations

from registry.record.corrections import (
    record_change_correction,
    record_retraction,
    record_tenure_correction,
)
from registry.record.errors import Conflict, RecordError, RecordWarning
from registry.record.events import TENURE_RECOGNITION, record_event
from registry.record.facts import (
    UNCHANGED,
    Appointment,
    ChangeCorrection,
    Credentials,
    Departure,
    Event,
    MissionRef,
    PersonRef,
    SeatMove,
    SourceRef,
    TenureCorrection,
    Unchanged,
    kept,
)
from registry.record.lock import LOCK_TIMEOUT
from registry.record.recorder import Recorder
from registry.record.seats import record_move
from registry.record.session import TABLES
from registry.record.tenure import (
    DEPARTURE_CAUSES,
    record_appointment,
    record_credentials,
    record_departure,
)
from registry.record.validate import after, check_credentials_in_post, check_in_power, head_in
from registry.record.wording import describe_tenure, describe_version, label

__all__ = [
    "DEPARTURE_CAUSES",
    "LOCK_TIMEOUT",
    "TABLES",
    "TENURE_RECOGNITION",
    "UNCHANGED",
    "Appointment",
    "ChangeCorrection",
    "Conflict",
    "Credentials",
    "Departure",
    "Event",
    "MissionRef",
    "PersonRef",
    "RecordError",
    "RecordWarning",
    "Recorder",
    "SeatMove",
    "SourceRef",
    "TenureCorrection",
    "Unchanged",
    "after",
    "check_credentials_in_post",
    "check_in_power",
    "describe_tenure",
    "describe_version",
    "head_in",
    "kept",
    "label",
    "record_appointment",
    "record_change_correction",
    "record_credentials",
    "record_departure",
    "record_event",
    "record_move",
    "record_retraction",
    "record_tenure_correction",
]
