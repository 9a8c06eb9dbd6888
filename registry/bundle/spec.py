"""The bundle's specification: each file, its columns, what a value may be, and what it
means, declared once.

The loader reads and stages by it, the importers' writer and benchmarks/generate.py
write their headers from it (``BundleFile.header``), and the bundle format section
of docs/importing.md is rendered from it (registry/bundle/describe.py). A column is
added here or nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from registry import limits

# A bundle's own handles for missions and tenures are never stored, but each is
# indexed in a staging table: short enough for a btree index row (4 bytes a character).
HANDLE = 3 * limits.KEY


@dataclass(frozen=True)
class Text:
    """What a text column may hold (registry/limits.py): its longest length, whether
    tabs and newlines are allowed, and a separator for columns holding several values
    (aliases ``a|b``, city references ``PARTY:key``), each checked on its own."""

    limit: int
    multiline: bool = False
    separator: str | None = None

    def problem(self, value: str) -> str | None:
        parts = value.split(self.separator) if self.separator else [value]
        for part in parts:
            part = part.strip()
            # str.isprintable (in C) is false for every control character: only
            # those values need the character-by-character look (a million rows).
            if len(part) <= self.limit and part.isprintable():
                continue
            problem = limits.text_problem(part, self.limit, multiline=self.multiline)
            if problem:
                return problem
        return None


KEY = Text(limits.KEY)
NAME = Text(limits.NAME)
TITLE = Text(limits.TITLE)
URL = Text(limits.TEXT)
# City and person keys are slugs of names (the loader and `registry record` derive
# them), so as long as a name: revision 0010's CHECKs say the same.
SLUG = Text(limits.NAME)
REF = Text(limits.NAME, separator=":")  # a city: PARTY:key, or its key alone
NOTE = Text(limits.TEXT, multiline=True)
ALIASES = Text(limits.NAME, separator="|")
OWN = Text(HANDLE)  # the bundle's own key of a mission or tenure
# unmapped.csv is printed, never stored: what is printed must be printable (the value
# goes only to the --unmapped-report CSV; the csv module caps every length).
PRINTED = Text(131_072)

# What a value is: text; a name (text, staged with its folded search key); a date
# (YYYY, YYYY-MM or YYYY-MM-DD, staged as its first day and its precision); a boolean.
VALUE_KINDS = ("text", "name", "date", "bool")


@dataclass(frozen=True)
class Column:
    """One column of a bundle file.

    ``required``: a row must give a value; ``or_else``: unless it gives one in that
    other column instead. ``optional``: the header may leave the column out (every
    other column must be in the header, even if its values are empty). ``default``:
    a boolean's value when empty."""

    name: str
    kind: str
    meaning: str
    text: Text | None = None
    required: bool = False
    optional: bool = False
    default: bool | None = None
    or_else: str | None = None

    def __post_init__(self) -> None:
        assert self.kind in VALUE_KINDS, self.kind
        assert (self.kind == "bool") == (self.default is not None), self.name
        assert self.text is None or self.kind in ("text", "name"), self.name

    def staged(self) -> tuple[str, ...]:
        """Its columns in the staging table (a date's precision, a name's search key)."""
        if self.kind == "date":
            return (self.name, self.name.replace("_on", "") + "_precision")
        if self.kind == "name":
            return (self.name, self.name + "_search")
        return (self.name,)

    def sql_types(self) -> tuple[str, ...]:
        if self.kind == "date":
            return ("date", "text")
        if self.kind == "bool":
            return ("boolean",)
        return ("text",) * len(self.staged())


@dataclass(frozen=True)
class BundleFile:
    """A file of the bundle and the staging table its rows are COPYed into."""

    file: str
    table: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]  # rows with the same values here are one thing
    what: str  # what one row is, for messages
    meaning: str  # one line, for the docs

    def staged(self) -> list[str]:
        out = ["line"]
        for column in self.columns:
            out += column.staged()
        return out

    def slices(self) -> list[tuple[Column, slice]]:
        """Each column and where its values are in a staged row (after ``line``)."""
        out: list[tuple[Column, slice]] = []
        at = 1
        for column in self.columns:
            size = len(column.staged())
            out.append((column, slice(at, at + size)))
            at += size
        return out

    def limit_of(self, name: str) -> int | None:
        return next((c.text.limit for c in self.columns if c.name == name and c.text), None)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.file} has no column {name!r}")

    def header(self, *optional: str) -> tuple[str, ...]:
        """The header a writer gives: every column the header must have, and the
        ``optional`` ones it fills, in the specification's order."""
        for name in optional:
            if not self.column(name).optional:
                raise ValueError(f"{self.file}: {name!r} is not an optional column")
        return tuple(c.name for c in self.columns if not c.optional or c.name in optional)

    def staging_table(self) -> str:
        columns = ["line int"] + [
            f"{name} {kind}"
            for c in self.columns
            for name, kind in zip(c.staged(), c.sql_types(), strict=True)
        ]
        return f"CREATE TEMP TABLE {self.table} ({', '.join(columns)}) ON COMMIT DROP;"


def _source(what: str) -> Column:
    return Column("source_key", "text", f"the source {what} (empty: the default source)", KEY)


FILES = (
    BundleFile(
        "sources.csv",
        "s_source",
        (
            Column("key", "text", "the source's key, as rows cite it", KEY, required=True),
            Column("title", "text", "its title", TITLE, required=True),
            Column("publisher", "text", "who published it", TITLE, required=True),
            Column("url", "text", "where it is", URL),
            Column("published_on", "date", "when it was published", required=True),
            Column("note", "text", "anything else worth saying of it", NOTE, optional=True),
        ),
        ("key",),
        "source",
        "where facts come from; the **first** source is the default for rows without `source_key`",
    ),
    BundleFile(
        "parties.csv",
        "s_party",
        (
            Column("code", "text", "the party's code (ISO 3166, or a slug)", KEY, required=True),
            Column("name", "name", "its name (an alias, if the code exists)", NAME, required=True),
            Column(
                "kind",
                "text",
                "state, historical_state, state_limited_recognition, sovereign_entity, "
                "subnational or organisation",
                KEY,
                required=True,
            ),
            Column("source_key", "text", "the source naming it", KEY, optional=True),
            Column(
                "iso_alpha3",
                "text",
                "its ISO 3166-1 alpha-3 code, for a state ISO 3166-1 lists",
                KEY,
                optional=True,
            ),
        ),
        ("code",),
        "party",
        "states and organisations that send, host and receive missions; existing codes "
        "are kept as they are",
    ),
    BundleFile(
        "authorities.csv",
        "s_authority",
        (
            Column(
                "key",
                "text",
                "the authority's key, as rows cite it (af-emirate)",
                KEY,
                required=True,
            ),
            Column("party_code", "text", "the state it governs", KEY, required=True),
            Column("name", "text", "the government's or regime's name", NAME, required=True),
            Column("valid_from", "date", "when it came to power", required=True),
            Column("valid_until", "date", "when it left power (empty: in power)"),
            Column("source_key", "text", "the source naming it", KEY, optional=True),
        ),
        ("key",),
        "authority",
        "who governs a state over a period: credentials are presented to an authority "
        "(tenures.csv credentials_to); upserted by key",
    ),
    BundleFile(
        "cities.csv",
        "s_city",
        (
            Column("party_code", "text", "the party the city is in", KEY, required=True),
            Column("key", "text", "the city's key in that party", SLUG, required=True),
            Column("name", "name", "its name", NAME, required=True),
            Column("aliases", "text", "its other names", ALIASES, optional=True),
            Column("source_key", "text", "the source naming it", KEY, optional=True),
        ),
        ("party_code", "key"),
        "city",
        "seats of missions and residences of heads; referred to as `PARTY:key` "
        "(`IR:tehran`), or by the key alone when only one city has it",
    ),
    BundleFile(
        "aliases.csv",
        "s_alias",
        (
            Column("subject_kind", "text", "party or city", KEY, required=True),
            Column(
                "subject_key",
                "text",
                "the party's code, or the city as `PARTY:key` (or its key alone)",
                REF,
                required=True,
            ),
            Column("alias", "name", "another name it goes by", NAME, required=True),
            Column("valid_from", "date", "when the name came into use (empty: always)"),
            Column("valid_until", "date", "when it went out of use (empty: still in use)"),
            Column("source_key", "text", "the source giving the name", KEY, optional=True),
        ),
        ("subject_kind", "subject_key", "alias"),
        "alias",
        "other names of parties and cities, dated where a name held for a period "
        "(Astana was Nur-Sultan from 2019-03-23 until 2022-09-17); added to the names "
        "the registry holds",
    ),
    BundleFile(
        "people.csv",
        "s_person",
        (
            Column("key", "text", "the person's key", SLUG, required=True),
            Column("name", "name", "their name", NAME, required=True),
            Column("description", "text", "who they are (dates, career)", NOTE),
            Column("source_key", "text", "the source naming them", KEY, optional=True),
            Column("aliases", "text", "other spellings of their name", ALIASES, optional=True),
        ),
        ("key",),
        "person",
        "heads of mission; upserted by key",
    ),
    BundleFile(
        "missions.csv",
        "s_mission",
        (
            Column("key", "text", "any string unique in the bundle", OWN, required=True),
            Column("sending_code", "text", "the sending party", KEY, required=True),
            Column("host_code", "text", "the host party", KEY, required=True),
            Column("city_key", "text", "its seat, a city of the host (empty: none)", SLUG),
            Column("kind", "text", "embassy, legation, consulate-general, ...", KEY, required=True),
            Column(
                "seat_inferred",
                "bool",
                "the seat is inferred (the host's capital), not stated; a seat stated "
                "by any source clears it",
                optional=True,
                default=False,
            ),
            _source("listing the mission"),
            Column("listed_as", "text", "the name the source lists it under", NAME, optional=True),
            Column(
                "organisation_code",
                "text",
                "the organisation a permanent mission is to (USNATO and USEU are two "
                "missions in Brussels); empty for a mission to the host",
                KEY,
                optional=True,
            ),
        ),
        ("key",),
        "mission",
        "rows with the same (sending, host, city, kind, organisation) are one mission",
    ),
    BundleFile(
        "accreditations.csv",
        "s_accreditation",
        (
            Column("mission_key", "text", "the mission (its bundle key)", OWN, required=True),
            Column("party_code", "text", "the party it is accredited to", KEY, required=True),
            Column(
                "resident",
                "bool",
                "whether it is resident there",
                optional=True,
                default=True,
            ),
            _source("of the accreditation"),
        ),
        ("mission_key", "party_code"),
        "accreditation",
        "the parties a mission is accredited to",
    ),
    BundleFile(
        "districts.csv",
        "s_district",
        (
            Column("mission_key", "text", "the consular post (its bundle key)", OWN, required=True),
            Column(
                "subdivision_code",
                "text",
                "a subdivision of the host its district covers (ISO 3166-2: CN-GD)",
                KEY,
                required=True,
            ),
            _source("naming the district"),
        ),
        ("mission_key", "subdivision_code"),
        "consular district",
        "the provinces, states or Länder of the host a consular post's district covers",
    ),
    BundleFile(
        "mission_seats.csv",
        "s_seat",
        (
            Column(
                "mission_key", "text", "the mission seated (its bundle key)", OWN, required=True
            ),
            Column(
                "city_key",
                "text",
                "its seat over the period (`PARTY:key`, or its key alone)",
                REF,
                required=True,
            ),
            Column("from_on", "date", "its first day there (empty: since the mission opened)"),
            Column("until_on", "date", "the day it moved away (empty: no later move on record)"),
            _source("of the seat"),
        ),
        ("mission_key", "from_on"),
        "seat",
        "a mission that moved: its seat over dated periods, one at a time (Bonn until "
        "1999-09, then Berlin); where no row covers a date it is at its missions.csv city. "
        "A row corrects the current seat of its mission starting the same day, or else "
        "the one in the same city over an overlapping period (docs/seats.md)",
    ),
    BundleFile(
        "tenures.csv",
        "s_tenure",
        (
            Column("key", "text", "any string unique in the bundle", OWN, required=True),
            Column(
                "mission_key", "text", "the mission headed (its bundle key)", OWN, required=True
            ),
            Column("person_key", "text", "the head (empty: unnamed)", SLUG),
            Column("rank_code", "text", "ambassador-e-p, envoy-e-mp, ...", KEY, required=True),
            Column("started_on", "date", "when the tenure began", or_else="attested_on"),
            Column(
                "attested_on",
                "date",
                "when the start is unknown: a day the head was in post by (instead of started_on)",
                optional=True,
            ),
            Column("ended_on", "date", "when it ended (empty: in post)"),
            Column("credentials_on", "date", "when credentials were presented"),
            Column(
                "credentials_to",
                "text",
                "the authority they were presented to (its key: af-emirate), even when "
                "the day is unknown",
                KEY,
                optional=True,
            ),
            Column("note", "text", "what the source says besides", NOTE),
            _source("of the tenure"),
            Column("resident_city_key", "text", "where a non-resident head resides", REF),
        ),
        ("key",),
        "tenure",
        "heads of mission in post; the same fact as a current tenure of its mission "
        "starting the same day",
    ),
    BundleFile(
        "status_changes.csv",
        "s_status",
        (
            Column("mission_key", "text", "the mission changed (its bundle key)", OWN),
            Column("tenure_key", "text", "or the tenure changed (its bundle key)", OWN),
            Column("kind", "text", "opened, closed, suspended, appointed, ...", KEY, required=True),
            Column("occurred_on", "date", "when", required=True),
            Column("note", "text", "what the source says of it", NOTE),
            _source("of the change"),
            Column(
                "actor_code",
                "text",
                "the party that made it (a host that asked for a recall), if named",
                KEY,
                optional=True,
            ),
            Column(
                "actor_authority",
                "text",
                "the authority that made it (its key: af-emirate), if named",
                KEY,
                optional=True,
            ),
        ),
        ("mission_key", "tenure_key", "kind", "occurred_on"),
        "status change",
        "what happened to a mission or a tenure: exactly one of mission_key and tenure_key",
    ),
    BundleFile(
        "relations.csv",
        "s_relation",
        (
            Column("party_code", "text", "the party that acted (recognised)", KEY, required=True),
            Column(
                "counterpart_code",
                "text",
                "the party recognised, or the other of the pair",
                KEY,
                required=True,
            ),
            Column(
                "kind",
                "text",
                "recognised, relations-established, relations-severed, ...",
                KEY,
                required=True,
            ),
            Column("occurred_on", "date", "when", required=True),
            Column(
                "counterpart_authority",
                "text",
                "the counterpart's authority recognised (its key: af-republic), if named",
                KEY,
                optional=True,
            ),
            Column("person_key", "text", "who carried it out (a person key), if named", SLUG),
            Column("note", "text", "what the source says of it", NOTE),
            _source("of the act"),
        ),
        ("party_code", "counterpart_code", "kind", "occurred_on"),
        "relation event",
        "acts between two parties: recognition, diplomatic relations established, "
        "severed, suspended, resumed",
    ),
    BundleFile(
        "complete_lists.csv",
        "s_complete_list",
        (
            Column(
                "city_key",
                "text",
                "the city the list is of (`PARTY:key`, or its key alone)",
                REF,
                required=True,
            ),
            Column("listed_on", "date", "the date the list holds for", required=True),
            Column(
                "mission_key",
                "text",
                "a mission it names (its bundle key; seated in that city on the list's date); "
                "empty, with sending_code empty too: the list names no mission",
                OWN,
            ),
            Column(
                "sending_code",
                "text",
                "or the mission it names as one on record: its sending party, with "
                "mission_kind (seated in that city on the list's date)",
                KEY,
                optional=True,
            ),
            Column(
                "mission_kind",
                "text",
                "that mission's kind (embassy, delegation, ...), with sending_code",
                KEY,
                optional=True,
            ),
            Column(
                "kinds",
                "text",
                "the kinds of mission it is complete for, `a|b` (empty: every kind)",
                Text(limits.KEY, separator="|"),
                optional=True,
            ),
            Column("note", "text", "what the source says it lists", NOTE, optional=True),
            _source("giving the list"),
        ),
        ("city_key", "listed_on", "source_key", "mission_key", "sending_code", "mission_kind"),
        "complete-list entry",
        "a source's list of every mission (of some kinds) seated in a city on a date, one "
        "row a mission named (one row with none, for a list naming none); a mission of the "
        "city left out, with no newer evidence of its own, is presumed not operating from "
        "that date (docs/evidence.md)",
    ),
    BundleFile(
        "external_ids.csv",
        "s_external",
        (
            Column(
                "scheme",
                "text",
                "whose identifier (wikidata, pocom-person, ...)",
                KEY,
                required=True,
            ),
            Column("value", "text", "the identifier", KEY, required=True),
            Column("subject_kind", "text", "party, city, mission or person", KEY, required=True),
            Column(
                "subject_key",
                "text",
                "the subject: a party code, `PARTY:key`, a mission's bundle key, a person key",
                OWN,
                required=True,
            ),
            Column("source_key", "text", "the source giving it", KEY, optional=True),
        ),
        ("scheme", "value"),
        "external identifier",
        "other datasets' identifiers of parties, cities, missions and people",
    ),
)

UNMAPPED = BundleFile(
    "unmapped.csv",
    "",
    (
        Column("file", "text", "the producer's file", PRINTED, required=True),
        Column("line", "text", "its line", PRINTED),
        Column("field", "text", "its field", PRINTED),
        Column("value", "text", "the value"),
        Column("message", "text", "why it could not be mapped", PRINTED, required=True),
        Column("severity", "text", "unmapped (the default) or notice", PRINTED, optional=True),
    ),
    (),
    "unmapped value",
    "what the bundle's producer could not map: printed, never stored; refused under `--strict`",
)

BUNDLE_FILES = (*(f.file for f in FILES), UNMAPPED.file)
BY_FILE = {f.file: f for f in (*FILES, UNMAPPED)}


def every_file() -> Iterator[BundleFile]:
    yield from FILES
    yield UNMAPPED
