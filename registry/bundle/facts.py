"""Upserts of the facts (accreditations, tenures, status changes) and external
identifiers. Facts are append-only (revision 0004): a changed one closes the current
version's recorded range at now() and inserts a new version pointing back with
``supersedes_id``; a superseded tenure's current status changes follow it."""

from __future__ import annotations

from typing import Any

import psycopg

from registry.bundle.checks import run_checks
from registry.bundle.reference import count
from registry.bundle.report import BulkReport, Errors, Problem
from registry.versions import close, follow_successors

ACCREDITATIONS = """
CREATE TEMP TABLE d_accreditation ON COMMIT DROP AS
SELECT DISTINCT ON (m.mission_id, p.id)
       a.line, m.mission_id, p.id AS party_id, a.resident, s.id AS source_id,
       cur.id AS current_id, cur.resident AS current_resident
  FROM s_accreditation a
  JOIN r_mission m ON m.key = a.mission_key
  JOIN party p ON p.code = a.party_code
  JOIN src s ON s.key = coalesce(a.source_key, current_setting('registry.bulk_source'))
  LEFT JOIN accreditation cur ON cur.mission_id = m.mission_id AND cur.party_id = p.id
       AND upper_inf(cur.recorded)
 ORDER BY m.mission_id, p.id, a.line
"""


# Two mission keys can name one mission (the same sending party, seat, kind and
# organisation): their accreditations of one party are then one fact, and must agree.
# (Which source they cite may differ: the first row's is cited.)
ACCREDITATION_CONFLICTS = """
SELECT line, resident::text, 'contradicts accreditations.csv:' || first_line
       || ', the same accreditation (mission_key ' || quote_literal(first_key)
       || ' names the same mission): resident ' || first_resident || ' there, '
       || resident || ' here', first_line
  FROM (SELECT a.line, a.resident, first_value(a.line) OVER w AS first_line,
               first_value(a.mission_key) OVER w AS first_key,
               first_value(a.resident) OVER w AS first_resident
          FROM s_accreditation a
          JOIN r_mission m ON m.key = a.mission_key
          JOIN party p ON p.code = a.party_code
        WINDOW w AS (PARTITION BY m.mission_id, p.id ORDER BY a.line)) d
 WHERE resident IS DISTINCT FROM first_resident
"""


def upsert_accreditations(
    cur: psycopg.Cursor[Any], report: BulkReport, errors: Errors, *, keep: bool = False
) -> None:
    if _two_keys_one_mission(cur):
        run_checks(cur, [("accreditations.csv", "resident", ACCREDITATION_CONFLICTS)], errors)
        if errors:
            return
    cur.execute(ACCREDITATIONS)
    if keep:  # KEEP, for a table whose change is its one column
        for line, kept_id in cur.execute(
            """
            UPDATE d_accreditation d SET resident = d.current_resident FROM accreditation a
             WHERE a.id = d.current_id AND d.current_resident IS DISTINCT FROM d.resident
               AND a.supersedes_id IS NOT NULL AND a.source_id IS DISTINCT FROM d.source_id
            RETURNING d.line, a.id
            """
        ).fetchall():
            report.kept.append(("accreditations.csv", line, "accreditation", kept_id))
    counts = report.table("accreditation")
    counts.superseded = cur.execute(
        close(
            "accreditation",
            "SELECT current_id FROM d_accreditation"
            " WHERE current_resident IS DISTINCT FROM resident AND current_id IS NOT NULL",
        )
    ).rowcount
    counts.inserted = (
        cur.execute(
            """
            INSERT INTO accreditation (mission_id, party_id, resident, source_id, supersedes_id)
            SELECT mission_id, party_id, resident, source_id, current_id FROM d_accreditation
             WHERE current_id IS NULL OR current_resident IS DISTINCT FROM resident
             ORDER BY line
            """
        ).rowcount
        - counts.superseded
    )
    counts.unchanged = count(
        cur, "SELECT count(*) FROM d_accreditation WHERE current_resident = resident"
    )


# The bundle's tenures resolved (n_tenure, analyzed: estimated from its expressions the
# planner expects a fortieth of the rows, and probes the tenures of each by mission),
# then each with the current one of the same mission starting the same day (the same
# fact): an unchanged one is that version (tenure_id), a new or changed one gets the
# version inserted for it. Matched as d_tenure is made, not by UPDATEs of every row.
TENURES = """
CREATE TEMP TABLE n_tenure ON COMMIT DROP AS
SELECT t.line, t.key, m.mission_id, pe.id AS person_id, t.rank_code,
       daterange(coalesce(t.started_on, t.attested_on), t.ended_on, '[)') AS valid,
       t.started_precision, t.attested_precision, t.ended_precision, t.credentials_on,
       t.credentials_precision, au.id AS credentials_authority_id, t.note,
       s.id AS source_id, rc.city_id AS resident_city_id
  FROM s_tenure t
  JOIN r_mission m ON m.key = t.mission_key
  LEFT JOIN authority au ON au.key = t.credentials_to
  LEFT JOIN person pe ON pe.key = t.person_key
  LEFT JOIN city_ref rc ON rc.ref = t.resident_city_key
  JOIN src s ON s.key = coalesce(t.source_key, current_setting('registry.bulk_source'));
ANALYZE n_tenure;
CREATE TEMP TABLE d_tenure ON COMMIT DROP AS
SELECT c.*, CASE WHEN NOT c.changed THEN c.current_id END AS tenure_id
  FROM (SELECT n.*, t.id AS current_id,
               t.id IS NOT NULL
               AND (t.person_id, t.rank_code, t.valid, t.start_precision, t.attested_precision,
                    t.end_precision, t.credentials_on, t.credentials_precision,
                    t.credentials_authority_id, t.note, t.resident_city_id)
                   IS DISTINCT FROM
                   (n.person_id, n.rank_code, n.valid, n.started_precision,
                    n.attested_precision, n.ended_precision, n.credentials_on,
                    n.credentials_precision,
                    -- a bundle that does not say to whom keeps what is known
                    coalesce(n.credentials_authority_id, t.credentials_authority_id),
                    n.note, n.resident_city_id) AS changed
          FROM n_tenure n
          LEFT JOIN tenure t ON t.mission_id = n.mission_id AND lower(t.valid) = lower(n.valid)
               AND upper_inf(t.recorded)) c;
CREATE INDEX ON d_tenure (key);
CREATE INDEX ON d_tenure (mission_id, lower(valid));
ANALYZE d_tenure;
"""

TENURE_OVERLAPS = """
SELECT line, key,
       'overlaps the tenure on line ' || prev_line || ' (same mission): one head at a time',
       prev_line
  FROM (SELECT line, key, valid,
               lag(line) OVER w AS prev_line,
               max(coalesce(upper(valid), 'infinity')) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING
                   AND 1 PRECEDING) AS max_end
          FROM d_tenure WINDOW w AS (PARTITION BY mission_id ORDER BY lower(valid), line)) o
 WHERE max_end > lower(valid)
UNION ALL
SELECT d.line, d.key, 'overlaps a tenure already in the registry ('
       || coalesce((SELECT p.name FROM person p WHERE p.id = t.person_id), 'unnamed')
       || ', ' || t.valid::text || '): one head at a time', NULL::int
  FROM d_tenure d
  JOIN tenure t ON t.mission_id = d.mission_id AND t.valid && d.valid AND upper_inf(t.recorded)
 WHERE NOT EXISTS (SELECT FROM d_tenure m WHERE m.current_id = t.id)
"""


# A current version that corrected an earlier one citing another source than the row
# (`registry record correction`) is newer evidence than the row: kept, and told.
KEEP = """
UPDATE {d} d SET changed = false FROM {table} cur
 WHERE cur.id = d.current_id AND d.changed AND cur.supersedes_id IS NOT NULL
   AND cur.source_id IS DISTINCT FROM d.source_id
RETURNING d.line, cur.id
"""


def _keep(cur: psycopg.Cursor[Any], report: BulkReport, file: str, d: str, table: str) -> None:
    for line, kept_id in cur.execute(KEEP.format(d=d, table=table)).fetchall():
        report.kept.append((file, line, table, kept_id))


def upsert_tenures(
    cur: psycopg.Cursor[Any], report: BulkReport, errors: Errors, *, keep: bool = False
) -> None:
    cur.execute(TENURES)
    run_checks(
        cur,
        [
            (
                "tenures.csv",
                "started_on",
                "SELECT line, lower(valid)::text, 'two tenures of one mission start on '"
                " || lower(valid) || ' (the other on line ' || first || ')', first FROM ("
                "SELECT line, valid, first_value(line) OVER w first, row_number() OVER w n "
                "FROM d_tenure WINDOW w AS (PARTITION BY mission_id, lower(valid) ORDER BY line)"
                ") d WHERE n > 1",
            )
        ],
        errors,
    )
    if errors:
        return
    run_checks(cur, [("tenures.csv", "started_on", TENURE_OVERLAPS)], errors)
    if errors:
        return
    if keep:
        _keep(cur, report, "tenures.csv", "d_tenure", "tenure")
    counts = report.table("tenure")
    counts.superseded = cur.execute(
        close("tenure", "SELECT current_id FROM d_tenure WHERE changed")
    ).rowcount
    inserted = cur.execute(
        """
        WITH ins AS (
            INSERT INTO tenure (mission_id, person_id, rank_code, valid, start_precision,
                                attested_precision, end_precision, credentials_on,
                                credentials_precision, credentials_authority_id, note,
                                source_id, resident_city_id, supersedes_id)
            SELECT d.mission_id, d.person_id, d.rank_code, d.valid, d.started_precision,
                   d.attested_precision, d.ended_precision, d.credentials_on,
                   d.credentials_precision,
                   coalesce(d.credentials_authority_id, t.credentials_authority_id), d.note,
                   d.source_id, d.resident_city_id, d.current_id
              FROM d_tenure d LEFT JOIN tenure t ON t.id = d.current_id
             WHERE d.current_id IS NULL OR d.changed
             ORDER BY d.line  -- ids in the order the rows say them, as one at a time
            RETURNING id, mission_id, lower(valid) AS starts
        )
        UPDATE d_tenure d SET tenure_id = ins.id FROM ins
         WHERE d.mission_id = ins.mission_id AND lower(d.valid) = ins.starts
        """
    ).rowcount
    counts.inserted = inserted - counts.superseded
    counts.unchanged = count(
        cur, "SELECT count(*) FROM d_tenure WHERE current_id IS NOT NULL AND NOT changed"
    )
    # A row no version was inserted for (none, in a bundle that passed the checks)
    # keeps its current_id and is counted unchanged, as ever.
    counts.unchanged += cur.execute(
        "UPDATE d_tenure SET tenure_id = current_id WHERE tenure_id IS NULL"
    ).rowcount
    # The superseded versions' current status changes follow them to the new versions.
    cur.execute(follow_successors("SELECT current_id, tenure_id FROM d_tenure WHERE changed"))


STATUS_CHANGES = """
CREATE TEMP TABLE d_status ON COMMIT DROP AS
SELECT DISTINCT ON (s.kind, m.mission_id, t.tenure_id, s.occurred_on)
       s.line, s.kind, m.mission_id, t.tenure_id, s.occurred_on, s.occurred_precision, s.note,
       src.id AS source_id, coalesce(cm.id, ct.id) AS current_id,
       -- a bundle that names no actor keeps the one known (as credentials_to)
       coalesce(ap.id, cm.actor_party_id, ct.actor_party_id) AS actor_party_id,
       coalesce(aa.id, cm.actor_authority_id, ct.actor_authority_id) AS actor_authority_id,
       (coalesce(cm.occurred_precision, ct.occurred_precision), coalesce(cm.note, ct.note),
        coalesce(cm.actor_party_id, ct.actor_party_id),
        coalesce(cm.actor_authority_id, ct.actor_authority_id))
           IS DISTINCT FROM (s.occurred_precision, s.note,
        coalesce(ap.id, cm.actor_party_id, ct.actor_party_id),
        coalesce(aa.id, cm.actor_authority_id, ct.actor_authority_id)) AS changed
  FROM s_status s
  LEFT JOIN party ap ON ap.code = s.actor_code
  LEFT JOIN authority aa ON aa.key = s.actor_authority
  LEFT JOIN r_mission m ON m.key = s.mission_key
  LEFT JOIN d_tenure t ON t.key = s.tenure_key
  -- LEFT: every source resolves (source_checks ran), and an inner join here made the
  -- planner expect a twentieth of the rows and hash them, NULL mission keys and all,
  -- into one bucket (65,536 batches: 12 s of 20 at 100,000 tenures).
  LEFT JOIN src ON src.key = coalesce(s.source_key, current_setting('registry.bulk_source'))
  -- the current version with the same natural key, of a mission or of a tenure (two
  -- joins rather than one on nullable columns, so each can use uq_status_change_current)
  LEFT JOIN status_change cm ON cm.kind = s.kind AND cm.mission_id = m.mission_id
       AND cm.tenure_id IS NULL AND cm.occurred_on = s.occurred_on AND upper_inf(cm.recorded)
  LEFT JOIN status_change ct ON ct.kind = s.kind AND ct.tenure_id = t.tenure_id
       AND ct.mission_id IS NULL AND ct.occurred_on = s.occurred_on AND upper_inf(ct.recorded)
 ORDER BY s.kind, m.mission_id, t.tenure_id, s.occurred_on, s.line
"""


# The same change of one mission named by two of its keys must agree (as accreditations).
STATUS_CONFLICTS = """
SELECT line, {shown}, 'contradicts status_changes.csv:' || first_line
       || ', the same ' || kind || ' of the same mission (mission_key '
       || quote_literal(first_key) || ' names it too): ' || {said}, first_line
  FROM (SELECT s.line, s.kind, s.occurred_on, s.occurred_precision, s.note,
               first_value(s.line) OVER w AS first_line,
               first_value(s.mission_key) OVER w AS first_key,
               first_value(s.occurred_precision) OVER w AS first_precision,
               first_value(s.note) OVER w AS first_note
          FROM s_status s
          JOIN r_mission m ON m.key = s.mission_key
        WINDOW w AS (PARTITION BY s.kind, m.mission_id, s.occurred_on ORDER BY s.line)) d
 WHERE {differs}
"""
STATUS_CONFLICT_CHECKS = [
    (
        "status_changes.csv",
        "occurred_on",
        STATUS_CONFLICTS.format(
            shown="occurred_on::text",
            said="'occurred_on to the ' || first_precision || ' there, to the ' "
            "|| occurred_precision || ' here'",
            differs="occurred_precision IS DISTINCT FROM first_precision",
        ),
    ),
    (
        "status_changes.csv",
        "note",
        STATUS_CONFLICTS.format(
            shown="coalesce(note, '')",
            said="'note ' || coalesce(quote_literal(left(first_note, 60)), 'empty') "
            "|| ' there, ' || coalesce(quote_literal(left(note, 60)), 'empty') || ' here'",
            differs="occurred_precision IS NOT DISTINCT FROM first_precision "
            "AND note IS DISTINCT FROM first_note",
        ),
    ),
]


def _two_keys_one_mission(cur: psycopg.Cursor[Any]) -> bool:
    """Whether any mission has two keys in the bundle (only then can two of its rows
    state one accreditation or change differently)."""
    row = cur.execute(
        "SELECT EXISTS (SELECT FROM r_mission GROUP BY mission_id HAVING count(*) > 1)"
    ).fetchone()
    return bool(row and row[0])


def upsert_status_changes(
    cur: psycopg.Cursor[Any], report: BulkReport, errors: Errors, *, keep: bool = False
) -> None:
    if _two_keys_one_mission(cur):
        run_checks(cur, STATUS_CONFLICT_CHECKS, errors)
        if errors:
            return
    cur.execute(STATUS_CHANGES)
    if keep:
        _keep(cur, report, "status_changes.csv", "d_status", "status_change")
    counts = report.table("status_change")
    counts.superseded = cur.execute(
        close(
            "status_change",
            "SELECT current_id FROM d_status WHERE current_id IS NOT NULL AND changed",
        )
    ).rowcount
    counts.inserted = (
        cur.execute(
            """
            INSERT INTO status_change (kind, occurred_on, occurred_precision, mission_id,
                tenure_id, actor_party_id, actor_authority_id, note, source_id, supersedes_id)
            SELECT d.kind, d.occurred_on, d.occurred_precision, d.mission_id, d.tenure_id,
                   d.actor_party_id, d.actor_authority_id, d.note, d.source_id, d.current_id
              FROM d_status d
             WHERE d.current_id IS NULL OR d.changed
             ORDER BY d.line
            """
        ).rowcount
        - counts.superseded
    )
    counts.unchanged = count(
        cur, "SELECT count(*) FROM d_status WHERE current_id IS NOT NULL AND NOT changed"
    )


EXTERNAL_IDS = """
CREATE TEMP TABLE d_external ON COMMIT DROP AS
SELECT x.line, x.scheme, x.value, x.subject_kind, x.subject_key,
       CASE WHEN x.subject_kind = 'party' THEN p.id END AS party_id,
       CASE WHEN x.subject_kind = 'city' THEN c.city_id END AS city_id,
       CASE WHEN x.subject_kind = 'mission' THEN m.mission_id END AS mission_id,
       CASE WHEN x.subject_kind = 'person' THEN pe.id END AS person_id,
       s.id AS source_id,
       row_number() OVER (PARTITION BY x.scheme, x.value ORDER BY x.line) AS n
  FROM s_external x
  LEFT JOIN party p ON x.subject_kind = 'party' AND p.code = x.subject_key
  LEFT JOIN city_ref c ON x.subject_kind = 'city' AND c.ref = x.subject_key
  LEFT JOIN (SELECT DISTINCT ON (key) key, mission_id FROM r_mission ORDER BY key, line) m
       ON x.subject_kind = 'mission' AND m.key = x.subject_key
  LEFT JOIN person pe ON x.subject_kind = 'person' AND pe.key = x.subject_key
  JOIN src s ON s.key = coalesce(x.source_key, current_setting('registry.bulk_source'))
"""


def upsert_external_ids(
    cur: psycopg.Cursor[Any], report: BulkReport, notices: list[Problem]
) -> None:
    """An identifier names one subject: a conflicting one is reported, never re-pointed."""
    cur.execute(EXTERNAL_IDS)
    conflicts = cur.execute(
        """
        SELECT d.line, d.scheme, d.value, d.subject_kind, d.subject_key FROM d_external d
          LEFT JOIN d_external f ON f.scheme = d.scheme AND f.value = d.value AND f.n = 1
          LEFT JOIN external_id x ON x.scheme = d.scheme AND x.value = d.value
         WHERE (d.n > 1 AND (f.party_id, f.city_id, f.mission_id, f.person_id)
                IS DISTINCT FROM (d.party_id, d.city_id, d.mission_id, d.person_id))
            OR (d.n = 1 AND x.id IS NOT NULL AND (x.party_id, x.city_id, x.mission_id, x.person_id)
                IS DISTINCT FROM (d.party_id, d.city_id, d.mission_id, d.person_id))
        """
    ).fetchall()
    for line, scheme, value, kind, key in conflicts:
        notices.append(
            Problem(
                "external_ids.csv",
                line,
                "value",
                value,
                f"{scheme} {value} already identifies another subject; not given to {kind} {key!r}",
            )
        )
    counts = report.table("external_id")
    counts.inserted = cur.execute(
        """
        INSERT INTO external_id (scheme, value, party_id, city_id, mission_id, person_id, source_id)
        SELECT scheme, value, party_id, city_id, mission_id, person_id, source_id
          FROM d_external WHERE n = 1
        ON CONFLICT (scheme, value) DO NOTHING
        """
    ).rowcount
    counts.unchanged = count(cur, "SELECT count(*) FROM d_external WHERE n = 1") - counts.inserted
