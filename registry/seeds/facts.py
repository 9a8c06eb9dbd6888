"""Seed files' sources, parties, cities, authorities, people, missions,
accreditations, heads, status changes and complete lists as rows of the one bundle
specification (registry/bundle/spec.py), written by the bundle writer: the
append-only versioning, the timelines and the database's checks are its, whatever
the facts came from. Each row keeps the seed file, line and field it came from, so a
problem the writer finds is said there.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from registry.seedfile import ChangeIn, CompleteListIn, HeadIn, MissionIn
from registry.seeds.read import ParsedFile
from registry.seeds.report import LoadError, Path_, Report, SeedError, field_name

if TYPE_CHECKING:
    from registry.bundle.report import BulkReport, Problem

# Which seed field a bundle column says, for a problem's field path.
SEED_FIELDS: dict[str, dict[str, Path_]] = {
    "sources.csv": {
        "key": ("key",),
        "title": ("title",),
        "publisher": ("publisher",),
        "url": ("url",),
        "published_on": ("published",),
        "note": ("note",),
    },
    "parties.csv": {
        "code": ("code",),
        "name": ("name",),
        "kind": ("kind",),
        "source_key": ("source",),
    },
    "cities.csv": {
        "party_code": ("country",),
        "key": ("name",),
        "name": ("name",),
        "source_key": ("source",),
    },
    # A row of a party's or city's alias, or of the names ISO 3166 gives a party.
    "aliases.csv": {"valid_from": ("from",), "valid_until": ("until",)},
    "missions.csv": {
        "sending_code": ("sending",),
        "host_code": ("country",),
        "city_key": ("city",),
        "kind": ("kind",),
        "source_key": ("source",),
    },
    "accreditations.csv": {"party_code": ("party",), "resident": ("resident",)},
    "authorities.csv": {
        "key": ("key",),
        "party_code": ("party",),
        "name": ("name",),
        "valid_from": ("from",),
        "valid_until": ("until",),
        "source_key": ("source",),
    },
    "people.csv": {
        "key": ("key",),
        "name": ("name",),
        "description": ("description",),
        "source_key": ("source",),
        "aliases": ("aliases",),
    },
    "tenures.csv": {
        "person_key": ("person",),
        "rank_code": ("rank",),
        "started_on": ("from",),
        "attested_on": ("attested",),
        "ended_on": ("until",),
        "credentials_on": ("credentials", "date"),
        "credentials_to": ("credentials", "to"),
        "note": ("note",),
        "source_key": ("source",),
    },
    "status_changes.csv": {
        "kind": ("change",),
        "occurred_on": ("date",),
        "note": ("note",),
        "source_key": ("source",),
        "actor_code": ("actor",),
        "actor_authority": ("authority",),
    },
    # A row of a list's mission; the list's own fields are said at the list.
    # (Its sender is checked before: what the writer says of it is of the entry.)
    "complete_lists.csv": {"sending_code": (), "mission_kind": ("kind",)},
}
# The fields of a complete list itself, said at the list, not at one of its missions.
LIST_FIELDS: dict[str, Path_] = {
    "city_key": ("city",),
    "listed_on": ("date",),
    "kinds": ("kinds",),
    "note": ("note",),
    "source_key": ("source",),
}


@dataclass
class Rows:
    """Bundle rows (file -> rows) and, for each, the seed file and field path it says."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    origin: dict[tuple[str, int], tuple[ParsedFile, Path_]] = field(default_factory=dict)

    def add(self, file: str, f: ParsedFile | None, loc: Path_, **values: str | None) -> None:
        """A row; ``f`` None for one the registry adds of its own (an ISO 3166 state)."""
        rows = self.rows.setdefault(file, [])
        rows.append({k: v for k, v in values.items() if v is not None})
        if f is not None:
            self.origin[(file, len(rows))] = (f, loc)

    def locate(self, problem: Problem) -> Problem:
        """A problem at a row's position, said at its seed file, line and field."""
        from registry.bundle.report import Problem

        origin = self.origin.get((problem.file, problem.line or 0))
        if origin is None:
            return problem
        f, loc = origin
        where = _field_at(problem.file, loc, problem.field)
        message = problem.message
        other = self.origin.get((problem.file, problem.other_line or 0))
        said = f"{problem.file}:{problem.other_line}"
        if other is not None and said in message:  # the row it contradicts, as the file says it
            g, other_loc = other
            there = g.line(_field_at(problem.file, other_loc, problem.field))
            message = message.replace(said, f"{g.display}:{there}", 1)
        return Problem(
            f.display,
            f.line(where),
            field_name(where),
            problem.value,
            message,
            problem.severity,
        )


def _field_at(file: str, loc: Path_, column: str) -> Path_:
    """Where in a seed file a bundle row's column is said."""
    if file == "complete_lists.csv" and column in LIST_FIELDS:
        return (*loc[:2], *LIST_FIELDS[column])
    return (*loc, *SEED_FIELDS.get(file, {}).get(column, ()))


def _day(value: object) -> str | None:
    return None if value is None else str(value)


def bundle_rows(
    files: list[ParsedFile],
    city: Callable[[MissionIn], tuple[str | None, str]],
    out: Rows | None = None,
) -> Rows:
    """The files' authorities, people, and every mission with what it carries, added
    to ``out``; ``city``: a mission's seat (its key in the host, None for none) and its
    host, as the resolver checked them."""
    out = out if out is not None else Rows()
    for f in files:
        c = f.content
        for i, a in enumerate(c.authorities):
            out.add(
                "authorities.csv",
                f,
                ("authorities", i),
                key=a.key,
                party_code=a.party,
                name=a.name,
                valid_from=_day(a.from_),
                valid_until=_day(a.until),
                source_key=a.source or c.source,
            )
        for i, person in enumerate(c.people):
            out.add(
                "people.csv",
                f,
                ("people", i),
                key=person.key,
                name=person.name,
                description=person.description,
                source_key=person.source or c.source,
                aliases="|".join(person.aliases) or None,
            )
    for n, f in enumerate(files):
        for i, m in enumerate(f.content.missions):
            loc: Path_ = ("missions", i)
            key = f"{n}.{i}"
            source = m.source or f.content.source
            city_key, host = city(m)
            out.add(
                "missions.csv",
                f,
                loc,
                key=key,
                sending_code=m.sending,
                host_code=host,
                city_key=city_key,
                kind=m.kind,
                source_key=source,
            )
            for j, acc in enumerate(m.accredited_to):
                out.add(
                    "accreditations.csv",
                    f,
                    (*loc, "accredited_to", j),
                    mission_key=key,
                    party_code=acc.party,
                    resident=str(acc.resident).lower(),
                    source_key=source,
                )
            for j, ch in enumerate(m.status):
                _change(out, f, (*loc, "status", j), ch, source, mission_key=key)
            for j, head in enumerate(m.heads):
                _head(out, f, (*loc, "heads", j), f"{key}.{j}", key, head, head.source or source)
    # After every file's missions: a list may name a mission another file states.
    for f in files:
        for i, cl in enumerate(f.content.complete_lists):
            _complete_list(out, f, ("complete_lists", i), cl, city)
    return out


def _complete_list(
    out: Rows,
    f: ParsedFile,
    loc: Path_,
    cl: CompleteListIn,
    city: Callable[[MissionIn], tuple[str | None, str]],
) -> None:
    """One row a mission the list names, as one on record (its sender and kind); one
    row for a list naming none."""
    city_key, host = city(cast("MissionIn", cl))
    listed = {
        "city_key": f"{host}:{city_key}",
        "listed_on": _day(cl.date),
        "kinds": None if cl.kinds is None else "|".join(cl.kinds),
        "note": cl.note,
        "source_key": cl.source or f.content.source,
    }
    if not cl.missions:
        out.add("complete_lists.csv", f, loc, **listed)
    for j, m in enumerate(cl.missions):
        out.add(
            "complete_lists.csv",
            f,
            (*loc, "missions", j),
            **listed,
            sending_code=m.sending,
            mission_kind=m.kind,
        )


def _head(
    out: Rows, f: ParsedFile, loc: Path_, key: str, mission: str, head: HeadIn, source: str | None
) -> None:
    cred = head.credentials
    out.add(
        "tenures.csv",
        f,
        loc,
        key=key,
        mission_key=mission,
        person_key=head.person,
        rank_code=head.rank,
        started_on=_day(head.from_),
        attested_on=_day(head.attested),
        ended_on=_day(head.until),
        credentials_on=_day(cred.date if cred else None),
        credentials_to=cred.to if cred else None,
        note=head.note,
        source_key=source,
    )
    for k, ch in enumerate(head.changes):
        _change(out, f, (*loc, "changes", k), ch, source, tenure_key=key)


def _change(
    out: Rows,
    f: ParsedFile,
    loc: Path_,
    ch: ChangeIn,
    source: str | None,
    *,
    mission_key: str | None = None,
    tenure_key: str | None = None,
) -> None:
    out.add(
        "status_changes.csv",
        f,
        loc,
        mission_key=mission_key,
        tenure_key=tenure_key,
        kind=ch.change,
        occurred_on=_day(ch.date),
        note=ch.note,
        source_key=ch.source or source,
        actor_code=ch.actor,
        actor_authority=ch.authority,
    )


def write(conn: object, rows: Rows, report: Report, count_unchanged: bool = True) -> None:
    """Write the rows through the bundle writer, inside the load's transaction (a
    SQLAlchemy connection's, in a savepoint); its counts (``count_unchanged``: the
    rows it found unchanged too) and what it kept go to ``report``. Raises LoadError
    with every problem at its seed file and line."""
    import psycopg

    from registry.bundle.load import load_rows
    from registry.bundle.report import BulkError, ConnectionLost

    if not rows.rows:
        return
    driver = conn.connection.driver_connection  # type: ignore[attr-defined]
    try:
        written = load_rows(
            driver, rows.rows, locate=rows.locate, keep_corrections=True, replace_reference=True
        )
    except ConnectionLost as exc:
        raise psycopg.OperationalError(exc.detail) from None
    except BulkError as exc:
        raise LoadError(
            [SeedError(p.file, p.line, p.field, p.message) for p in exc.errors]
        ) from None
    _count(written, report, count_unchanged)
    for file, line, table, kept_id in written.kept:
        f, loc = rows.origin[(file, line)]
        report.warnings.append(
            SeedError(
                f.display,
                f.line(loc),
                field_name(loc),
                f"kept {table.replace('_', ' ')} {kept_id}: a correction citing another source "
                "was recorded after this file's version (`registry history` shows both)",
            )
        )


def _count(written: BulkReport, report: Report, count_unchanged: bool) -> None:
    """The writer's counts as the loader says them (a new version is "updated")."""
    for table, c in written.counts.items():
        if not (c.inserted or c.superseded or count_unchanged):
            continue
        counts = report.counts.setdefault(table, Counter())
        counts["inserted"] += c.inserted
        counts["updated"] += c.superseded
        if count_unchanged:
            counts["unchanged"] += c.unchanged
