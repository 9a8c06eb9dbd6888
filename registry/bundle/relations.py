"""relations.csv: acts between two parties (recognition, relations established,
severed, ...), checked and upserted like the other facts: append-only, a changed act
closes its current version and a new one points back (``supersedes_id``)."""

from __future__ import annotations

from typing import Any

import psycopg

from registry.bundle.reference import count
from registry.bundle.report import BulkReport
from registry.versions import close

_KNOWN_PARTY = (
    "NOT EXISTS (SELECT FROM party p WHERE p.code = r.{0}) "
    "AND NOT EXISTS (SELECT FROM s_party p WHERE p.code = r.{0})"
)

# (file, field, SQL returning (line, value, message)); run with the other checks.
CHECKS: list[tuple[str, str, str]] = [
    (
        "relations.csv",
        "kind",
        "SELECT line, kind, 'unknown relation event ' || quote_literal(kind) || ' ('"
        " || (SELECT string_agg(code, ', ' ORDER BY code) FROM relation_event_kind) || ')'"
        " FROM s_relation r WHERE NOT EXISTS (SELECT FROM relation_event_kind k"
        " WHERE k.code = r.kind)",
    ),
    (
        "relations.csv",
        "party_code",
        "SELECT line, party_code, 'unknown party ' || quote_literal(party_code) "
        f"FROM s_relation r WHERE {_KNOWN_PARTY.format('party_code')}",
    ),
    (
        "relations.csv",
        "counterpart_code",
        "SELECT line, counterpart_code, CASE WHEN counterpart_code = party_code THEN "
        "'a party and itself are not a pair' ELSE 'unknown party ' || "
        "quote_literal(counterpart_code) END FROM s_relation r "
        f"WHERE counterpart_code = party_code OR {_KNOWN_PARTY.format('counterpart_code')}",
    ),
    (
        "relations.csv",
        "counterpart_authority",
        "SELECT line, counterpart_authority, 'unknown authority ' || "
        "quote_literal(counterpart_authority) || ' of ' || counterpart_code "
        "FROM s_relation r WHERE counterpart_authority IS NOT NULL AND NOT EXISTS "
        "(SELECT FROM authority a JOIN party p ON p.id = a.party_id "
        "WHERE a.key = r.counterpart_authority AND p.code = r.counterpart_code) "
        "AND NOT EXISTS (SELECT FROM s_authority a WHERE a.key = r.counterpart_authority "
        "AND a.party_code = r.counterpart_code)",
    ),
    (
        "relations.csv",
        "person_key",
        "SELECT line, person_key, 'unknown person ' || quote_literal(person_key) "
        "FROM s_relation r WHERE person_key IS NOT NULL "
        "AND NOT EXISTS (SELECT FROM s_person p WHERE p.key = r.person_key) "
        "AND NOT EXISTS (SELECT FROM person p WHERE p.key = r.person_key)",
    ),
]

RELATIONS = """
CREATE TEMP TABLE d_relation ON COMMIT DROP AS
SELECT r.line, r.kind, p.id AS party_id, c.id AS counterpart_id, a.id AS authority_id,
       pe.id AS person_id, r.occurred_on, r.occurred_precision, r.note, src.id AS source_id,
       cur.id AS current_id,
       (cur.occurred_precision, cur.counterpart_authority_id, cur.person_id, cur.note,
        cur.source_id) IS DISTINCT FROM
       (r.occurred_precision, a.id, pe.id, r.note, src.id) AS changed
  FROM s_relation r
  JOIN party p ON p.code = r.party_code
  JOIN party c ON c.code = r.counterpart_code
  LEFT JOIN authority a ON a.key = r.counterpart_authority
  LEFT JOIN person pe ON pe.key = r.person_key
  JOIN src ON src.key = coalesce(r.source_key, current_setting('registry.bulk_source'))
  LEFT JOIN relation_event cur ON cur.kind = r.kind AND cur.party_id = p.id
       AND cur.counterpart_id = c.id AND cur.occurred_on = r.occurred_on
       AND upper_inf(cur.recorded)
"""


def upsert_relations(cur: psycopg.Cursor[Any], report: BulkReport) -> None:
    cur.execute(RELATIONS)
    counts = report.table("relation_event")
    counts.superseded = cur.execute(
        close(
            "relation_event",
            "SELECT current_id FROM d_relation WHERE current_id IS NOT NULL AND changed",
        )
    ).rowcount
    counts.inserted = (
        cur.execute(
            """
            INSERT INTO relation_event (kind, occurred_on, occurred_precision, party_id,
                counterpart_id, counterpart_authority_id, person_id, note, source_id,
                supersedes_id)
            SELECT kind, occurred_on, occurred_precision, party_id, counterpart_id,
                   authority_id, person_id, note, source_id, current_id
              FROM d_relation WHERE current_id IS NULL OR changed
            """
        ).rowcount
        - counts.superseded
    )
    counts.unchanged = count(
        cur, "SELECT count(*) FROM d_relation WHERE current_id IS NOT NULL AND NOT changed"
    )
