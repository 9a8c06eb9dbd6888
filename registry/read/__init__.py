"""The registry's answers, from Python: what every read command shows, as frozen
dataclasses, without the CLI (no typer, no rich).

    from registry.read import Registry

    with Registry.connect() as registry:        # $REGISTRY_DATABASE_URL, or the embedded server
        for post in registry.who_heads("kabul").missions:
            print(post.sending, post.head, post.rank)

The functions take a psycopg connection (``registry.db.connect`` gives a checked one);
``Registry`` holds one and answers each question in one transaction. Names resolve as
the CLI resolves them: InvalidName, UnknownName (with ``suggestions``) or AmbiguousName.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sys
import types
from collections.abc import Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

from registry.db import CannotRead, DatabaseError

if TYPE_CHECKING:
    from registry.queries import City, Mission, MissionAsOf, Party, Person, StatusChange, Tenure
    from registry.read.conflicts import Conflicts
    from registry.read.missions import (
        CityMissions,
        PartyMissions,
        Precedence,
        PrecedenceEntry,
        Summary,
        SummaryLine,
        accredited_to,
        precedence,
        represents,
        summary,
        who_heads,
    )
    from registry.read.names import AmbiguousName, InvalidName, UnknownName
    from registry.read.recognition import Act, MissionRecognition, Recognition, recognition
    from registry.read.relations import RelationRow, Relations, relations
    from registry.read.timeline import (
        Event,
        History,
        PersonTenures,
        UnknownMission,
        ad_interim,
        history,
        mission_history,
        mission_label,
        non_resident,
        person,
    )

# Each name's module, imported when the name is first used (PEP 562): a command
# imports what its answer needs, not every answer's dataclasses (issue 19).
_HOME = {
    **dict.fromkeys(
        ("City", "Mission", "Party", "Person", "MissionAsOf", "StatusChange", "Tenure"),
        "registry.queries",
    ),
    **dict.fromkeys(("AmbiguousName", "InvalidName", "UnknownName"), "registry.read.names"),
    **dict.fromkeys(
        (
            "CityMissions",
            "PartyMissions",
            "Precedence",
            "PrecedenceEntry",
            "Summary",
            "SummaryLine",
            "accredited_to",
            "precedence",
            "represents",
            "summary",
            "who_heads",
        ),
        "registry.read.missions",
    ),
    **dict.fromkeys(
        ("Act", "MissionRecognition", "Recognition", "recognition"), "registry.read.recognition"
    ),
    **dict.fromkeys(("RelationRow", "Relations", "relations"), "registry.read.relations"),
    **dict.fromkeys(
        (
            "Event",
            "History",
            "PersonTenures",
            "UnknownMission",
            "ad_interim",
            "history",
            "mission_history",
            "mission_label",
            "non_resident",
            "person",
        ),
        "registry.read.timeline",
    ),
}


class _Read(types.ModuleType):
    """Two answers share their name with the module that holds them (recognition,
    relations). The package's name is the function, as when this package imported
    everything at once; importing the submodule, which names it on the package,
    leaves it so."""

    @property
    def recognition(self) -> Any:
        from registry.read.recognition import recognition

        return recognition

    @recognition.setter
    def recognition(self, module: Any) -> None:
        pass  # the import system naming the submodule: the function keeps the name

    @property
    def relations(self) -> Any:
        from registry.read.relations import relations

        return relations

    @relations.setter
    def relations(self, module: Any) -> None:
        pass


sys.modules[__name__].__class__ = _Read


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


__all__ = [
    "Act",
    "AmbiguousName",
    "CannotRead",
    "City",
    "CityMissions",
    "DatabaseError",
    "Event",
    "History",
    "InvalidName",
    "Mission",
    "MissionAsOf",
    "MissionRecognition",
    "Party",
    "PartyMissions",
    "Person",
    "PersonTenures",
    "Precedence",
    "PrecedenceEntry",
    "Recognition",
    "Registry",
    "RelationRow",
    "Relations",
    "StatusChange",
    "Summary",
    "SummaryLine",
    "Tenure",
    "UnknownMission",
    "UnknownName",
    "accredited_to",
    "ad_interim",
    "history",
    "mission_history",
    "mission_label",
    "non_resident",
    "person",
    "precedence",
    "recognition",
    "recorded_instant",
    "relations",
    "represents",
    "summary",
    "who_heads",
]

Recorded = dt.datetime | dt.date | None


def recorded_instant(value: dt.datetime | dt.date) -> dt.datetime:
    """Recorded time as --as-recorded-on reads it: a date means the end of that day in
    UTC (its last microsecond); a time without an offset is UTC."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time.max, dt.UTC)
    return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)


class Registry:
    """A connection to the registry and the questions the read commands answer.

    ``as_of`` is valid time (default: today); ``as_recorded`` is recorded time, what
    the registry held then (default: now, or what ``connect`` was given).
    """

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        conn.commit()  # the checks (and a session's recorded time) made on connecting
        conn.autocommit = True  # each answer opens (and ends) its own transaction

    @classmethod
    def connect(cls, url: str | None = None, *, as_recorded: Recorded = None) -> Registry:
        """``url``, else $REGISTRY_DATABASE_URL, else the embedded server (started,
        migrated and seeded on first use), checked as every command checks it.
        Raises DatabaseError (CannotRead when unreachable or at another revision)."""
        from registry.db import connect, resolve

        instant = recorded_instant(as_recorded) if as_recorded is not None else None
        return cls(connect(resolve(url), instant))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Registry:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextlib.contextmanager
    def _answer(self, as_recorded: Recorded) -> Iterator[None]:
        """One transaction (one snapshot) for one answer, at the recorded time asked:
        transaction-local, so the next answer is back at the session's time."""
        with self.conn.transaction():
            if as_recorded is not None:
                self.conn.execute(
                    "SELECT set_config('registry.as_recorded', %s, true)",
                    (recorded_instant(as_recorded).isoformat(),),
                )
            yield

    def who_heads(
        self,
        city: str,
        as_of: dt.date | None = None,
        as_recorded: Recorded = None,
        every: bool = False,
    ) -> CityMissions:
        """Every mission seated in ``city`` and who heads it, in order of precedence;
        ``every``: also those a later complete list left out (`who-heads --all`)."""
        with self._answer(as_recorded):
            from registry.read.missions import who_heads

            return who_heads(self.conn, city, as_of or dt.date.today(), every=every)

    def represents(
        self, party: str, as_of: dt.date | None = None, as_recorded: Recorded = None
    ) -> PartyMissions:
        """A state's or organisation's missions abroad, by host and city."""
        with self._answer(as_recorded):
            from registry.read.missions import represents

            return represents(self.conn, party, as_of or dt.date.today())

    def accredited_to(
        self, party: str, as_of: dt.date | None = None, as_recorded: Recorded = None
    ) -> PartyMissions:
        """The missions accredited to a state or organisation, in order of precedence."""
        with self._answer(as_recorded):
            from registry.read.missions import accredited_to

            return accredited_to(self.conn, party, as_of or dt.date.today())

    def history(
        self, party: str | int, city: str | None = None, as_recorded: Recorded = None
    ) -> History:
        """A sending party's missions (in ``city``, or everywhere), or one mission by
        its id, as a timeline oldest first."""
        with self._answer(as_recorded):
            from registry.read.timeline import history, mission_history

            if isinstance(party, int):
                return mission_history(self.conn, party)
            return history(self.conn, party, city)

    def person(self, name: str, as_recorded: Recorded = None) -> PersonTenures:
        """A person's posts as head of mission over time."""
        with self._answer(as_recorded):
            from registry.read.timeline import person

            return person(self.conn, name)

    def summary(
        self, city: str, as_of: dt.date | None = None, as_recorded: Recorded = None
    ) -> Summary:
        """The corps of a city in numbers: missions by head's rank and by kind."""
        with self._answer(as_recorded):
            from registry.read.missions import summary

            return summary(self.conn, city, as_of or dt.date.today())

    def precedence(
        self, city: str, as_of: dt.date | None = None, as_recorded: Recorded = None
    ) -> Precedence:
        """The order of precedence of the heads of mission in a city, the doyen first."""
        with self._answer(as_recorded):
            from registry.read.missions import precedence

            return precedence(self.conn, city, as_of or dt.date.today())

    def recognition(
        self, party: str, as_of: dt.date | None = None, as_recorded: Recorded = None
    ) -> Recognition:
        """How hosts and the state's authorities treat a state's missions abroad."""
        with self._answer(as_recorded):
            from registry.read.recognition import recognition

            return recognition(self.conn, party, as_of or dt.date.today())

    def conflicts(self, name: str | None = None, as_recorded: Recorded = None) -> Conflicts:
        """Where sources disagree: in a city, about a party's missions, or everywhere."""
        with self._answer(as_recorded):
            from registry.read.conflicts import conflicts

            return conflicts(self.conn, name)

    def relations(self, first: str, second: str, as_recorded: Recorded = None) -> Relations:
        """Recognition, relations and the missions between two parties, oldest first."""
        with self._answer(as_recorded):
            from registry.read.relations import relations

            return relations(self.conn, first, second)
