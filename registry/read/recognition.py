"""How hosts and a state's own authorities treat its missions abroad."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from registry import queries
from registry.dates import show
from registry.queries import Party, StatusChange
from registry.read import names

Connection = Any  # a psycopg connection


@dataclass(frozen=True)
class Act:
    """A host's or authority's act concerning a mission (ceased, recognised, ...)."""

    change: str
    date: str | None  # ISO 8601 at the precision known
    by: str | None
    note: str | None


@dataclass(frozen=True)
class MissionRecognition:
    host: str
    city: str | None
    mission_kind: str
    status: str  # the last status an act gave the mission, or "not stated"
    acts: tuple[Act, ...]  # oldest first


@dataclass(frozen=True)
class Recognition:
    party: Party
    as_of: dt.date
    missions: tuple[MissionRecognition, ...]  # only missions some act concerns
    tally: tuple[tuple[str, int], ...]  # (act, how many), by act


def recognition(conn: Connection, party: str, as_of: dt.date) -> Recognition:
    """A state's missions abroad and the acts of hosts and the state's authorities
    concerning them, up to ``as_of``."""
    sender = names.party(conn, party)
    missions = queries.missions_of(conn, sender)
    changes = queries.status_changes(conn, [m.mission_id for m in missions], as_of=as_of)
    acts: dict[int, list[StatusChange]] = {}
    for c in changes:
        if c.tenure_id is None:  # of the mission, not of one head's tenure
            acts.setdefault(c.mission_id, []).append(c)
    treated: list[MissionRecognition] = []
    for m in missions:
        mine = acts.get(m.mission_id, [])
        if not mine:
            continue
        statuses = [c.mission_status for c in mine if c.mission_status]
        treated.append(
            MissionRecognition(
                host=m.host,
                city=m.city,
                mission_kind=m.mission_kind,
                status=statuses[-1] if statuses else "not stated",
                acts=tuple(
                    Act(
                        change=c.change,
                        date=show(c.occurred_on, c.occurred_precision),
                        by=c.actor_authority or c.actor,
                        note=c.note,
                    )
                    for c in mine
                ),
            )
        )
    tally = Counter(act.change for mission in treated for act in mission.acts)
    return Recognition(sender, as_of, tuple(treated), tuple(sorted(tally.items())))
