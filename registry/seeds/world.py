"""The world's reference data (registry.world) as rows of the bundle specification,
for the seed loader to write through the bundle writer after the ISO 3166 parties:
kinds, dates of existence and QIDs of the parties beyond ISO 3166-1, dated names, COW
codes, successions and the ISO 3166-2 subdivisions (``world_rows``); and, after the
seed files' cities, the other names of the cities it holds (``city_rows``).

What the reference data says of a party the registry holds is its kind, its dates of
existence and its COW code, never its name or source: those rows repeat what the
registry holds of it (read first), so that the writer, which replaces what a seed
load's rows say, changes only those. Names and subdivisions it holds are kept the same
way; a name the reference data dates gets its dates. What names a party the registry
does not hold (a dated name of a state the seeds left out) is no row: nothing to attach
it to, as before the writer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, text

from registry import world
from registry.names import fold
from registry.seeds.facts import Rows


@dataclass(frozen=True)
class _Held:
    name: str
    kind: str
    iso_alpha3: str | None
    cow_code: int | None
    source_key: str


def world_rows(conn: Connection, iso_source: str, reference_source: str) -> Rows:
    """The rows; ``iso_source`` cites the subdivisions, ``reference_source`` the rest."""
    held = {
        code: _Held(*rest)
        for code, *rest in conn.execute(
            text(
                "SELECT p.code, p.name, p.kind, p.iso_alpha3, p.cow_code, s.key"
                "  FROM party p JOIN source s ON s.id = p.source_id"
            )
        )
    }
    held_names = {
        (code, alias): key
        for code, alias, key in conn.execute(
            text(
                "SELECT p.code, a.alias, s.key FROM party_alias a"
                "  JOIN party p ON p.id = a.party_id JOIN source s ON s.id = a.source_id"
            )
        )
    }
    out = Rows()
    names: dict[tuple[str, str], dict[str, str | None]] = {}

    def name(
        code: str, alias: str, since: dt.date | None = None, until: dt.date | None = None
    ) -> None:
        """A name of a party: the first dated one the data gives, else the first; one
        the registry holds keeps its source (and, given undated, its dates)."""
        dated = since is not None or until is not None
        prior = names.get((code, alias))
        if prior is not None and (prior["dated"] or not dated):
            return
        names[(code, alias)] = {
            "subject_kind": "party",
            "subject_key": code,
            "alias": alias,
            "valid_from": None if since is None else since.isoformat(),
            "valid_until": None if until is None else until.isoformat(),
            "source_key": held_names.get((code, alias), reference_source),
            "dated": "yes" if dated else None,
        }

    cow = world.cow_codes()
    known = set(held)
    reference = world.reference_parties()
    for p in reference.values():
        h = held.get(p.code)
        out.add(
            "parties.csv",
            None,
            (),
            code=p.code,
            name=h.name if h else p.name,
            kind=p.kind,
            iso_alpha3=h.iso_alpha3 if h else None,
            # Empty: the dates (the COW code) the registry holds are kept.
            existed_from=None if p.existed_from is None else p.existed_from.isoformat(),
            existed_until=None if p.existed_until is None else p.existed_until.isoformat(),
            cow_code=str(cow[p.code]) if p.code in cow else None,
            source_key=h.source_key if h else reference_source,
        )
        known.add(p.code)
        if h:
            name(p.code, h.name)
        for alias in (p.name, *p.aliases):
            name(p.code, alias)
    for code, number in cow.items():  # a COW code of a party beyond the reference data
        h = held.get(code)
        if code in reference or h is None or h.cow_code == number:
            continue
        out.add(
            "parties.csv",
            None,
            (),
            code=code,
            name=h.name,
            kind=h.kind,
            iso_alpha3=h.iso_alpha3,
            cow_code=str(number),
            source_key=h.source_key,
        )
        name(code, h.name)
    for n in world.dated_names():
        if n.code in known:
            name(n.code, n.name, n.valid_from, n.valid_until)
            if n.former_code:
                name(n.code, n.former_code)
    for row in names.values():
        row.pop("dated")
        out.add("aliases.csv", None, (), **row)

    for p in reference.values():
        if p.qid:
            out.add(
                "external_ids.csv",
                None,
                (),
                scheme="wikidata",
                value=p.qid,
                subject_kind="party",
                subject_key=p.code,
                source_key=reference_source,
            )
    successions = {
        (a, b)
        for a, b in conn.execute(
            text(
                "SELECT a.code, b.code FROM party_succession x"
                "  JOIN party a ON a.id = x.predecessor_id JOIN party b ON b.id = x.successor_id"
            )
        )
    }
    for s in world.successions():
        pair = (s.predecessor, s.successor)
        if set(pair) <= known and pair not in successions:
            out.add(
                "successions.csv",
                None,
                (),
                predecessor_code=s.predecessor,
                successor_code=s.successor,
                how=s.how,
                occurred_on=s.occurred_on.isoformat(),
                source_key=reference_source,
            )
    subdivisions = set(conn.execute(text("SELECT code FROM subdivision")).scalars())
    for sub in world.subdivisions():
        if sub.country in known and sub.code not in subdivisions:
            out.add(
                "subdivisions.csv",
                None,
                (),
                code=sub.code,
                party_code=sub.country,
                name=sub.name,
                type=sub.type,
                parent_code=sub.parent,
                source_key=iso_source,
            )
    return out


def city_rows(conn: Connection, reference_source: str) -> Rows:
    """The other names of the cities the registry holds (registry/data/city_names.csv),
    after the seed files' cities: each goes to the city of its country held under its
    name today, else under that other name (an import's Rangoon: it is Yangon too). A
    city the registry lacks gets none (an importer meeting it names it as it is called
    today, registry/importers/common.py); a name a city holds already is kept."""
    held: dict[tuple[str, str], str] = {}  # (country, folded name or alias) -> city key
    own: dict[tuple[str, str], str] = {}  # (country, key) -> the city's own name
    for code, key, name, search_key in conn.execute(
        text(
            "SELECT p.code, c.key, c.name, c.search_key FROM city c"
            "  JOIN party p ON p.id = c.party_id ORDER BY c.id"
        )
    ):
        held.setdefault((code, search_key), key)
        own[(code, key)] = name
    aliases: set[tuple[str, str, str]] = set()  # (country, key, folded alias)
    for code, key, search_key in conn.execute(
        text(
            "SELECT p.code, c.key, a.search_key FROM city_alias a JOIN city c ON c.id = a.city_id"
            "  JOIN party p ON p.id = c.party_id ORDER BY a.id"
        )
    ):
        held.setdefault((code, search_key), key)
        aliases.add((code, key, search_key))
    out = Rows()

    def alias(code: str, key: str, name: str, since: dt.date | None, until: dt.date | None) -> None:
        folded = fold(name)
        if (code, key, folded) in aliases or fold(own[(code, key)]) == folded:
            return
        aliases.add((code, key, folded))
        out.add(
            "aliases.csv",
            None,
            (),
            subject_kind="city",
            subject_key=f"{code}:{key}",
            alias=name,
            valid_from=None if since is None else since.isoformat(),
            valid_until=None if until is None else until.isoformat(),
            source_key=reference_source,
        )

    for n in world.city_names():
        today = held.get((n.country, fold(n.city)))
        other = held.get((n.country, fold(n.name)))
        if today is not None and other not in (None, today):
            continue  # two cities held already (imported before): the name stays the other's
        key = today or other
        if key is None:
            continue
        alias(n.country, key, n.name, n.valid_from, n.valid_until)
        alias(n.country, key, n.city, None, None)  # an import's Rangoon: Yangon too
    return out
