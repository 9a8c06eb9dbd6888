"""What the user says: the facts ``record_*`` take, and the references in them
(a mission, a person, a source) still to be resolved against the registry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from registry.dates import PartialDate

T = TypeVar("T")


@dataclass(frozen=True)
class MissionRef:
    """A mission as `registry history` takes it: a sending party and a seat city
    (or, for a mission seated nowhere known, the host country), and a kind when
    the party has several missions there; or a mission id."""

    sending: str
    city: str | None = None
    kind: str | None = None
    new: bool = False  # --new-mission: record it (an opening or a planned mission)
    # --accredited-to, with --new-mission: the parties it is accredited to (resident
    # to its host, non-resident to the others)
    accredited_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceRef:
    """A known source by key, or a new one by title, publisher and date."""

    key: str | None = None
    title: str | None = None
    publisher: str | None = None
    published: PartialDate | None = None
    url: str | None = None


@dataclass(frozen=True)
class PersonRef:
    """The head: a person on record (name, alias or key), a new person, or nobody
    named (``name`` None: the source gives the rank but not the name)."""

    name: str | None
    new: bool = False
    description: str | None = None


@dataclass(frozen=True)
class Appointment:
    mission: MissionRef
    person: PersonRef
    rank: str
    source: SourceRef
    start: PartialDate | None = None  # --from: the start is known
    attested: PartialDate | None = None  # --attested: only a first attestation is
    until: PartialDate | None = None
    ad_interim: bool = False
    credentials_on: PartialDate | None = None
    credentials_to: str | None = None
    resident_at: str | None = None
    note: str | None = None
    ends_previous: bool = False


@dataclass(frozen=True)
class Credentials:
    source: SourceRef
    to: str
    on: PartialDate | None = None
    mission: MissionRef | None = None
    tenure_id: int | None = None


@dataclass(frozen=True)
class Departure:
    source: SourceRef
    cause: str
    on: PartialDate
    mission: MissionRef | None = None
    tenure_id: int | None = None
    actor: str | None = None
    authority: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Event:
    """A dated change of a mission (opened, suspended...), or an act of recognition
    of a mission or (with a tenure) of its head."""

    mission: MissionRef | None
    change: str
    on: PartialDate
    source: SourceRef
    actor: str | None = None
    authority: str | None = None
    note: str | None = None
    tenure_id: int | None = None


class Unchanged:
    """A correction leaves the field as it is (None means: clear it)."""


UNCHANGED = Unchanged()


def kept(value: T | Unchanged, old: T) -> T:
    """A corrected field's new value: the given one, or the old one if unchanged."""
    return old if isinstance(value, Unchanged) else value


@dataclass(frozen=True)
class TenureCorrection:
    tenure_id: int
    source: SourceRef
    person: PersonRef | Unchanged = UNCHANGED
    rank: str | Unchanged = UNCHANGED
    ad_interim: bool = False
    start: PartialDate | Unchanged | None = UNCHANGED
    attested: PartialDate | Unchanged | None = UNCHANGED
    until: PartialDate | Unchanged | None = UNCHANGED
    credentials_on: PartialDate | Unchanged | None = UNCHANGED
    credentials_to: str | Unchanged | None = UNCHANGED
    resident_at: str | Unchanged | None = UNCHANGED
    note: str | Unchanged | None = UNCHANGED


@dataclass(frozen=True)
class ChangeCorrection:
    status_change_id: int
    source: SourceRef
    change: str | Unchanged = UNCHANGED
    on: PartialDate | Unchanged = UNCHANGED
    actor: str | Unchanged | None = UNCHANGED
    authority: str | Unchanged | None = UNCHANGED
    note: str | Unchanged | None = UNCHANGED


@dataclass(frozen=True)
class SeatMove:
    """A mission moved from the city it names (its seat the day before) to ``to``."""

    mission: MissionRef
    to: str
    on: PartialDate
    source: SourceRef
