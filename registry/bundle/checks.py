"""Set-wise checks of the staged rows, all run before any write: references that
resolve, vocabulary that exists, rows of one natural key that agree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

from registry.bundle.columns import Column
from registry.bundle.report import Errors, Problem, clip
from registry.bundle.spec import FILES
from registry.dates import show
from registry.vocabulary import PARTY_KINDS, SUCCESSION_KINDS

# --- checks and upserts, set-wise --------------------------------------------------------

# Each check: (file, field, SQL returning (line, value, message)). All run before any write.
_SOURCE_REFS = [
    (spec.file, spec.table) for spec in FILES if any(c.name == "source_key" for c in spec.columns)
]


def _day(column: str) -> str:
    """A staged date as the file gave it (1300, 1998-05, 1998-05-06), in SQL."""
    precision = column.replace("_on", "") + "_precision"
    return (
        f"CASE {precision} WHEN 'year' THEN to_char({column}, 'YYYY') "
        f"WHEN 'month' THEN to_char({column}, 'YYYY-MM') ELSE {column}::text END"
    )


def _authority_known(column: str) -> str:
    return (
        f"NOT EXISTS (SELECT FROM authority a WHERE a.key = {column}) "
        f"AND NOT EXISTS (SELECT FROM s_authority a WHERE a.key = {column})"
    )


CHECKS: list[tuple[str, str, str]] = [
    (
        "authorities.csv",
        "valid_until",
        "SELECT line, valid_until::text, 'ends before it starts (' || valid_from || ')' "
        "FROM s_authority WHERE valid_until <= valid_from",
    ),
    (
        "parties.csv",
        "kind",
        "SELECT line, kind, 'unknown party kind ' || quote_literal(kind) || "
        f"' ({', '.join(PARTY_KINDS)})' FROM s_party "
        f"WHERE kind NOT IN ({', '.join(repr(k) for k in PARTY_KINDS)})",
    ),
    (
        "parties.csv",
        "iso_alpha3",
        "SELECT s.line, s.iso_alpha3, CASE WHEN s.iso_alpha3 !~ '^[A-Z]{3}$' "
        "THEN 'not an ISO 3166-1 alpha-3 code (three capital letters)' "
        "ELSE 'the ISO 3166-1 alpha-3 code of ' || quote_literal(held.code) END "
        "FROM s_party s LEFT JOIN party held ON held.iso_alpha3 = s.iso_alpha3 "
        "AND held.code <> s.code WHERE s.iso_alpha3 !~ '^[A-Z]{3}$' OR held.code IS NOT NULL",
    ),
    (
        "parties.csv",
        "cow_code",
        "SELECT line, cow_code, 'not a Correlates of War state number (1-999)' FROM s_party "
        "WHERE cow_code !~ '^[0-9]{1,3}$' OR cow_code ~ '^0+$'",
    ),
    (
        "parties.csv",
        "existed_until",
        f"SELECT line, existed_until::text, 'ends before it starts (' || {_day('existed_from')} "
        "|| ')' FROM s_party WHERE existed_until <= existed_from",
    ),
    (
        "successions.csv",
        "how",
        "SELECT line, how, 'unknown kind of succession ' || quote_literal(how) || "
        f"' ({', '.join(SUCCESSION_KINDS)})' FROM s_succession "
        f"WHERE how NOT IN ({', '.join(repr(k) for k in SUCCESSION_KINDS)})",
    ),
    (
        "successions.csv",
        "successor_code",
        "SELECT line, successor_code, 'a party does not succeed itself' FROM s_succession "
        "WHERE successor_code = predecessor_code",
    ),
    (
        "subdivisions.csv",
        "parent_code",
        "SELECT line, parent_code, 'unknown subdivision ' || quote_literal(parent_code) "
        "FROM s_subdivision x WHERE parent_code IS NOT NULL "
        "AND NOT EXISTS (SELECT FROM subdivision s WHERE s.code = x.parent_code) "
        "AND NOT EXISTS (SELECT FROM s_subdivision s WHERE s.code = x.parent_code)",
    ),
    (
        "cities.csv",
        "party_code",
        "SELECT line, party_code, 'unknown party ' || quote_literal(party_code) FROM s_city c "
        "WHERE NOT EXISTS (SELECT FROM party p WHERE p.code = c.party_code) "
        "AND NOT EXISTS (SELECT FROM s_party p WHERE p.code = c.party_code)",
    ),
    (
        "missions.csv",
        "kind",
        "SELECT line, kind, 'unknown mission kind ' || quote_literal(kind) FROM s_mission m "
        "WHERE NOT EXISTS (SELECT FROM mission_kind k WHERE k.code = m.kind)",
    ),
    (
        "tenures.csv",
        "rank_code",
        "SELECT line, rank_code, 'unknown rank ' || quote_literal(rank_code) FROM s_tenure t "
        "WHERE NOT EXISTS (SELECT FROM rank r WHERE r.code = t.rank_code)",
    ),
    (
        "tenures.csv",
        "ended_on",
        "SELECT line, ended_on::text, 'ends before it starts ('"
        " || coalesce(started_on, attested_on) || ')' "
        "FROM s_tenure WHERE ended_on <= coalesce(started_on, attested_on)",
    ),
    (
        "tenures.csv",
        "attested_on",
        "SELECT line, attested_on::text, 'give started_on (the start is known) or "
        "attested_on (it is not), not both' "
        "FROM s_tenure WHERE started_on IS NOT NULL AND attested_on IS NOT NULL",
    ),
    (
        "tenures.csv",
        "credentials_to",
        "SELECT line, credentials_to, 'unknown authority ' || quote_literal(credentials_to) "
        "FROM s_tenure t WHERE credentials_to IS NOT NULL "
        f"AND {_authority_known('t.credentials_to')}",
    ),
    (
        "tenures.csv",
        "credentials_on",
        "SELECT line, credentials_on::text, 'credentials presented before the start' "
        "FROM s_tenure WHERE credentials_on < started_on",
    ),
    (
        "tenures.csv",
        "person_key",
        "SELECT line, person_key, 'unknown person ' || quote_literal(person_key) FROM s_tenure t "
        "WHERE person_key IS NOT NULL "
        "AND NOT EXISTS (SELECT FROM s_person p WHERE p.key = t.person_key) "
        "AND NOT EXISTS (SELECT FROM person p WHERE p.key = t.person_key)",
    ),
    (
        "tenures.csv",
        "mission_key",
        "SELECT line, mission_key, 'unknown mission key ' || quote_literal(mission_key) "
        "FROM s_tenure t WHERE NOT EXISTS (SELECT FROM s_mission m WHERE m.key = t.mission_key)",
    ),
    (
        "accreditations.csv",
        "mission_key",
        "SELECT line, mission_key, 'unknown mission key ' || quote_literal(mission_key) "
        "FROM s_accreditation a "
        "WHERE NOT EXISTS (SELECT FROM s_mission m WHERE m.key = a.mission_key)",
    ),
    (
        "districts.csv",
        "mission_key",
        "SELECT line, mission_key, 'unknown mission key ' || quote_literal(mission_key) "
        "FROM s_district d WHERE NOT EXISTS (SELECT FROM s_mission m WHERE m.key = d.mission_key)",
    ),
    (
        "districts.csv",
        "subdivision_code",
        "SELECT d.line, d.subdivision_code, 'unknown ISO 3166-2 subdivision ' "
        "|| quote_literal(subdivision_code) || ' of the host ' || m.host_code "
        "FROM s_district d JOIN s_mission m ON m.key = d.mission_key "
        "WHERE NOT EXISTS (SELECT FROM subdivision s JOIN party p ON p.id = s.party_id "
        "WHERE s.code = d.subdivision_code AND p.code = m.host_code) "
        "AND NOT EXISTS (SELECT FROM s_subdivision s WHERE s.code = d.subdivision_code "
        "AND s.party_code = m.host_code)",
    ),
    (
        "status_changes.csv",
        "mission_key",
        "SELECT line, coalesce(mission_key, ''), 'give exactly one of mission_key and tenure_key' "
        "FROM s_status WHERE num_nonnulls(mission_key, tenure_key) <> 1",
    ),
    (
        "status_changes.csv",
        "mission_key",
        "SELECT line, mission_key, 'unknown mission key ' || quote_literal(mission_key) "
        "FROM s_status s WHERE mission_key IS NOT NULL "
        "AND NOT EXISTS (SELECT FROM s_mission m WHERE m.key = s.mission_key)",
    ),
    (
        "status_changes.csv",
        "tenure_key",
        "SELECT line, tenure_key, 'unknown tenure key ' || quote_literal(tenure_key) "
        "FROM s_status s WHERE tenure_key IS NOT NULL "
        "AND NOT EXISTS (SELECT FROM s_tenure t WHERE t.key = s.tenure_key)",
    ),
    (
        "status_changes.csv",
        "kind",
        "SELECT line, kind, CASE WHEN k.code IS NULL THEN 'unknown change ' || quote_literal(kind) "
        "ELSE quote_literal(kind) || ' is a change of a ' || k.applies_to || ', not of a ' || "
        "CASE WHEN s.mission_key IS NULL THEN 'tenure' ELSE 'mission' END END "
        "FROM s_status s LEFT JOIN status_change_kind k ON k.code = s.kind "
        "WHERE k.code IS NULL OR k.applies_to <> "
        "CASE WHEN s.mission_key IS NULL THEN 'tenure' ELSE 'mission' END",
    ),
    (
        "aliases.csv",
        "subject_kind",
        "SELECT line, subject_kind, 'unknown subject kind ' || quote_literal(subject_kind) "
        "|| ' (party or city)' FROM s_alias WHERE subject_kind NOT IN ('party', 'city')",
    ),
    (
        "aliases.csv",
        "valid_until",
        f"SELECT line, valid_until::text, 'ends before it starts (' || {_day('valid_from')} "
        "|| ')' FROM s_alias WHERE valid_until <= valid_from",
    ),
    (
        "external_ids.csv",
        "subject_kind",
        "SELECT line, subject_kind, 'unknown subject kind ' || quote_literal(subject_kind) "
        "|| ' (party, city, mission or person)' FROM s_external "
        "WHERE subject_kind NOT IN ('party', 'city', 'mission', 'person')",
    ),
]


def _party_known(column: str) -> str:
    return (
        f"NOT EXISTS (SELECT FROM party p WHERE p.code = {column}) "
        f"AND NOT EXISTS (SELECT FROM s_party p WHERE p.code = {column})"
    )


CHECKS += [
    (
        "missions.csv",
        "sending_code",
        "SELECT line, sending_code, 'unknown party ' || quote_literal(sending_code) "
        f"FROM s_mission m WHERE {_party_known('m.sending_code')}",
    ),
    (
        "missions.csv",
        "host_code",
        "SELECT line, host_code, 'unknown party ' || quote_literal(host_code) "
        f"FROM s_mission m WHERE {_party_known('m.host_code')}",
    ),
    (
        "missions.csv",
        "organisation_code",
        "SELECT line, organisation_code, 'unknown party ' || quote_literal(organisation_code) "
        "FROM s_mission m WHERE organisation_code IS NOT NULL "
        f"AND {_party_known('m.organisation_code')}",
    ),
    (
        "missions.csv",
        "city_key",
        "SELECT line, city_key, 'unknown city ' || quote_literal(city_key) || ' in ' || host_code "
        "FROM s_mission m WHERE city_key IS NOT NULL AND NOT EXISTS (SELECT FROM city c "
        "JOIN party p ON p.id = c.party_id WHERE p.code = m.host_code AND c.key = m.city_key) "
        "AND NOT EXISTS (SELECT FROM s_city c WHERE c.party_code = m.host_code "
        "AND c.key = m.city_key)",
    ),
    (
        "accreditations.csv",
        "party_code",
        "SELECT line, party_code, 'unknown party ' || quote_literal(party_code) "
        f"FROM s_accreditation a WHERE {_party_known('a.party_code')}",
    ),
    (
        "authorities.csv",
        "party_code",
        "SELECT line, party_code, 'unknown party ' || quote_literal(party_code) "
        f"FROM s_authority a WHERE {_party_known('a.party_code')}",
    ),
    (
        "status_changes.csv",
        "actor_code",
        "SELECT line, actor_code, 'unknown party ' || quote_literal(actor_code) "
        f"FROM s_status s WHERE actor_code IS NOT NULL AND {_party_known('s.actor_code')}",
    ),
    (
        "successions.csv",
        "predecessor_code",
        "SELECT line, predecessor_code, 'unknown party ' || quote_literal(predecessor_code) "
        f"FROM s_succession x WHERE {_party_known('x.predecessor_code')}",
    ),
    (
        "successions.csv",
        "successor_code",
        "SELECT line, successor_code, 'unknown party ' || quote_literal(successor_code) "
        f"FROM s_succession x WHERE {_party_known('x.successor_code')}",
    ),
    (
        "subdivisions.csv",
        "party_code",
        "SELECT line, party_code, 'unknown party ' || quote_literal(party_code) "
        f"FROM s_subdivision x WHERE {_party_known('x.party_code')}",
    ),
    (
        "aliases.csv",
        "subject_key",
        "SELECT line, subject_key, 'unknown party ' || quote_literal(subject_key) "
        f"FROM s_alias a WHERE subject_kind = 'party' AND {_party_known('a.subject_key')}",
    ),
    (
        "status_changes.csv",
        "actor_authority",
        "SELECT line, actor_authority, 'unknown authority ' || quote_literal(actor_authority) "
        "FROM s_status s WHERE actor_authority IS NOT NULL "
        f"AND {_authority_known('s.actor_authority')}",
    ),
]


# Checks that need parties and cities in place (run after those upserts, still before
# any fact is written; an error rolls everything back).
PARTY_CHECKS: list[tuple[str, str, str]] = [
    (
        "tenures.csv",
        "resident_city_key",
        "SELECT line, resident_city_key, 'unknown or ambiguous city ' "
        "|| quote_literal(resident_city_key) || ' (write PARTY:key)' FROM s_tenure t "
        "WHERE resident_city_key IS NOT NULL AND (SELECT count(*) FROM city_ref r "
        "WHERE r.ref = t.resident_city_key) <> 1",
    ),
    (
        "aliases.csv",
        "subject_key",
        "SELECT line, subject_key, 'unknown or ambiguous city ' || quote_literal(subject_key) "
        "|| ' (write PARTY:key)' FROM s_alias a WHERE subject_kind = 'city' "
        "AND (SELECT count(*) FROM city_ref r WHERE r.ref = a.subject_key) <> 1",
    ),
    (
        "external_ids.csv",
        "subject_key",
        "SELECT line, subject_key, 'unknown ' || subject_kind || ' ' || quote_literal(subject_key) "
        "FROM s_external x WHERE CASE subject_kind "
        "WHEN 'party' THEN NOT EXISTS (SELECT FROM party p WHERE p.code = x.subject_key) "
        "WHEN 'city' THEN (SELECT count(*) FROM city_ref r WHERE r.ref = x.subject_key) <> 1 "
        "WHEN 'mission' THEN NOT EXISTS (SELECT FROM s_mission m WHERE m.key = x.subject_key) "
        "WHEN 'person' THEN NOT EXISTS (SELECT FROM person p WHERE p.key = x.subject_key) "
        "ELSE false END",
    ),
]

# A city is referred to as PARTY:key, or by its key alone where that is unambiguous.
CITY_REF = """
CREATE TEMP TABLE city_ref ON COMMIT DROP AS
SELECT p.code || ':' || c.key AS ref, c.id AS city_id FROM city c JOIN party p ON p.id = c.party_id
UNION ALL
SELECT c.key, c.id FROM city c
"""


def run_checks(
    cur: psycopg.Cursor[Any], checks: list[tuple[str, str, str]], errors: Errors
) -> None:
    """Run set-wise checks: each returns (line, value, message[, the other line]).
    A line already refused while reading is not checked again: its bad values were
    staged as NULL, and what SQL would say of them is no news."""
    for file, fieldname, sql in checks:
        for row in cur.execute(sql).fetchall():
            line, value, message = row[0], row[1], row[2]
            if (file, line) in errors.read_lines:
                continue
            other = row[3] if len(row) > 3 else None
            errors.add(file, line, fieldname, value or "", message or "invalid", other)


def _shown(column: Column, values: Sequence[Any]) -> str:
    """A staged value as the file gave it (a date at its precision), for messages."""
    if values[0] is None:
        return "empty"
    if column.kind == "date":
        return show(values[0], values[1]) or ""
    if isinstance(values[0], bool):
        return str(values[0]).lower()
    return repr(clip(str(values[0]), 60))


def duplicates(cur: psycopg.Cursor[Any], errors: Errors, notices: list[Problem]) -> None:
    """Rows of a file with the same natural key. The same row twice says nothing new:
    it is loaded once, with a notice (a repeated import changes nothing either). Two
    rows that differ are two claims about one thing: an error naming both lines,
    never the first one kept in silence."""
    for spec in FILES:
        keys = ", ".join(
            f"coalesce({c.staged()[0]}::text, '')"
            for c in spec.columns
            if c.name in spec.natural_key
        )
        staged = spec.staged()
        width = len(staged)
        rows = cur.execute(
            f"WITH d AS (SELECT s.*, first_value(line) OVER w AS first_line, "
            f"row_number() OVER w AS n FROM {spec.table} s "
            f"WHERE ({keys}) IN (SELECT {keys} FROM {spec.table} GROUP BY {keys} "
            f"HAVING count(*) > 1) WINDOW w AS (PARTITION BY {keys} ORDER BY line)) "
            f"SELECT {', '.join('d.' + c for c in staged)}, {', '.join('f.' + c for c in staged)} "
            f"FROM d JOIN {spec.table} f ON f.line = d.first_line WHERE d.n > 1 ORDER BY d.line"
        ).fetchall()
        repeated: list[int] = []
        slices = spec.slices()
        for row in rows:
            ours, theirs = row[:width], row[width:]
            key = ", ".join(
                f"{c.name} {_shown(c, theirs[part])}"
                for c, part in slices
                if c.name in spec.natural_key and theirs[part][0] is not None
            )
            differs = next(((c, part) for c, part in slices if ours[part] != theirs[part]), None)
            if differs is None:
                repeated.append(ours[0])
                notices.append(
                    Problem(
                        spec.file,
                        ours[0],
                        spec.natural_key[0],
                        key,
                        "repeats an earlier row exactly: loaded once",
                        "notice",
                    )
                )
                continue
            column, part = differs
            errors.add(
                spec.file,
                ours[0],
                column.name,
                _shown(column, ours[part]),
                f"contradicts {spec.file}:{theirs[0]}, the same {spec.what} ({key}): "
                f"{column.name} {_shown(column, theirs[part])} there, "
                f"{_shown(column, ours[part])} here",
                other_line=theirs[0],
            )
        if repeated:
            cur.execute(f"DELETE FROM {spec.table} WHERE line = ANY(%s)", (repeated,))
            if spec.table == "s_city":
                cur.execute("DELETE FROM s_city_alias WHERE line = ANY(%s)", (repeated,))
            if spec.table == "s_person":
                cur.execute("DELETE FROM s_person_alias WHERE line = ANY(%s)", (repeated,))


def source_checks() -> list[tuple[str, str, str]]:
    return [
        (
            file,
            "source_key",
            f"SELECT line, source_key, coalesce('unknown source ' || quote_literal(source_key), "
            f"'no source_key, and no sources.csv whose first source rows cite by default') "
            f"FROM {table} t WHERE source_key IS NOT NULL "
            f"AND NOT EXISTS (SELECT FROM source s WHERE s.key = t.source_key) "
            f"AND NOT EXISTS (SELECT FROM s_source s WHERE s.key = t.source_key) "
            f"OR source_key IS NULL AND current_setting('registry.bulk_source') = ''",
        )
        for file, table in _SOURCE_REFS
    ]
