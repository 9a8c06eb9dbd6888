"""Complete lists in seed files: validated with the other facts, written after the
missions they name (which must then exist in their city), by natural key (source,
city, date), so loading a file again changes nothing.

A complete list says a source names every mission (of some kinds) seated in a city
as of a date; what it leaves out is presumed not operating from then, unless newer
evidence says otherwise (reporting.evidence_as_of, docs/evidence.md).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import text

if TYPE_CHECKING:
    from registry.seedfile import MissionIn
    from registry.seeds.read import ParsedFile
    from registry.seeds.resolve import Resolver
    from registry.seeds.write import Loader


def validate(resolver: Resolver, f: ParsedFile, today: dt.date | None = None) -> None:
    """Every reference known, the date not after today: errors on the resolver."""
    today = today or dt.date.today()
    c = f.content
    for i, cl in enumerate(c.complete_lists):
        loc = ("complete_lists", i)
        if cl.source is None and c.source is None:
            resolver.fail(f, loc, "no source: give 'source' here or at the top of the file")
        resolver.check(f, (*loc, "source"), cl.source, resolver.sources, "source")
        resolver.city_country(f, loc, cast("MissionIn", cl))
        if cl.date.first_day > today:
            resolver.fail(
                f, (*loc, "date"), f"{cl.date} is in the future: a list holds for a day past"
            )
        for j, kind in enumerate(cl.kinds or []):
            resolver.check(f, (*loc, "kinds", j), kind, resolver.kinds, "mission kind")
        seen: set[tuple[str, str]] = set()
        for j, m in enumerate(cl.missions):
            mloc = (*loc, "missions", j)
            resolver.check(f, (*mloc, "sending"), m.sending, resolver.parties, "party")
            resolver.check(f, (*mloc, "kind"), m.kind, resolver.kinds, "mission kind")
            if (m.sending, m.kind) in seen:
                resolver.fail(f, mloc, f"{m.kind} of {m.sending!r} listed twice")
            seen.add((m.sending, m.kind))


def load(loader: Loader, f: ParsedFile) -> list[tuple[Any, str]]:
    """Write the file's lists; the missions it names that the registry does not hold
    as (location, message), for the caller to refuse the load with."""
    missing: list[tuple[Any, str]] = []
    c = f.content
    for i, cl in enumerate(c.complete_lists):
        loc = ("complete_lists", i)
        loader.at = (f, loc)
        city_id, _host = loader._city(cast("MissionIn", cl))
        assert city_id is not None
        src = loader.src(cl.source, c.source)
        row = loader.conn.execute(
            text(
                "SELECT id FROM complete_list"
                " WHERE source_id = :s AND city_id = :c AND listed_on = :d"
            ),
            {"s": src, "c": city_id, "d": cl.date.first_day},
        ).first()
        values = {
            "s": src,
            "c": city_id,
            "d": cl.date.first_day,
            "p": cl.date.precision,
            "k": cl.kinds,
            "n": cl.note,
        }
        if row is None:
            list_id = loader.conn.execute(
                text(
                    "INSERT INTO complete_list (source_id, city_id, listed_on, listed_precision,"
                    " kinds, note) VALUES (:s, :c, :d, :p, :k, :n) RETURNING id"
                ),
                values,
            ).scalar_one()
            loader.w.report.add("complete_list", "inserted")
        else:
            list_id = row[0]
            changed = loader.conn.execute(
                text(
                    "UPDATE complete_list SET listed_precision = :p, kinds = :k, note = :n"
                    " WHERE id = :id AND (listed_precision, kinds, note)"
                    " IS DISTINCT FROM (:p, :k, :n)"
                ),
                {**values, "id": list_id},
            ).rowcount
            loader.w.report.add("complete_list", "updated" if changed else "unchanged")
        for j, m in enumerate(cl.missions):
            # the sender's mission of that kind seated in the city on the list's date:
            # its dated seat then (revision 0019), else its own city
            mission_id = loader.conn.execute(
                text(
                    "SELECT m.id FROM mission m LEFT JOIN mission_seat s ON s.mission_id = m.id"
                    " AND s.valid @> CAST(:d AS date) AND upper_inf(s.recorded)"
                    " WHERE m.sending_party_id = :p AND m.kind = :k AND m.organisation_id IS NULL"
                    " AND coalesce(s.city_id, m.city_id) = :c"
                ),
                {
                    "p": loader.party_ids[m.sending],
                    "c": city_id,
                    "k": m.kind,
                    "d": cl.date.first_day,
                },
            ).scalar()
            if mission_id is None:
                missing.append(
                    (
                        (*loc, "missions", j),
                        f"no {m.kind} of {m.sending!r} in {cl.city} on record on {cl.date}",
                    )
                )
                continue
            inserted = loader.conn.execute(
                text(
                    "INSERT INTO complete_list_mission (complete_list_id, mission_id)"
                    " VALUES (:l, :m) ON CONFLICT DO NOTHING"
                ),
                {"l": list_id, "m": mission_id},
            ).rowcount
            loader.w.report.add("complete_list_mission", "inserted" if inserted else "unchanged")
    loader.at = None
    return missing
