"""Recording what happens, one fact at a time, without losing history.

Each ``record_*`` function takes a SQLAlchemy connection inside a transaction the
caller owns, resolves names the way the read commands do (registry.queries),
validates like the loader (registry.loader.head_problems), writes append-only
through registry.history, and returns the lines saying exactly what it changed.
Any problem raises RecordError (one line naming the option at fault) before or
instead of a write; the caller rolls back, so nothing is ever half-written.

Concurrency: every write to a mission's facts first locks the mission row. Two
recorders of one mission serialise; the one that waited finds what the other
recorded and stops with a Conflict rather than act on facts it never saw (an
``--ends-previous`` ending a head appointed a moment ago). The exclusion
constraint on tenure stays the last word, mapped to the same Conflict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Connection, insert
from sqlalchemy.dialects.postgresql import Range
from sqlalchemy.exc import DBAPIError

from registry import history, models, queries
from registry.dates import PartialDate, show
from registry.loader import head_problems
from registry.names import fold, slug
from registry.seedfile import HeadIn

T = TypeVar("T")
TABLES = models.Base.metadata.tables
LOCK_TIMEOUT = "10s"  # how long a recorder waits for another one on the same mission

# Kinds of tenure change that end a tenure (`record departure --cause`).
DEPARTURE_CAUSES = (
    "dismissed-by-decree",
    "recalled",
    "died",
    "superseded",
    "left-post",
    "presented-recall",
    "relinquished-charge",
    "appointment-terminated",
    "ended",
)
# Acts of recognition about a head rather than a mission (`record recognition --tenure`).
TENURE_RECOGNITION = ("host-accredited-charge", "officially-recognised")


class RecordError(Exception):
    """Bad input or a refused fact: one line, naming the option at fault. Nothing written."""


class Conflict(RecordError):
    """Someone else recorded for the same mission at the same moment."""


# --- what the user says -------------------------------------------------------------


@dataclass(frozen=True)
class MissionRef:
    """A mission as `registry history` takes it: a sending party and a seat city
    (or, for a mission seated nowhere known, the host country), and a kind when
    the party has several missions there; or a mission id."""

    sending: str
    city: str | None = None
    kind: str | None = None


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


# --- the recorder -------------------------------------------------------------------


@dataclass
class _Tenure:
    """A current tenure version as the validator needs it."""

    id: int
    mission_id: int
    person_id: int | None
    head: str | None
    rank_code: str
    rank: str
    valid: Range[dt.date]
    start_precision: str | None
    attested_precision: str | None
    end_precision: str | None
    credentials_on: dt.date | None
    credentials_precision: str | None
    credentials_authority_id: int | None
    resident_city_id: int | None
    note: str | None
    resident_city: str | None
    source_key: str

    @property
    def first_day(self) -> dt.date:
        assert self.valid.lower is not None  # a CHECK constraint: every tenure has a start
        return self.valid.lower

    @property
    def start(self) -> PartialDate | None:
        return PartialDate(self.first_day, self.start_precision) if self.start_precision else None

    @property
    def attested(self) -> PartialDate | None:
        if self.start_precision:
            return None
        return PartialDate(self.first_day, self.attested_precision or "day")

    @property
    def until(self) -> PartialDate | None:
        if self.valid.upper is None:
            return None
        return PartialDate(self.valid.upper, self.end_precision or "day")

    @property
    def credentials(self) -> PartialDate | None:
        if self.credentials_on is None:
            return None
        return PartialDate(self.credentials_on, self.credentials_precision or "day")


_TENURE_SQL = """
    SELECT t.id, t.mission_id, t.person_id, p.name, t.rank_code, r.title, t.valid,
           t.start_precision,
           t.attested_precision, t.end_precision, t.credentials_on, t.credentials_precision,
           t.credentials_authority_id, t.resident_city_id, t.note, rc.name, s.key
      FROM tenure t JOIN rank r ON r.code = t.rank_code LEFT JOIN person p ON p.id = t.person_id
      LEFT JOIN city rc ON rc.id = t.resident_city_id JOIN source s ON s.id = t.source_id
     WHERE upper_inf(t.recorded)
"""


@dataclass
class Recorder:
    """One recording, in the caller's transaction; ``lines`` say what it changed."""

    conn: Connection
    lines: list[str] = field(default_factory=list)
    _source_id: int | None = None
    _source_key: str | None = None

    @property
    def raw(self) -> Any:
        """The psycopg connection under SQLAlchemy's, for registry.queries' finders."""
        return self.conn.connection.driver_connection

    def rows(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        """Rows by plain psycopg, its ranges as SQLAlchemy's (which can overlap())."""
        return [tuple(map(_sa_range, row)) for row in self.raw.execute(sql, params).fetchall()]

    def say(self, line: str) -> None:
        self.lines.append(line)

    # -- names ---------------------------------------------------------------------

    def find(self, option: str, finder: Callable[[Any, str], T], name: str) -> T:
        try:
            return finder(self.raw, name)
        except (queries.UnknownName, queries.AmbiguousName) as exc:
            raise RecordError(f"{option}: {exc}") from None

    def mission(self, ref: MissionRef) -> queries.Mission:
        if ref.city is None and ref.sending.strip().isdigit():
            found = queries.mission_by_id(self.raw, int(ref.sending))
            if found is None:
                raise RecordError(f"MISSION: no mission with id {ref.sending}")
            return found
        party = self.find("MISSION", queries.find_party, ref.sending)
        place, host = self.seat(ref.city)
        candidates = queries.missions_of(self.raw, party, place)
        candidates = [m for m in candidates if host is None or m.host_code == host.code]
        missions = [m for m in candidates if ref.kind in (None, m.mission_kind_code)]
        if len(missions) == 1:
            return missions[0]
        where = f" in {place.name}" if place else f" in {host.name}" if host else ""
        if not missions:
            others = candidates or queries.missions_of(self.raw, party)
            hint = "; on record: " + "; ".join(label(m) for m in others[:4]) if others else ""
            kind = f" {ref.kind}" if ref.kind else ""
            raise RecordError(f"MISSION: no{kind} mission of {party.name}{where} on record{hint}")
        listed = "; ".join(f"{label(m)} (id {m.mission_id})" for m in missions[:6])
        raise RecordError(
            f"MISSION: {party.name} has {len(missions)} missions{where}: {listed}; "
            "name the city, give --kind, or the mission id"
        )

    def seat(self, name: str | None) -> tuple[queries.City | None, queries.Party | None]:
        """A seat city, or failing that the host country (for a mission whose source
        names only the country: `AF belgium`)."""
        if name is None:
            return None, None
        try:
            return queries.find_city(self.raw, name), None
        except queries.UnknownName as exc:
            try:
                return None, queries.find_party(self.raw, name)
            except (queries.UnknownName, queries.AmbiguousName):
                raise RecordError(f"MISSION: {exc}") from None
        except queries.AmbiguousName as exc:
            raise RecordError(f"MISSION: {exc}") from None

    def person(self, ref: PersonRef, option: str = "--person") -> tuple[int | None, str | None]:
        if ref.name is None:
            return None, None
        if not ref.new:
            who = self.find(option, queries.find_person, ref.name)
            return who.id, who.name
        name = ref.name.strip()
        key = slug(name)
        if not key:
            raise RecordError(f"--new-person: {ref.name!r} is not a name")
        same = self.rows(
            "SELECT p.key, p.name FROM person p LEFT JOIN person_alias a ON a.person_id = p.id"
            " WHERE p.key = %(key)s OR p.search_key = %(fold)s OR a.search_key = %(fold)s",
            {"key": key, "fold": fold(name)},
        )
        if same:
            raise RecordError(
                f"--new-person: {same[0][1]!r} (key {same[0][0]}) is on record already: "
                "use --person to name them"
            )
        person_id: int = self.conn.execute(
            insert(TABLES["person"])
            .values(
                key=key,
                name=name,
                search_key=fold(name),
                description=ref.description,
                source_id=self.source_id,
            )
            .returning(TABLES["person"].c.id)
        ).scalar_one()
        self.say(f"person {person_id} recorded: {name} (key {key})")
        return person_id, name

    def rank(self, value: str, ad_interim: bool, option: str = "--rank") -> str:
        ranks = {code: title for code, title in self.rows("SELECT code, title FROM rank")}
        by_title = {fold(title): code for code, title in ranks.items()}
        code = value if value in ranks else by_title.get(fold(value), slug(value))
        if code not in ranks:
            raise RecordError(f"{option}: unknown rank {value!r}{did_you_mean(value, ranks)}")
        if ad_interim:
            if code not in ("charge-d-affaires", "charge-d-affaires-a-i"):
                raise RecordError(
                    f"--ad-interim: only a chargé d'affaires heads ad interim, not a {ranks[code]}"
                )
            code = "charge-d-affaires-a-i"
        return code

    def authority(self, option: str, value: str) -> tuple[int, str, Range[dt.date]]:
        rows = self.rows("SELECT id, key, name, valid FROM authority")
        match = [r for r in rows if value == r[1] or fold(value) in (fold(r[2]), fold(r[1]))]
        if len(match) != 1:
            keys = [r[1] for r in rows]
            raise RecordError(f"{option}: unknown authority {value!r}{did_you_mean(value, keys)}")
        return match[0][0], match[0][2], match[0][3]

    def city(self, option: str, value: str) -> int:
        return self.find(option, queries.find_city, value).id

    def party(self, option: str, value: str) -> tuple[int, str]:
        found = self.find(option, queries.find_party, value)
        return found.id, found.name

    def change_kinds(self) -> dict[str, tuple[str, str, str | None]]:
        return {
            r[0]: (r[1], r[2], r[3])
            for r in self.rows(
                "SELECT code, label, applies_to, mission_status FROM status_change_kind"
            )
        }

    # -- sources -------------------------------------------------------------------

    @property
    def source_id(self) -> int:
        assert self._source_id is not None, "resolve the source first"
        return self._source_id

    def source(self, ref: SourceRef) -> None:
        """Resolve --source, or record the new source the --source-* options describe."""
        new = (ref.title, ref.publisher, ref.published)
        if ref.key and any(v is not None for v in (*new, ref.url)):
            raise RecordError("--source names a known source: drop the --source-* options")
        if ref.key:
            rows = self.rows("SELECT id, key FROM source WHERE key = %s", (ref.key,))
            if not rows:
                keys = [r[0] for r in self.rows("SELECT key FROM source")]
                raise RecordError(
                    f"--source: unknown source {ref.key!r}{did_you_mean(ref.key, keys)}; "
                    "or describe a new one with --source-title, --source-publisher, --source-date"
                )
            self._source_id, self._source_key = rows[0]
            return
        missing = [
            option
            for option, value in zip(
                ("--source-title", "--source-publisher", "--source-date"), new, strict=True
            )
            if not value
        ]
        if len(missing) == 3:
            raise RecordError(
                "every fact needs a source: --source KEY, or --source-title, "
                "--source-publisher and --source-date for a new one"
            )
        if missing:
            raise RecordError(f"a new source needs {', '.join(missing)} too")
        assert ref.title and ref.publisher and ref.published
        same = self.rows(
            "SELECT id, key FROM source WHERE title = %s AND publisher = %s AND published_on = %s",
            (ref.title, ref.publisher, ref.published.first_day),
        )
        if same:  # the same article named twice is one source
            self._source_id, self._source_key = same[0]
            return
        base = slug(f"{ref.publisher} {ref.published}")[:60].strip("-") or "source"
        taken = {r[0] for r in self.rows("SELECT key FROM source WHERE key LIKE %s", (base + "%",))}
        key = next(k for k in (base, *(f"{base}-{n}" for n in range(2, 1000))) if k not in taken)
        self._source_id = self.conn.execute(
            insert(TABLES["source"])
            .values(
                key=key,
                title=ref.title,
                publisher=ref.publisher,
                url=ref.url,
                published_on=ref.published.first_day,
                published_precision=ref.published.precision,
            )
            .returning(TABLES["source"].c.id)
        ).scalar_one()
        self._source_key = key
        self.say(
            f"source {self._source_id} recorded: {ref.title!r} ({ref.publisher}, "
            f"{ref.published}) as --source {key}"
        )

    def cite(self) -> str:
        return f"(source {self._source_key})"

    # -- locking -------------------------------------------------------------------

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

    # -- tenures -------------------------------------------------------------------

    def tenure(self, tenure_id: int, option: str = "--tenure") -> _Tenure:
        rows = self.rows(_TENURE_SQL + " AND t.id = %s", (tenure_id,))
        if rows:
            return _Tenure(*rows[0])
        newer = self.rows(
            "SELECT n.id FROM tenure n WHERE n.supersedes_id = %s ORDER BY n.id DESC LIMIT 1",
            (tenure_id,),
        )
        if newer:
            raise RecordError(
                f"{option}: tenure {tenure_id} is a superseded version; "
                f"its correction is tenure {newer[0][0]}"
            )
        if self.rows("SELECT 1 FROM tenure WHERE id = %s", (tenure_id,)):
            raise RecordError(f"{option}: tenure {tenure_id} was retracted")
        raise RecordError(f"{option}: no tenure {tenure_id}")

    def tenures(self, mission_id: int) -> list[_Tenure]:
        rows = self.rows(
            _TENURE_SQL + " AND t.mission_id = %s ORDER BY lower(t.valid)", (mission_id,)
        )
        return [_Tenure(*r) for r in rows]

    def open_tenure(self, mission: queries.Mission) -> _Tenure:
        open_ = [t for t in self.tenures(mission.mission_id) if t.valid.upper is None]
        if len(open_) == 1:
            return open_[0]
        raise RecordError(
            f"{label(mission)} has no head on record without an end: give --tenure ID "
            f"(see `registry history {mission.mission_id} --format json`)"
        )

    def target_tenure(
        self, mission_ref: MissionRef | None, tenure_id: int | None
    ) -> tuple[queries.Mission, _Tenure]:
        if tenure_id is not None:
            tenure = self.tenure(tenure_id)
            mission = queries.mission_by_id(self.raw, tenure.mission_id)
            assert mission is not None
            if (
                mission_ref is not None
                and self.mission(mission_ref).mission_id != mission.mission_id
            ):
                raise RecordError(f"--tenure: tenure {tenure_id} is of {label(mission)}")
            return mission, tenure
        if mission_ref is None:
            raise RecordError("name the MISSION or give --tenure ID")
        mission = self.mission(mission_ref)
        return mission, self.open_tenure(mission)

    def check_tenure(
        self,
        mission: queries.Mission,
        head: HeadIn,
        options: dict[str, str],
        ignore: tuple[int, ...] = (),
    ) -> Range[dt.date]:
        """The loader's checks of a head's dates, then overlap with the mission's
        other current heads. Returns the period."""
        from registry.loader import tenure_period

        for where, message in head_problems(head):
            raise RecordError(f"{options['.'.join(where)]}: {message}")
        period = tenure_period(head)
        for other in self.tenures(mission.mission_id):
            if other.id not in ignore and other.valid.overlaps(period):
                raise RecordError(
                    f"{label(mission)}: overlaps tenure {other.id} ({describe_tenure(other)}): "
                    "one head at a time; end it with --ends-previous or `registry record "
                    "departure`, or correct it"
                )
        return period

    def describe(self, tenure_id: int) -> str:
        return describe_tenure(self.tenure(tenure_id))

    def supersede_tenure(self, old: _Tenure, changes: dict[str, Any], what: str) -> int:
        moved = [
            r[0]
            for r in self.rows(
                "SELECT id FROM status_change WHERE tenure_id = %s AND upper_inf(recorded)",
                (old.id,),
            )
        ]
        new_id = history.supersede(self.conn, TABLES["tenure"], old.id, changes)
        self.say(f"tenure {old.id} superseded by {new_id}: {what} {self.cite()}")
        if moved:
            pairs = self.rows(
                "SELECT supersedes_id, id FROM status_change WHERE supersedes_id = ANY(%s)"
                " AND upper_inf(recorded) ORDER BY supersedes_id",
                (moved,),
            )
            for old_change, new_change in pairs:
                self.say(
                    f"status change {old_change} superseded by {new_change}: "
                    f"moved to tenure {new_id}"
                )
        return new_id

    def insert_change(
        self,
        kind: str,
        on: PartialDate,
        *,
        mission_id: int | None = None,
        tenure_id: int | None = None,
        actor: str | None = None,
        authority: str | None = None,
        note: str | None = None,
    ) -> tuple[int, str]:
        actor_id, actor_name = self.party("--actor", actor) if actor else (None, None)
        authority_id, authority_name, _ = (
            self.authority("--authority", authority) if authority else (None, None, None)
        )
        dupe = self.rows(
            "SELECT id FROM status_change WHERE upper_inf(recorded) AND kind = %s"
            " AND mission_id IS NOT DISTINCT FROM %s AND tenure_id IS NOT DISTINCT FROM %s"
            " AND occurred_on = %s",
            (kind, mission_id, tenure_id, on.first_day),
        )
        if dupe:
            raise RecordError(
                f"{kind} on {on} is on record already (status change {dupe[0][0]}); "
                "to change it, record a correction"
            )
        new_id: int = self.conn.execute(
            insert(TABLES["status_change"])
            .values(
                kind=kind,
                occurred_on=on.first_day,
                occurred_precision=on.precision,
                mission_id=mission_id,
                tenure_id=tenure_id,
                actor_party_id=actor_id,
                actor_authority_id=authority_id,
                note=note,
                source_id=self.source_id,
            )
            .returning(TABLES["status_change"].c.id)
        ).scalar_one()
        by = authority_name or actor_name
        return new_id, f"{on}" + (f", by {by}" if by else "") + (f"; {note}" if note else "")


# --- the facts ----------------------------------------------------------------------


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


def record_appointment(conn: Connection, a: Appointment) -> list[str]:
    """A head of mission appointed (or first attested) at a rank."""
    with _refused():
        r = Recorder(conn)
        if (a.start is None) == (a.attested is None):
            raise RecordError(
                "give exactly one of --from (the start is known) or --attested "
                "(a source shows the head in post then, and not since when)"
            )
        if a.ends_previous and a.start is None:
            raise RecordError(
                "--ends-previous needs --from: with the start unknown, so is the previous end"
            )
        if a.credentials_on is not None and a.credentials_to is None:
            raise RecordError("--credentials needs --credentials-to (the authority)")
        mission = r.mission(a.mission)
        rank = r.rank(a.rank, a.ad_interim)
        r.lock(mission)
        r.source(a.source)
        authority = r.authority("--credentials-to", a.credentials_to) if a.credentials_to else None
        resident_city = r.city("--resident-at", a.resident_at) if a.resident_at else None
        head = head_in(rank, a.start, a.attested, a.until, a.credentials_on)
        options = {"until": "--until", "credentials.date": "--credentials"}
        if authority and a.credentials_on:
            check_in_power("--credentials-to", authority, a.credentials_on)
        check_credentials_in_post("--credentials", a.credentials_on, a.until)
        previous: _Tenure | None = None
        if a.ends_previous:
            assert a.start is not None
            open_ = [t for t in r.tenures(mission.mission_id) if t.valid.upper is None]
            if not open_:
                raise RecordError(
                    f"--ends-previous: no head of {label(mission)} is on record without an end"
                )
            previous = open_[0]
            prev_start = previous.start or previous.attested
            assert prev_start is not None
            if a.start.first_day <= prev_start.first_day:
                raise RecordError(
                    f"--ends-previous: tenure {previous.id} ({describe_tenure(previous)}) "
                    f"starts {prev_start}, not before {a.start}"
                )
            if previous.credentials_on and previous.credentials_on >= a.start.first_day:
                raise RecordError(
                    f"--ends-previous: tenure {previous.id} presented credentials "
                    f"{previous.credentials}, not before {a.start}"
                )
        period = r.check_tenure(mission, head, options, ignore=(previous.id,) if previous else ())
        person_id, _ = r.person(a.person)
        if previous is not None:
            assert a.start is not None
            r.supersede_tenure(
                previous,
                {
                    "valid": Range(previous.valid.lower, a.start.first_day, bounds="[)"),
                    "end_precision": a.start.precision,
                    "source_id": r.source_id,
                },
                f"{previous.head or '(name not reported)'} ended {a.start}",
            )
        tenure_id: int = conn.execute(
            insert(TABLES["tenure"])
            .values(
                mission_id=mission.mission_id,
                person_id=person_id,
                rank_code=rank,
                valid=period,
                start_precision=a.start.precision if a.start else None,
                attested_precision=a.attested.precision if a.attested else None,
                end_precision=a.until.precision if a.until else None,
                credentials_on=a.credentials_on.first_day if a.credentials_on else None,
                credentials_precision=a.credentials_on.precision if a.credentials_on else None,
                credentials_authority_id=authority[0] if authority else None,
                resident_city_id=resident_city,
                note=a.note,
                source_id=r.source_id,
            )
            .returning(TABLES["tenure"].c.id)
        ).scalar_one()
        r.say(f"tenure {tenure_id} recorded: {label(mission)}, {r.describe(tenure_id)} {r.cite()}")
        return r.lines


def record_credentials(conn: Connection, c: Credentials) -> list[str]:
    """Credentials presented by a head, on a date (or date unknown), to an authority."""
    with _refused():
        r = Recorder(conn)
        mission, tenure = r.target_tenure(c.mission, c.tenure_id)
        r.lock(mission)
        tenure = r.tenure(tenure.id)
        r.source(c.source)
        authority = r.authority("--to", c.to)
        if c.on:
            check_in_power("--to", authority, c.on)
            start = tenure.start
            if start and c.on.first_day < start.first_day:
                raise RecordError(
                    f"--on: credentials presented ({c.on}) before the appointment "
                    f"(tenure {tenure.id} starts {start})"
                )
            check_credentials_in_post("--on", c.on, tenure.until)
        r.supersede_tenure(
            tenure,
            {
                "credentials_on": c.on.first_day if c.on else None,
                "credentials_precision": c.on.precision if c.on else None,
                "credentials_authority_id": authority[0],
                "source_id": r.source_id,
            },
            f"credentials {c.on or '(date unknown)'} to {authority[1]}",
        )
        return r.lines


def record_departure(conn: Connection, d: Departure) -> list[str]:
    """A tenure ended: dismissed, recalled, died, superseded, left post..."""
    with _refused():
        r = Recorder(conn)
        kinds = r.change_kinds()
        cause = d.cause if d.cause in kinds else slug(d.cause)
        if cause not in DEPARTURE_CAUSES:
            raise RecordError(
                f"--cause: {d.cause!r} is not a way a tenure ends"
                f"{did_you_mean(d.cause, DEPARTURE_CAUSES)}; one of {', '.join(DEPARTURE_CAUSES)}"
            )
        mission, tenure = r.target_tenure(d.mission, d.tenure_id)
        r.lock(mission)
        tenure = r.tenure(tenure.id)
        r.source(d.source)
        if tenure.valid.upper is not None:
            raise RecordError(
                f"tenure {tenure.id} ({describe_tenure(tenure)}) has ended already: "
                "to change its end, record a correction"
            )
        start = tenure.start or tenure.attested
        assert start is not None
        if d.on.first_day <= start.first_day:
            raise RecordError(
                f"--on: ends ({d.on}) before it starts ({start}) (tenure {tenure.id})"
            )
        check_credentials_in_post("--on", tenure.credentials, d.on)
        new_id = r.supersede_tenure(
            tenure,
            {
                "valid": Range(tenure.valid.lower, d.on.first_day, bounds="[)"),
                "end_precision": d.on.precision,
                "source_id": r.source_id,
            },
            f"{tenure.head or '(name not reported)'} ended {d.on}",
        )
        change_id, detail = r.insert_change(
            cause, d.on, tenure_id=new_id, actor=d.actor, authority=d.authority, note=d.note
        )
        r.say(
            f"status change {change_id} recorded: tenure {new_id}, {kinds[cause][0]}, "
            f"{detail} {r.cite()}"
        )
        return r.lines


def record_event(
    conn: Connection, e: Event, allowed: Callable[[str, str, str | None], bool]
) -> list[str]:
    """A mission's change of status, or an act of recognition; ``allowed(code,
    applies_to, mission_status)`` says which kinds the calling command takes."""
    with _refused():
        r = Recorder(conn)
        kinds = r.change_kinds()
        code = e.change if e.change in kinds else slug(e.change)
        if code not in kinds or not allowed(code, *kinds[code][1:]):
            choices = [k for k, v in kinds.items() if allowed(k, *v[1:])]
            raise RecordError(
                f"CHANGE: {e.change!r} is not one of {', '.join(choices)}"
                f"{did_you_mean(e.change, choices)}"
            )
        applies_to = kinds[code][1]
        if applies_to == "tenure":
            mission, tenure = r.target_tenure(e.mission, e.tenure_id)
        elif e.tenure_id is not None:
            raise RecordError(f"--tenure: {code} is about a mission, not a head")
        else:
            assert e.mission is not None
            mission = r.mission(e.mission)
        r.lock(mission)
        r.source(e.source)
        if applies_to == "tenure":
            tenure = r.tenure(tenure.id)
            change_id, detail = r.insert_change(
                code, e.on, tenure_id=tenure.id, actor=e.actor, authority=e.authority, note=e.note
            )
            subject = f"{label(mission)}, tenure {tenure.id} ({tenure.head or 'name not reported'})"
        else:
            change_id, detail = r.insert_change(
                code,
                e.on,
                mission_id=mission.mission_id,
                actor=e.actor,
                authority=e.authority,
                note=e.note,
            )
            subject = label(mission)
        r.say(
            f"status change {change_id} recorded: {subject}, {kinds[code][0]}, {detail} {r.cite()}"
        )
        return r.lines


def record_tenure_correction(conn: Connection, c: TenureCorrection) -> list[str]:
    """A new version of a tenure with the fields given; the old one stays in history."""
    with _refused():
        r = Recorder(conn)
        old = r.tenure(c.tenure_id, "TENURE")
        mission = queries.mission_by_id(r.raw, old.mission_id)
        assert mission is not None
        r.lock(mission)
        old = r.tenure(c.tenure_id, "TENURE")
        r.source(c.source)
        changes: dict[str, Any] = {"source_id": r.source_id}
        if not isinstance(c.rank, Unchanged) or c.ad_interim:
            changes["rank_code"] = r.rank(kept(c.rank, old.rank_code), c.ad_interim)
        start, attested = old.start, old.attested
        if not (isinstance(c.start, Unchanged) and isinstance(c.attested, Unchanged)):
            start, attested = kept(c.start, None), kept(c.attested, None)
            if (start is None) == (attested is None):
                raise RecordError("give exactly one of --from or --attested")
        until = kept(c.until, old.until)
        cred_on = kept(c.credentials_on, old.credentials)
        authority_id = old.credentials_authority_id
        if not isinstance(c.credentials_to, Unchanged):
            authority = (
                r.authority("--credentials-to", c.credentials_to) if c.credentials_to else None
            )
            authority_id = authority[0] if authority else None
            if authority and cred_on:
                check_in_power("--credentials-to", authority, cred_on)
        if cred_on is not None and authority_id is None:
            raise RecordError("--credentials needs --credentials-to (the authority)")
        check_credentials_in_post("--credentials", cred_on, until)
        head = head_in(changes.get("rank_code", old.rank_code), start, attested, until, cred_on)
        options = {"until": "--until", "credentials.date": "--credentials"}
        changes["valid"] = r.check_tenure(mission, head, options, ignore=(old.id,))
        changes |= {
            "start_precision": start.precision if start else None,
            "attested_precision": attested.precision if attested else None,
            "end_precision": until.precision if until else None,
            "credentials_on": cred_on.first_day if cred_on else None,
            "credentials_precision": cred_on.precision if cred_on else None,
            "credentials_authority_id": authority_id,
        }
        if not isinstance(c.person, Unchanged):
            changes["person_id"], _ = r.person(c.person)
        if not isinstance(c.resident_at, Unchanged):
            changes["resident_city_id"] = (
                r.city("--resident-at", c.resident_at) if c.resident_at else None
            )
        if not isinstance(c.note, Unchanged):
            changes["note"] = c.note
        new_id = r.supersede_tenure(old, changes, f"{label(mission)}, corrected")
        r.say(f"  was: {describe_version(old)}")
        r.say(f"  now: {describe_version(r.tenure(new_id))}")
        return r.lines


def record_change_correction(conn: Connection, c: ChangeCorrection) -> list[str]:
    """A new version of a status change with the fields given."""
    with _refused():
        r = Recorder(conn)
        old = _current_change(r, c.status_change_id)
        mission = queries.mission_by_id(r.raw, old["mission"])
        assert mission is not None
        r.lock(mission)
        old = _current_change(r, c.status_change_id)
        r.source(c.source)
        kinds = r.change_kinds()
        changes: dict[str, Any] = {"source_id": r.source_id}
        if not isinstance(c.change, Unchanged):
            code = c.change if c.change in kinds else slug(c.change)
            applies = "tenure" if old["tenure_id"] else "mission"
            if code not in kinds or kinds[code][1] != applies:
                choices = [k for k, v in kinds.items() if v[1] == applies]
                raise RecordError(
                    f"--change: {c.change!r} is not a change of a {applies}"
                    f"{did_you_mean(c.change, choices)}"
                )
            changes["kind"] = code
        if not isinstance(c.on, Unchanged):
            changes |= {"occurred_on": c.on.first_day, "occurred_precision": c.on.precision}
        if not isinstance(c.actor, Unchanged):
            changes["actor_party_id"] = r.party("--actor", c.actor)[0] if c.actor else None
        if not isinstance(c.authority, Unchanged):
            changes["actor_authority_id"] = (
                r.authority("--authority", c.authority)[0] if c.authority else None
            )
        if not isinstance(c.note, Unchanged):
            changes["note"] = c.note
        before = _describe_change(r, old["id"])
        new_id = history.supersede(conn, TABLES["status_change"], old["id"], changes)
        r.say(
            f"status change {old['id']} superseded by {new_id}: {label(mission)}, corrected "
            f"{r.cite()}"
        )
        r.say(f"  was: {before}")
        r.say(f"  now: {_describe_change(r, new_id)}")
        return r.lines


def record_retraction(conn: Connection, what: str, row_id: int) -> list[str]:
    """Stop asserting a tenure (with its status changes) or a status change. The
    version stays, closed, visible with --as-recorded-on an earlier date."""
    with _refused():
        r = Recorder(conn)
        if what == "tenure":
            old = r.tenure(row_id, "TENURE")
            mission = queries.mission_by_id(r.raw, old.mission_id)
            assert mission is not None
            r.lock(mission)
            old = r.tenure(row_id, "TENURE")
            events = r.rows(
                "SELECT id FROM status_change WHERE tenure_id = %s AND upper_inf(recorded)",
                (row_id,),
            )
            history.retract(conn, TABLES["tenure"], row_id)
            r.say(f"tenure {row_id} retracted: {label(mission)}, {describe_tenure(old)}")
            for (event,) in events:
                r.say(f"status change {event} retracted with it")
            return r.lines
        old_change = _current_change(r, row_id)
        mission = queries.mission_by_id(r.raw, old_change["mission"])
        assert mission is not None
        r.lock(mission)
        _current_change(r, row_id)
        before = _describe_change(r, row_id)
        history.retract(conn, TABLES["status_change"], row_id)
        r.say(f"status change {row_id} retracted: {label(mission)}, {before}")
        return r.lines


# --- helpers ------------------------------------------------------------------------


def head_in(
    rank: str,
    start: PartialDate | None,
    attested: PartialDate | None,
    until: PartialDate | None,
    credentials: PartialDate | None,
) -> HeadIn:
    """The tenure as a seed file would state it, for the loader's checks."""
    return HeadIn.model_validate(
        {
            "rank": rank,
            "from": start,
            "attested": attested,
            "until": until,
            "credentials": {"to": "-", "date": credentials} if credentials else None,
        }
    )


def _sa_range(value: Any) -> Any:
    from psycopg.types.range import Range as PgRange

    if isinstance(value, PgRange):
        return Range(value.lower, value.upper, bounds=value.bounds, empty=value.isempty)  # type: ignore[arg-type]
    return value


def label(mission: queries.Mission) -> str:
    """'Kazakhstan embassy in Kabul', as the output of every recording names it."""
    return f"{mission.sending} {mission.mission_kind} in {mission.city or mission.host}"


def describe_tenure(t: _Tenure) -> str:
    start = f"from {t.start}" if t.start else f"first attested {t.attested}"
    end = f" to {t.until}" if t.until else ""
    cred = f", credentials {t.credentials}" if t.credentials else ""
    away = f", non-resident, at {t.resident_city}" if t.resident_city else ""
    return f"{t.head or '(name not reported)'}, {t.rank}{away}, {start}{end}{cred}"


def describe_version(t: _Tenure) -> str:
    """A tenure with all a correction may change: for the old and new lines."""
    note = f"; note: {t.note}" if t.note else ""
    return f"{describe_tenure(t)}{note} (source {t.source_key})"


def did_you_mean(value: str, choices: Any) -> str:
    from rapidfuzz import process

    match = process.extractOne(value, list(choices), score_cutoff=60)
    return f" (did you mean {match[0]!r}?)" if match else ""


def check_in_power(
    option: str, authority: tuple[int, str, Range[dt.date]], on: PartialDate
) -> None:
    valid = authority[2]
    assert valid.lower is not None  # a CHECK constraint: every authority has a start
    if not valid.overlaps(Range(on.first_day, after(on), bounds="[)")):
        until = show(valid.upper, "day") or "now"
        raise RecordError(
            f"{option}: {authority[1]} was not in power on {on} "
            f"(from {show(valid.lower, 'day')} to {until})"
        )


def after(day: PartialDate) -> dt.date:
    """The first day after the period a partial date covers (2021-08: 2021-09-01)."""
    first = day.first_day
    if day.precision == "year":
        return first.replace(year=first.year + 1)
    if day.precision == "month":
        return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first + dt.timedelta(days=1)


def check_credentials_in_post(
    option: str, credentials: PartialDate | None, until: PartialDate | None
) -> None:
    if credentials and until and credentials.first_day >= until.first_day:
        raise RecordError(
            f"{option}: credentials presented ({credentials}) after the tenure ended ({until})"
        )


def _current_change(r: Recorder, change_id: int) -> dict[str, Any]:
    rows = r.rows(
        "SELECT sc.id, COALESCE(sc.mission_id, t.mission_id), sc.tenure_id,"
        " upper_inf(sc.recorded) FROM status_change sc LEFT JOIN tenure t ON t.id = sc.tenure_id"
        " WHERE sc.id = %s",
        (change_id,),
    )
    if not rows:
        raise RecordError(f"STATUS_CHANGE: no status change {change_id}")
    if not rows[0][3]:
        newer = r.rows("SELECT id FROM status_change WHERE supersedes_id = %s", (change_id,))
        hint = f"; its correction is status change {newer[0][0]}" if newer else " (retracted)"
        raise RecordError(f"STATUS_CHANGE: status change {change_id} is not current{hint}")
    return {"id": rows[0][0], "mission": rows[0][1], "tenure_id": rows[0][2]}


def _describe_change(r: Recorder, change_id: int) -> str:
    row = r.rows(
        "SELECT k.label, sc.occurred_on, sc.occurred_precision, COALESCE(aa.name, ap.name),"
        " sc.note, s.key FROM status_change sc JOIN status_change_kind k ON k.code = sc.kind"
        " LEFT JOIN party ap ON ap.id = sc.actor_party_id"
        " LEFT JOIN authority aa ON aa.id = sc.actor_authority_id"
        " JOIN source s ON s.id = sc.source_id WHERE sc.id = %s",
        (change_id,),
    )[0]
    by = f", by {row[3]}" if row[3] else ""
    note = f"; {row[4]}" if row[4] else ""
    return f"{row[0]}, {show(row[1], row[2])}{by}{note} (source {row[5]})"
