"""The corps on a date: who heads each mission in a city, a party's network,
who is accredited to a party, the corps in numbers, and the order of precedence."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from registry import queries
from registry.dates import show
from registry.heads import CityMissions as CityMissions  # named here as it always was
from registry.queries import City, MissionAsOf, Party
from registry.read import districts, names
from registry.read.districts import Subdivision

Connection = Any  # a psycopg connection (typed loosely: psycopg is not imported to name it)


@dataclass(frozen=True)
class PartyMissions:
    """Missions around a party on a date: its own abroad (represents) or those
    accredited to it (accredited_to)."""

    party: Party
    as_of: dt.date
    missions: tuple[MissionAsOf, ...]
    # accredited_to a subdivision (Guangdong): the consular missions whose district covers
    # it; ``party`` is then the state it is in.
    district: Subdivision | None = None


def who_heads(conn: Connection, city: str, as_of: dt.date, every: bool = False) -> CityMissions:
    """The missions of a city on a date; those a later complete list left out (with
    no newer evidence of their own) only with ``every`` (docs/evidence.md)."""
    place = names.city(conn, city, on=as_of)
    missions = queries.missions_in_city(conn, place.id, as_of)
    if not every:
        missions = [p for p in missions if p.omitted_on is None]
    return CityMissions(place, as_of, tuple(missions))


def represents(conn: Connection, party: str, as_of: dt.date) -> PartyMissions:
    """Where a party is represented: its missions abroad, by host and city."""
    sender = names.party(conn, party)
    return PartyMissions(sender, as_of, tuple(queries.represented_by(conn, sender, as_of)))


def accredited_to(conn: Connection, party: str, as_of: dt.date) -> PartyMissions:
    """Who represents whom to a party, resident or not, in order of precedence; to a
    subdivision of a state (Guangdong, CN-GD), the consular missions whose district covers
    it. A sub-national government that is a party (Catalonia) has both."""
    try:
        host = names.party(conn, party)
    except names.UnknownName:
        district = districts.find_subdivision(conn, party)
        if district is None:
            raise
        missions = districts.missions_covering(conn, district.code, as_of)
        return PartyMissions(district.state, as_of, tuple(missions), district)
    missions = queries.accredited_to(conn, host, as_of)
    if host.kind == "subnational":
        seen = {p.mission_id for p in missions}
        extra = [
            p
            for p in districts.missions_covering(conn, host.code, as_of)
            if p.mission_id not in seen
        ]
        missions = sorted([*missions, *extra], key=queries.precedence_key)
    return PartyMissions(host, as_of, tuple(missions))


@dataclass(frozen=True)
class SummaryLine:
    """How many missions have a head of this rank (dimension "rank"), or are of
    this kind (dimension "kind")."""

    dimension: str
    value: str
    rank_class: str | None
    missions: int


@dataclass(frozen=True)
class Summary:
    city: City
    as_of: dt.date
    missions: int
    lines: tuple[SummaryLine, ...]  # ranks in order of precedence, then kinds by count


def summary(conn: Connection, city: str, as_of: dt.date) -> Summary:
    """The diplomatic corps of a city in numbers: missions by head's rank and by kind."""
    corps = who_heads(conn, city, as_of)
    missions = corps.missions
    by_rank = Counter(
        (p.precedence_group, p.rank or "without a named head", p.rank_class) for p in missions
    )
    by_kind = Counter(p.mission_kind for p in missions)
    lines = [
        SummaryLine("rank", rank, rank_class, n)
        for (_, rank, rank_class), n in sorted(by_rank.items(), key=lambda kv: kv[0][:2])
    ]
    lines += [
        SummaryLine("kind", kind, None, n)
        for kind, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return Summary(corps.city, as_of, len(missions), tuple(lines))


@dataclass(frozen=True)
class PrecedenceEntry:
    """A head of mission's place in the order. ``position`` is a range ("2–4") when
    heads of one class took up functions on dates the registry does not know."""

    position: str
    sending: str
    sending_code: str
    head: str | None
    head_status: str
    rank: str | None
    rank_class: str | None
    took_up_functions: str
    took_up_functions_exact: bool
    # The mission's latest evidence (docs/evidence.md), as who-heads gives it.
    evidence_on: str | None = None
    evidence_attests: str | None = None
    evidence_source: str | None = None
    evidence_not_in_list_of: str | None = None
    evidence_not_in_list_source: str | None = None
    evidence_conflicts: int = 0


@dataclass(frozen=True)
class Precedence:
    city: City
    as_of: dt.date
    entries: tuple[PrecedenceEntry, ...]
    # The first head when their place is certain; None when there is no head, or the
    # order of the first heads is unknown.
    doyen: PrecedenceEntry | None


def precedence(conn: Connection, city: str, as_of: dt.date) -> Precedence:
    """The order of precedence of the heads of mission in a city (Vienna Convention
    Arts. 14 and 16): class, then date of taking up functions; the doyen first.
    Where the date is unknown it says so instead of guessing."""
    corps = who_heads(conn, city, as_of)
    missions = [p for p in corps.missions if p.rank]
    entries: list[PrecedenceEntry] = []
    for index, post in enumerate(missions, start=1):
        if post.functions_since:
            functions = show(post.functions_since, "day") or ""
            exact = True
        elif post.functions_before:
            functions = f"before {post.functions_before.isoformat()} (date unknown)"
            exact = False
        else:
            functions, exact = "unknown", False
        tied = [
            q for q in missions if queries.precedence_key(q)[:2] == queries.precedence_key(post)[:2]
        ]
        first = missions.index(tied[0]) + 1
        position = str(index) if exact or len(tied) == 1 else f"{first}–{first + len(tied) - 1}"
        entries.append(
            PrecedenceEntry(
                position=position,
                sending=post.sending,
                sending_code=post.sending_code,
                head=post.head,
                head_status=post.head_status,
                rank=post.rank,
                rank_class=post.rank_class,
                took_up_functions=functions,
                took_up_functions_exact=exact,
                evidence_on=show(post.evidence_on, post.evidence_precision),
                evidence_attests=post.evidence_attests,
                evidence_source=post.evidence_source,
                evidence_not_in_list_of=show(post.omitted_on, post.omitted_precision),
                evidence_not_in_list_source=post.omitted_source,
                evidence_conflicts=post.open_conflicts,
            )
        )
    doyen = entries[0] if entries and entries[0].position == "1" else None
    return Precedence(corps.city, as_of, tuple(entries), doyen)
