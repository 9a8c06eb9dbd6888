"""Exports for research: CSV files other datasets can be joined to.

- ``cow_dyad_years``: directed dyad-years in the layout of the Correlates of War
  Diplomatic Exchange data (ccode1, ccode2, year, DR_at_1, DR_at_2, DE);
- ``post_counts``: Lowy Global Diplomacy Index style counts of the posts each state
  runs on a date, by host, city and kind (or one total row per state).

Both read the ``reporting`` views and ``reporting.heads_as_of`` only, like every
read command; they return rows and notes and never print (registry.cli_export
writes them). The codebook is docs/analysts.md, "Exports for research": change a
rule here, change it there.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import psycopg

from registry import vocabulary

COW_TABLE = Path(__file__).resolve().parent / "data" / "cow_states.csv"

# -- What counts as representation of one state at another (the COW export) -----------

# The level is the head's rank (reporting.head_of_mission.cow_level); with no head
# on record on the reference day, 1: under Art. 19(1) of the Vienna Convention a
# chargé d'affaires ad interim heads a mission whose head's post is vacant.
EMBASSY_KINDS = vocabulary.kinds_where(cow="embassy")  # registry/data/vocabulary/
# Representation short of an embassy: level 9 (COW's "other"), whoever heads it.
OTHER_KINDS = vocabulary.kinds_where(cow="other")
# The source does not say what kind of mission it is: it counts only while a head
# at a diplomatic rank (chargé, minister, ambassador) is on record, at that rank.
UNSPECIFIED_KINDS = vocabulary.kinds_where(cow="unspecified")
COW_KINDS = EMBASSY_KINDS + OTHER_KINDS + UNSPECIFIED_KINDS
# Not counted: consular posts, honorary or not, permanent missions (to organisations)
# and offices of sub-national governments, which are not state-to-state diplomatic
# representation.
NOT_COW_KINDS = vocabulary.kinds_where(cow=None)
# Parties COW does not code, whatever their missions: organisations, sovereign
# entities that are not states (the Order of Malta), sub-national governments,
# governments in exile.
NOT_COW_PARTIES = ("organisation", "sovereign_entity", "subnational", "government_in_exile")

COW_COLUMNS = ("ccode1", "ccode2", "year", "DR_at_1", "DR_at_2", "DE")
DEFAULT_REFERENCE_DAY = (12, 31)
FIRST_COW_YEAR = 1816

# Which level wins when a state has several missions at another: 3 > 2 > 1 > 9 > 0.
_STRENGTH = {3: 4, 2: 3, 1: 2, 9: 1, 0: 0}

# -- What counts as a post (the Lowy-style export) ------------------------------------

POST_CATEGORY = {k.code: k.post for k in vocabulary.mission_kinds() if k.post}
# Not counted, as in the Lowy Institute's index: honorary consulates.
NOT_POSTS = vocabulary.kinds_where(post=None)
POST_CATEGORIES = ("embassy", "consulate", "permanent_mission", "other", "unspecified")
POST_COLUMNS = (
    "as_of",
    "sending_code",
    "sending",
    "host_code",
    "host",
    "city",
    "category",
    "kind",
    "posts",
)
POST_TOTAL_COLUMNS = (
    "as_of",
    "sending_code",
    "sending",
    "embassies",
    "consulates",
    "permanent_missions",
    "other",
    "unspecified",
    "posts",
    "countries",
    "cities",
)
_TOTAL_COLUMN = {
    "embassy": "embassies",
    "consulate": "consulates",
    "permanent_mission": "permanent_missions",
    "other": "other",
    "unspecified": "unspecified",
}

EXAMPLES = 5  # parties named in a note before "and N more"


class ExportError(ValueError):
    """A usage error: a bad option, or --strict and a state without a COW code."""


# -- The COW code table ----------------------------------------------------------------


@dataclass(frozen=True)
class Spell:
    """A COW state system membership spell, both days included; end None: continuing."""

    code: str
    ccode: int
    stateabb: str
    statenme: str
    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class CowCodes:
    """Party code -> COW state on a day, from registry/data/cow_states.csv."""

    def __init__(self, spells: Iterable[Spell]) -> None:
        self.by_code: dict[str, list[Spell]] = defaultdict(list)
        self.by_ccode: dict[int, list[Spell]] = defaultdict(list)
        for spell in spells:
            self.by_code[spell.code].append(spell)
            self.by_ccode[spell.ccode].append(spell)

    def knows(self, code: str) -> bool:
        return code in self.by_code

    def on(self, code: str, day: dt.date) -> Spell | None:
        """The COW state a party code stands for on a day, if a system member then.
        Where two spells meet on one day (Yugoslavia, then Serbia), the later one."""
        covering = [s for s in self.by_code.get(code, ()) if s.covers(day)]
        return max(covering, key=lambda s: s.start) if covering else None

    def member(self, ccode: int, day: dt.date) -> bool:
        return any(s.covers(day) for s in self.by_ccode.get(ccode, ()))


def read_cow_codes(path: Path = COW_TABLE) -> CowCodes:
    """Read the table: '#' lines are its header comment, then CSV with a header row."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return CowCodes(
            Spell(
                code=row["code"],
                ccode=int(row["ccode"]),
                stateabb=row["stateabb"],
                statenme=row["statenme"],
                start=dt.date.fromisoformat(row["start"]),
                end=dt.date.fromisoformat(row["end"]) if row["end"] else None,
            )
            for row in rows
        )


@functools.cache
def cow_codes() -> CowCodes:
    return read_cow_codes()


# -- Results ---------------------------------------------------------------------------


@dataclass
class Export:
    """Rows for a CSV file, and what the user should be told on stderr."""

    columns: Sequence[str]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Party:
    code: str
    name: str
    kind: str | None  # state, historical_state, organisation; None for a host


@dataclass(frozen=True)
class _Representation:
    """One mission representing its sending party at one receiving party."""

    mission_id: int
    kind: str
    sending: _Party
    receiving: _Party


class _LeftOut:
    """Representations left out of an export, by the party that kept them out."""

    def __init__(self) -> None:
        self.by_party: dict[_Party, set[tuple[int, str]]] = defaultdict(set)

    def add(self, party: _Party, rep: _Representation) -> None:
        self.by_party[party].add((rep.mission_id, rep.receiving.code))

    def __bool__(self) -> bool:
        return bool(self.by_party)

    def count(self) -> int:
        return len(set().union(*self.by_party.values()))

    def examples(self) -> str:
        """The parties, most representations first: 'European Union (european-union, 1)'."""
        ranked = sorted(self.by_party.items(), key=lambda kv: (-len(kv[1]), kv[0].name))
        named = [f"{p.name} ({p.code}, {len(reps)})" for p, reps in ranked[:EXAMPLES]]
        more = len(ranked) - EXAMPLES
        return "; ".join(named) + (f"; and {more} more" if more > 0 else "")


def _s(n: int) -> str:
    return "" if n == 1 else "s"


# -- COW Diplomatic Exchange -----------------------------------------------------------


def reference_day(year: int, month_day: tuple[int, int]) -> dt.date:
    return dt.date(year, *month_day)


def parse_month_day(value: str) -> tuple[int, int]:
    """'12-31' -> (12, 31); a day every year has (not 02-29)."""
    try:
        month, day = (int(part) for part in value.split("-"))
        dt.date(2023, month, day)  # not a leap year: 02-29 is refused
    except ValueError:
        raise ExportError(
            f"--reference-day: {value!r} is not a day of every year: use MM-DD, e.g. 12-31"
        ) from None
    return month, day


def default_years(
    conn: psycopg.Connection[Any], month_day: tuple[int, int], today: dt.date
) -> tuple[int, int] | None:
    """From the first year with a counted mission's head or status on record, to the
    last year whose reference day has passed. None when nothing is on record."""
    row = conn.execute(
        """
        SELECT min(d) FROM (
            SELECT lower(valid) AS d FROM reporting.head_of_mission
             WHERE mission_kind_code = ANY(%(kinds)s)
            UNION ALL
            SELECT occurred_on FROM reporting.mission_status_change
             WHERE mission_kind_code = ANY(%(kinds)s) AND applies_to = 'mission'
               AND mission_status IS NOT NULL
        ) AS dates
        """,
        {"kinds": list(COW_KINDS)},
    ).fetchone()
    if row is None or row[0] is None:
        return None
    last = today.year if reference_day(today.year, month_day) <= today else today.year - 1
    return max(row[0].year, FIRST_COW_YEAR), last


def _representations(conn: psycopg.Connection[Any]) -> dict[int, list[_Representation]]:
    """Each counted mission's sending party and receiving parties: every party it is
    accredited to, resident or not; with no accreditation on record, its host."""
    rows = conn.execute(
        """
        SELECT m.mission_id, m.mission_kind_code,
               m.sending_code, m.sending, m.sending_kind,
               COALESCE(a.party_code, m.host_code), COALESCE(a.party, m.host), a.party_kind
          FROM reporting.mission m
          LEFT JOIN reporting.accreditation a ON a.mission_id = m.mission_id
         WHERE m.mission_kind_code = ANY(%(kinds)s)
         ORDER BY m.mission_id, 6
        """,
        {"kinds": list(COW_KINDS)},
    ).fetchall()
    out: dict[int, list[_Representation]] = defaultdict(list)
    for mission_id, kind, s_code, s_name, s_kind, r_code, r_name, r_kind in rows:
        out[mission_id].append(
            _Representation(
                mission_id, kind, _Party(s_code, s_name, s_kind), _Party(r_code, r_name, r_kind)
            )
        )
    return out


def mission_level(kind: str, head_status: str, cow_level: int | None) -> int | None:
    """The COW level a mission operating on the reference day gives; None: not counted."""
    if kind in EMBASSY_KINDS:
        if head_status in ("named", "unnamed") and cow_level is not None:
            return cow_level
        return 1  # no head on record: a chargé d'affaires a.i. (VCDR Art. 19(1))
    if kind in OTHER_KINDS:
        return 9
    if kind in UNSPECIFIED_KINDS and cow_level in (1, 2, 3):
        return cow_level
    return None


def cow_dyad_years(
    conn: psycopg.Connection[Any],
    first_year: int | None = None,
    last_year: int | None = None,
    month_day: tuple[int, int] = DEFAULT_REFERENCE_DAY,
    strict: bool = False,
    today: dt.date | None = None,
    codes: CowCodes | None = None,
) -> Export:
    """Directed dyad-years, COW Diplomatic Exchange layout, one reference day a year.

    DR_at_1 is the level of ccode2's representation at ccode1, DR_at_2 of ccode1's
    at ccode2; DE is 1 when either is non-zero. Dyads: every pair of states with a
    non-zero level in some year of the range, in both orders, for each year of the
    range in which both are COW system members on the reference day.
    """
    today = today or dt.date.today()
    codes = codes or cow_codes()
    export = Export(COW_COLUMNS, [])
    if first_year is None or last_year is None:
        found = default_years(conn, month_day, today)
        if found is None:
            return export
        first_year = found[0] if first_year is None else first_year
        last_year = found[1] if last_year is None else last_year
    if first_year < FIRST_COW_YEAR:
        raise ExportError(f"--from-year: the COW state system starts in {FIRST_COW_YEAR}")
    if last_year < FIRST_COW_YEAR:
        raise ExportError(f"--to-year: the COW state system starts in {FIRST_COW_YEAR}")
    for option, year in (("--from-year", first_year), ("--to-year", last_year)):
        if year > 9999:
            raise ExportError(f"{option}: {year} is not a year")
    if first_year > last_year:
        return export
    last_day = reference_day(last_year, month_day)
    if last_day > today:
        export.notes.append(
            f"the reference day of {last_year} ({last_day.isoformat()}) is after today: "
            "its rows show what the registry holds now as continuing"
        )

    representations = _representations(conn)
    # One row per mission operating on a reference day: streamed (a server-side
    # cursor), as a long history holds millions of mission-years.
    operating = conn.cursor(name="registry_export_cow")
    operating.itersize = 10_000
    operating.execute(
        """
        SELECT y, h.mission_id, h.mission_kind_code, h.head_status, h.cow_level
          FROM generate_series(%(first)s::int, %(last)s::int) AS y
         CROSS JOIN LATERAL reporting.heads_as_of(make_date(y, %(month)s, %(day)s)) AS h
         WHERE h.mission_kind_code = ANY(%(kinds)s)
        """,
        {
            "first": first_year,
            "last": last_year,
            "month": month_day[0],
            "day": month_day[1],
            "kinds": list(COW_KINDS),
        },
    )

    levels: dict[tuple[int, int, int], int] = {}
    organisations, uncoded = _LeftOut(), _LeftOut()
    non_members: Counter[tuple[str, int]] = Counter()
    for year, mission_id, kind, head_status, cow_level in operating:
        level = mission_level(kind, head_status, cow_level)
        if level is None:
            continue
        day = reference_day(year, month_day)
        for rep in representations.get(mission_id, ()):
            ends: list[Spell] = []
            for party in (rep.sending, rep.receiving):
                if party.kind in NOT_COW_PARTIES:
                    organisations.add(party, rep)
                elif not codes.knows(party.code):
                    uncoded.add(party, rep)
                elif (spell := codes.on(party.code, day)) is None:
                    non_members[(party.name, year)] += 1
                else:
                    ends.append(spell)
            if len(ends) < 2 or ends[0].ccode == ends[1].ccode:
                continue
            key = (ends[0].ccode, ends[1].ccode, year)
            if _STRENGTH[level] > _STRENGTH[levels.get(key, 0)]:
                levels[key] = level
    operating.close()

    if uncoded:
        n = uncoded.count()
        if strict:
            raise ExportError(
                f"{n} representation{_s(n)} involve{'s' if n == 1 else ''} a state with no COW "
                f"code: {uncoded.examples()} (--strict: add the state to {COW_TABLE.name}, "
                "or export without --strict to leave it out)"
            )
        export.notes.append(
            f"left out {n} representation{_s(n)} involving a state with no COW code: "
            f"{uncoded.examples()}"
        )
    if organisations:
        n = organisations.count()
        kinds = {p.kind for p in organisations.by_party}
        what = (
            "an organisation"
            if kinds == {"organisation"}
            else "an organisation, a sovereign entity or a sub-national government"
        )
        export.notes.append(
            f"left out {n} representation{_s(n)} involving {what}, which COW does "
            f"not code (states only): {organisations.examples()}"
        )
    if non_members:
        n = sum(non_members.values())
        examples = ", ".join(f"{name} {year}" for name, year in sorted(non_members)[:EXAMPLES])
        export.notes.append(
            f"left out {n} representation-year{_s(n)} in which a state was not a member of "
            f"the COW state system on the reference day: {examples}"
        )

    pairs = {(a, b) for a, b, _ in levels} | {(b, a) for a, b, _ in levels}
    for a, b in sorted(pairs):
        for year in range(first_year, last_year + 1):
            day = reference_day(year, month_day)
            if not (codes.member(a, day) and codes.member(b, day)):
                continue
            at_1 = levels.get((b, a, year), 0)  # b's representation at a
            at_2 = levels.get((a, b, year), 0)  # a's representation at b
            export.rows.append(
                {
                    "ccode1": a,
                    "ccode2": b,
                    "year": year,
                    "DR_at_1": at_1,
                    "DR_at_2": at_2,
                    "DE": int(bool(at_1 or at_2)),
                }
            )
    return export


# -- Lowy-style post counts -------------------------------------------------------------


def post_counts(conn: psycopg.Connection[Any], as_of: dt.date, totals: bool = False) -> Export:
    """The posts each state runs on a date: missions the registry holds operating then
    (reporting.heads_as_of), by host, city and kind; or one total row per state."""
    rows = conn.execute(
        """
        WITH h AS MATERIALIZED (SELECT * FROM reporting.heads_as_of(%(as_of)s))
        SELECT h.mission_id, h.mission_kind_code, m.sending_code, m.sending, m.sending_kind,
               m.host_code, m.host, m.city
          FROM h
          JOIN reporting.mission AS m ON m.mission_id = h.mission_id
         -- One post across forms: a form another form of its post succeeded is not a
         -- post of its own (docs/forms.md).
         WHERE h.mission_id NOT IN (
               SELECT e.mission_id
                 FROM reporting.evidence_as_of(%(as_of)s, (SELECT array_agg(mission_id) FROM h)) e
                WHERE e.succeeded_on IS NOT NULL)
        """,
        {"as_of": as_of},
    ).fetchall()
    groups: Counter[tuple[str, str, str, str, str, str, str]] = Counter()
    organisations: Counter[tuple[str, str]] = Counter()
    for _, kind, s_code, s_name, s_kind, h_code, h_name, city in rows:
        if kind in NOT_POSTS:
            continue
        if s_kind == "organisation":
            organisations[(s_name, s_code)] += 1
            continue
        category = POST_CATEGORY.get(kind, "other")  # tests/test_export.py: none falls here
        groups[(s_code, s_name, h_code, h_name, city or "", category, kind)] += 1
    export = Export(POST_TOTAL_COLUMNS if totals else POST_COLUMNS, [])
    if organisations:
        total = sum(organisations.values())
        ranked = sorted(organisations.items(), key=lambda kv: (-kv[1], kv[0]))
        named = "; ".join(f"{name} ({code}, {n})" for (name, code), n in ranked[:EXAMPLES])
        more = len(ranked) - EXAMPLES
        named += f"; and {more} more" if more > 0 else ""
        export.notes.append(
            f"left out {total} post{_s(total)} of organisations (the export counts states' "
            f"posts): {named}"
        )
    ordered = sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][3], kv[0][4], kv[0][6]))
    if not totals:
        export.rows = [
            {
                "as_of": as_of.isoformat(),
                "sending_code": s_code,
                "sending": s_name,
                "host_code": h_code,
                "host": h_name,
                "city": city,
                "category": category,
                "kind": kind,
                "posts": n,
            }
            for (s_code, s_name, h_code, h_name, city, category, kind), n in ordered
        ]
        return export
    by_sender: dict[tuple[str, str], dict[str, Any]] = {}
    for (s_code, s_name, h_code, _, city, category, _), n in ordered:
        row = by_sender.setdefault(
            (s_name, s_code),
            {
                "as_of": as_of.isoformat(),
                "sending_code": s_code,
                "sending": s_name,
                **{_TOTAL_COLUMN[c]: 0 for c in POST_CATEGORIES},
                "posts": 0,
                "countries": set(),
                "cities": set(),
            },
        )
        row[_TOTAL_COLUMN[category]] += n
        row["posts"] += n
        row["countries"].add(h_code)
        if city:
            row["cities"].add((h_code, city))
    for row in by_sender.values():
        row["countries"], row["cities"] = len(row["countries"]), len(row["cities"])
    export.rows = [by_sender[key] for key in sorted(by_sender)]
    return export


# -- CSV -----------------------------------------------------------------------------------


def write_csv(export: Export, out: IO[str], terminal: bool = False) -> None:
    """RFC 4180 CSV with a header row; empty cells for unknowns. The values are exact;
    to a terminal, their control characters are escaped (registry.output says why)."""
    writer = csv.DictWriter(out, fieldnames=list(export.columns))
    writer.writeheader()
    if not terminal:
        writer.writerows(export.rows)
        return
    from registry.output import csv_cell

    writer.writerows({k: csv_cell(v, True) for k, v in row.items()} for row in export.rows)
