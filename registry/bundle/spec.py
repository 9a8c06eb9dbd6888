"""The bundle's specification: each file, its columns, what a value may be, and what it
means, declared once.

The loader reads and stages by it, the importers' writer and benchmarks/generate.py
write their headers from it (``BundleFile.header``), and the bundle format section
of docs/importing.md is rendered from it (registry/bundle/describe.py). A column is
added here or nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator

from registry import limits
from registry.bundle.columns import (
    ALIASES,
    KEY,
    NAME,
    NOTE,
    OWN,
    PRINTED,
    REF,
    SLUG,
    TITLE,
    URL,
    BundleFile,
    Column,
    Text,
)


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
            Column(
                "existed_from",
                "date",
                "when it came into being (a state that no longer exists, an organisation)",
                optional=True,
            ),
            Column("existed_until", "date", "when it ceased to exist", optional=True),
            Column(
                "cow_code",
                "text",
                "its Correlates of War state number (1-999)",
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
        "successions.csv",
        "s_succession",
        (
            Column("predecessor_code", "text", "the party before", KEY, required=True),
            Column("successor_code", "text", "the party after", KEY, required=True),
            Column(
                "how",
                "text",
                "split, merger, absorption, dissolution or independence",
                KEY,
                required=True,
            ),
            Column("occurred_on", "date", "when", required=True),
            Column("source_key", "text", "the source saying so", KEY, optional=True),
        ),
        ("predecessor_code", "successor_code"),
        "succession",
        "which party became which, how and when (the Soviet Union dissolved into Russia "
        "and fourteen others on 1991-12-26)",
    ),
    BundleFile(
        "subdivisions.csv",
        "s_subdivision",
        (
            Column("code", "text", "its ISO 3166-2 code (CN-GD)", KEY, required=True),
            Column("party_code", "text", "the party it is part of", KEY, required=True),
            Column("name", "name", "its name", NAME, required=True),
            Column("type", "text", "what it is (Province, State, Land, ...)", KEY, required=True),
            Column(
                "parent_code",
                "text",
                "the subdivision it is part of, if any (ISO 3166-2)",
                KEY,
                optional=True,
            ),
            Column("source_key", "text", "the source listing it", KEY, optional=True),
        ),
        ("code",),
        "subdivision",
        "the provinces, states or Länder of a party that consular districts cover",
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
