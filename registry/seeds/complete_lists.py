"""Complete lists in seed files: validated with the other facts here, then written
by the bundle writer as rows of complete_lists.csv (registry/seeds/facts.py), after
the missions they name, which must then be on record in their city; by natural key
(source, city, date), so loading a file again changes nothing.

A complete list says a source names every mission (of some kinds) seated in a city
as of a date; what it leaves out is presumed not operating from then, unless newer
evidence says otherwise (reporting.evidence_as_of, docs/evidence.md).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from registry.seedfile import MissionIn
    from registry.seeds.read import ParsedFile
    from registry.seeds.resolve import Resolver


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
        if cl.kinds == []:
            resolver.fail(
                f, (*loc, "kinds"), "an empty list covers no mission: leave it out for every kind"
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
