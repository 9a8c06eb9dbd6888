"""The database-of-embassies extract of Wikidata (semicolon-separated CSV) as a bundle.

operator -> sending party, jurisdictions -> accreditations (resident when it is the
host), country + city -> seat (districts resolved to their city, registry/data/
wikidata_places.csv for the rest), type -> mission kind, creation -> 'opened'. The
extract's date is the source date: each listed mission gets a 'reported-operating'
status change on that date, so a newer fact (a closure reported in 2024) wins.
QIDs of missions, parties and cities become external identifiers.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any

import psycopg

from registry import vocabulary, world
from registry.bulk import FileProblem, Locate, Problem, csv_records
from registry.dates import PartialDate
from registry.importers.common import (
    Bundle,
    DatasetError,
    Places,
    capital_on,
    capitals,
    data_rows,
)
from registry.names import fold

DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
# Kinds seated in the capital: an unresolvable district there means the capital.
CAPITAL_KINDS = set(vocabulary.kinds_where(capital=True))
# Consular posts: a jurisdiction that is a subdivision of the host is their district.
CONSULAR_KINDS = set(vocabulary.kinds_where(consular=True))
# "Government of Sweden" is Sweden; "Government of New Mexico" is New Mexico's.
GOVERNMENT_OF = re.compile(r"^(?:the\s+)?government\s+of\s+(?:the\s+)?", re.IGNORECASE)
OF_SOMEONE = re.compile(r"\s+of\s+.*$")


@cache
def _kind_maps() -> tuple[dict[str, str], dict[str, str]]:
    """Wikidata class QID -> kind, and folded label -> kind (registry/data/vocabulary/
    mission_kinds.csv)."""
    by_qid: dict[str, str] = {}
    by_label: dict[str, str] = {}
    for k in vocabulary.mission_kinds():
        for q in k.wikidata_qids:
            by_qid[q] = k.code
        for label in (k.label, *k.wikidata_labels):
            by_label.setdefault(fold(label).replace("'", ""), k.code)
    return by_qid, by_label


def kind_of(type_qid: str | None, label: str) -> str | None:
    """The mission kind of the extract's type: by its class's QID; else by its label,
    as written, without "of <country>" ("Consulate General of Belgium"), singular
    ("consulates of Sweden"), or, after a proper adjective, by its ending ("Australian
    High Commission"; a "floating embassy" is no kind the registry knows)."""
    by_qid, by_label = _kind_maps()
    if type_qid and type_qid in by_qid:
        return by_qid[type_qid]
    folded = fold(label).replace("'", "")
    base = OF_SOMEONE.sub("", folded)
    for form in (folded, base, base[:-1] if base.endswith("s") else base):
        if form in by_label:
            return by_label[form]
    if label.strip()[:1].isupper():  # a proper adjective: "Australian High Commission"
        for known in sorted(by_label, key=len, reverse=True):
            if base.endswith(" " + known):
                return by_label[known]
    return None


DISTRICT = re.compile(
    r"^(?P<base>.*?)\s*\b(?:(?:City|Capital|Urban)\s+)?"
    r"(?:Municipality|District|Borough|Prefecture|Governorate|Commune|Arrondissement)"
    r"(?:\s+[IVXLC\d]+)?$"
)
QID = re.compile(r"(Q\d+)$")
# The extract's columns this importer reads (it has more: address, phone, picture...).
COLUMNS = (
    "operator",
    "operatorQID",
    "jurisdictions",
    "jurisdictionQIDs",
    "country",
    "countryQID",
    "city",
    "cityQID",
    "type",
    "creation",
    "QID",
)
MISSION = "operator, country, city, type"  # what a mission's bundle key is made from
# Which column of the extract each bundle column is made from: a problem the loader
# finds in the bundle names the extract's line and this column.
FIELDS: dict[str, dict[str, str]] = {
    "parties.csv": {"code": "operator", "name": "operator"},
    "cities.csv": {"party_code": "country", "key": "city", "name": "city", "aliases": "city"},
    "missions.csv": {
        "key": MISSION,
        "sending_code": "operator",
        "host_code": "country",
        "city_key": "city",
        "kind": "type",
        "listed_as": "type, operator, city",
    },
    "accreditations.csv": {"mission_key": MISSION, "party_code": "jurisdictions"},
    "districts.csv": {"mission_key": MISSION, "subdivision_code": "jurisdictions"},
    "status_changes.csv": {"mission_key": MISSION, "occurred_on": "creation"},
    "external_ids.csv": {"subject_key": MISSION},
}


def qid(value: str) -> str | None:
    match = QID.search(value.strip())
    return match.group(1) if match else None


class WikidataImporter:
    def __init__(self, conn: psycopg.Connection[Any], path: Path, as_of: dt.date) -> None:
        self.path = path
        self.file = path.name
        self.as_of = as_of
        self.source = f"wikidata-embassies-{as_of.isoformat()}"
        self.bundle = Bundle(fields=FIELDS)
        self.places = Places(conn, self.bundle)
        self.capitals = capitals()
        import pycountry

        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                name = getattr(country, attr, None)
                if name:
                    self.places.party_by_name.setdefault(fold(name), country.alpha_2)
        self.names = {fold(r["name"]): r["party_code"] for r in data_rows("wikidata_names.csv")}
        self.seats = {
            (r["party_code"], fold(r["listed_as"])): r["city"]
            for r in data_rows("wikidata_places.csv")
        }
        self.qids: set[str] = set()
        # QIDs the registry gives parties (registry/data/parties.csv, earlier imports).
        self.party_qids: dict[str, str] = {
            r.qid: code for code, r in world.reference_parties().items() if r.qid
        }
        self.kinds: dict[str, str] = dict(conn.execute("SELECT code, kind FROM party").fetchall())
        self.party_qids |= dict(
            conn.execute(
                "SELECT x.value, p.code FROM external_id x JOIN party p ON p.id = x.party_id "
                "WHERE x.scheme = 'wikidata'"
            ).fetchall()
        )
        self.missions: dict[str, int] = {}  # mission key -> line first listing it

    def problem(self, line: int, fieldname: str, value: str, message: str, severity: str) -> None:
        self.bundle.problem(Problem(self.file, line, fieldname, value, message, severity))

    def party(self, name: str, qid_value: str = "") -> str | None:
        """The party the extract names: by its QID, else by its name (a party's
        name or alias, the reviewed names), "Government of X" as X."""
        q = qid(qid_value) if qid_value else None
        if q and q in self.party_qids:
            return self.party_qids[q]
        for form in (name, GOVERNMENT_OF.sub("", name.strip())):
            code = self.names.get(fold(form)) or self.places.party_by_name.get(fold(form))
            if code:
                return code
        return None

    def host_from_jurisdictions(self, r: dict[str, str], sending: str) -> str | None:
        """Where the extract gives the sender as the country (Australia's embassies),
        the host is the jurisdiction whose capital or known city is the seat; a mission
        in its own state accredited only to sovereign entities or organisations seated
        there (Italy's embassy to the Holy See, in Rome) keeps its own state as host."""
        city = " ".join(r["city"].split())
        parties = [
            self.party(n, q)
            for n, q in zip(
                r["jurisdictions"].split("|"),
                [*r["jurisdictionQIDs"].split("|"), *[""] * 50],
                strict=False,
            )
            if n.strip()
        ]
        if not city or not parties or None in parties:
            return None
        for party in parties:
            assert party is not None
            capital = capital_on(self.capitals, party, self.as_of)
            if fold(city) == fold(capital or "") or self.places.known_city(party, city):
                return party
        if all(self.kinds.get(p or "") in ("sovereign_entity", "organisation") for p in parties):
            return sending
        return None

    def subnational(self, name: str) -> str | None:
        """A sub-national government sending missions, named after its subdivision
        ("Government of New Mexico"): the party coded by its ISO 3166-2 code."""
        bare = GOVERNMENT_OF.sub("", name.strip())
        if bare == name.strip():
            return None  # only a government is a sender: "Indigenous Australians" is not
        found = {world.find_subdivision(c, bare) for c in self.countries_naming(bare)}
        found.discard(None)
        if len(found) != 1:
            return None
        code = found.pop()
        assert code is not None
        return self.places.party(code, bare, "subnational")

    def countries_naming(self, name: str) -> set[str]:
        return {
            country
            for loosen in range(3)
            for (country, key) in [(c, k) for (c, k) in world.subdivision_index(loosen)]
            if key == fold(name)
        }

    def external(self, line: int, column: str, value: str, kind: str, key: str) -> None:
        """A QID names one thing: the first subject the extract gives it keeps it."""
        q = qid(value)
        if q is None and value.strip():
            self.problem(
                line, column, value, f"not a Wikidata QID: {value.strip()[:60]!r}", "unmapped"
            )
        if q and q not in self.qids:
            self.qids.add(q)
            self.bundle.add(
                "external_ids.csv",
                "wikidata",
                q,
                kind,
                key,
                fields={"value": column, "subject_key": column},
            )

    def seat(self, line: int, host: str, city: str, kind: str) -> tuple[str, bool] | None:
        """(city key, inferred) for the listed city, or None to leave the seat empty."""
        listed = " ".join(city.split())
        named = self.seats.get((host, fold(listed)))
        if named:
            return self.places.city(host, named, alias=listed), False
        capital = capital_on(self.capitals, host, self.as_of)
        match = DISTRICT.match(listed) if listed else None
        if listed and not match:
            return self.places.city(host, listed), False
        base = match.group("base").strip() if match else ""
        if base and (self.places.known_city(host, base) or fold(base) == fold(capital or "")):
            return self.places.city(host, base, alias=listed), False
        if kind in CAPITAL_KINDS and capital:
            self.problem(
                line,
                "city",
                listed,
                "district or no city: seated in the host's capital (inferred)",
                "notice",
            )
            return self.places.city(host, capital), True
        if base:
            self.problem(line, "city", listed, "district: its name taken as the city", "notice")
            return self.places.city(host, base, alias=listed), False
        self.problem(
            line,
            "city",
            listed,
            "no city given (a consulate, or no capital known): seat left empty",
            "notice",
        )
        return None

    def row(self, line: int, r: dict[str, str]) -> None:
        sending = self.party(r["operator"], r["operatorQID"]) or self.subnational(r["operator"])
        if sending is None:
            self.problem(
                line, "operator", r["operator"], f"unknown party {r['operator']!r}", "unmapped"
            )
            return
        host = self.party(r["country"], r["countryQID"])
        if host is None:
            self.problem(
                line, "country", r["country"], f"unknown party {r['country']!r}", "unmapped"
            )
            return
        if host == sending:
            host = self.host_from_jurisdictions(r, sending)
            if host is None:
                self.problem(
                    line,
                    "country",
                    r["country"],
                    "sent by the host itself, and no jurisdiction's capital or known city is "
                    "the seat: not a mission",
                    "unmapped",
                )
                return
        kind = kind_of(qid(r.get("typeQID", "")), r["type"])
        if kind is None:
            self.problem(line, "type", r["type"], f"unknown mission type {r['type']!r}", "unmapped")
            return
        seat = self.seat(line, host, r["city"], kind)
        city, inferred = seat if seat else ("", False)
        key = f"{sending}|{host}|{city}|{kind}"
        listed_as = f"{r['type']} of {r['operator']} in {r['city'] or r['country']}"
        if key in self.missions:
            self.problem(
                line,
                "QID",
                r["QID"],
                "same sending state, seat and kind as an earlier line: one mission "
                "(its accreditations added)",
                "notice",
            )
        else:
            self.missions[key] = line
            self.bundle.add(
                "missions.csv",
                key,
                sending,
                host,
                city,
                kind,
                str(inferred).lower(),
                "",
                listed_as,
                "",  # organisation: the extract's accreditations name it, not its mission key
            )
        self.external(line, "QID", r["QID"], "mission", key)
        self.external(line, "operatorQID", r["operatorQID"], "party", sending)
        self.external(line, "countryQID", r["countryQID"], "party", host)
        if city:
            self.external(line, "cityQID", r["cityQID"], "city", f"{host}:{city}")
        names = [n for n in r["jurisdictions"].split("|") if n.strip()] or [r["country"]]
        qids = r["jurisdictionQIDs"].split("|")
        accredited: set[str] = set()
        districts = 0
        for i, name in enumerate(names):
            q = qids[i] if i < len(qids) else ""
            # A consulate's jurisdiction is first a subdivision of the host (Georgia,
            # for a consulate in Atlanta); any other mission's, first a party.
            sub = world.find_subdivision(host, name) if kind in CONSULAR_KINDS else None
            party = None if sub else self.party(name, q)
            if party is None and sub is None:
                sub = world.find_subdivision(host, name)
            if sub is not None:
                self.bundle.add("districts.csv", key, sub, "")
                districts += 1
                continue
            if party is None:
                self.problem(
                    line,
                    "jurisdictions",
                    name,
                    f"unknown party {name.strip()!r} (and no subdivision of {host} so named)",
                    "unmapped",
                )
                continue
            accredited.add(party)
            self.bundle.add("accreditations.csv", key, party, str(party == host).lower(), "")
            if q:
                self.external(line, "jurisdictionQIDs", q, "party", party)
        if districts and host not in accredited:
            # A district of the host's provinces: the post is accredited to the host.
            self.bundle.add("accreditations.csv", key, host, "true", "")
        self.bundle.add(
            "status_changes.csv",
            key,
            "",
            "reported-operating",
            self.as_of.isoformat(),
            "listed in the Wikidata extract",
            "",
            fields={"occurred_on": "--as-of"},
        )
        created = r["creation"].strip()
        if created:
            day = created[:10]
            # Wikidata keeps a year-precision date as 1 January: do not claim the day.
            when = day[:4] if day.endswith("-01-01") else day
            try:
                PartialDate.parse(when)
            except ValueError:
                self.problem(
                    line,
                    "creation",
                    created,
                    f"{created[:40]!r} is not a date (YYYY-MM-DDThh:mm:ssZ): opening not imported",
                    "unmapped",
                )
                return
            self.bundle.add("status_changes.csv", key, "", "opened", when, "Wikidata inception", "")

    def build(self, out: Path) -> Locate:
        rows = 0
        try:
            records = csv_records(self.path, self.file, delimiter=";")
            first = next(records, None)
            if first is None:
                raise DatasetError(f"{self.file}: an empty file: nothing to import")
            header = self.header(first[1])
            named = len(header)
            while named and not header[named - 1]:
                named -= 1  # the extract's header ends with a ';': one more, empty, column
            for line, record in records:
                if not any(cell.strip() for cell in record):
                    continue
                rows += 1
                self.bundle.at(self.file, line)
                if not named <= len(record) <= len(header):
                    self.problem(
                        line,
                        "",
                        "",
                        f"{len(record)} fields, the header has {named}: row not imported",
                        "unmapped",
                    )
                    continue
                row = {k: v for k, v in zip(header, record, strict=False) if k}
                self.row(line, {k: row.get(k, "") for k in header if k})
        except FileProblem as exc:
            raise DatasetError(str(exc.problem)) from None
        if not rows:
            raise DatasetError(f"{self.file}: only a header, no rows: nothing to import")
        self.bundle.here = None  # the source row: made here, not read from the extract
        self.bundle.add(
            "sources.csv",
            self.source,
            f"database-of-embassies: diplomatic missions extracted from Wikidata "
            f"({self.as_of.isoformat()})",
            "Wikidata contributors, via the database-of-embassies project (CC0)",
            "https://github.com/database-of-embassies/database-of-embassies",
            self.as_of.isoformat(),
        )
        return self.bundle.write(out, self.places)

    def header(self, cells: list[str]) -> list[str]:
        """The extract's columns; a file that is not one says why, on one line."""
        header = [cell.strip() for cell in cells]
        missing = [c for c in COLUMNS if c not in header]
        twice = [c for c in COLUMNS if header.count(c) > 1]
        if twice:
            raise DatasetError(
                f"{self.file}:1: column {', '.join(repr(c) for c in twice)} given twice"
            )
        if not missing:
            return header
        if len(header) == 1:
            for separator, name in ((",", "commas"), ("\t", "tabs")):
                if separator in header[0]:
                    raise DatasetError(
                        f"{self.file}:1: columns separated by {name}: the extract's are "
                        "separated by semicolons (;)"
                    )
        raise DatasetError(
            f"{self.file}:1: no column {', '.join(repr(c) for c in missing)} "
            f"(a database-of-embassies extract has {';'.join(COLUMNS)}, ...)"
        )


def extract_date(path: Path) -> dt.date | None:
    match = DATE_IN_NAME.search(path.name)
    return dt.date.fromisoformat(match.group(1)) if match else None


def write_bundle(
    conn: psycopg.Connection[Any], path: Path, out: Path, as_of: dt.date | None = None
) -> Locate:
    """Read the extract at ``path`` and write a bundle to ``out``; return what names a
    problem in the bundle by the extract's line and column."""
    day = as_of or extract_date(path)
    if day is None:
        raise DatasetError(f"{path.name}: no date in the file name; give --as-of")
    return WikidataImporter(conn, path, day).build(out)
