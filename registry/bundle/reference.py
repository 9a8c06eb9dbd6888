"""Upserts of the reference tables (sources, parties, cities and their other names,
people, authorities) and missions: plain tables, not versioned."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg

from registry.bundle.report import BulkReport


def count(cur: psycopg.Cursor[Any], sql: str, params: Sequence[Any] = ()) -> int:
    row = cur.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


def upsert_reference(cur: psycopg.Cursor[Any], report: BulkReport, replace: bool) -> None:
    """Sources and people, updated in place; parties and cities, kept as the registry
    holds them unless ``replace`` (the registry's own seed files: what they say of a
    party or city is its reference)."""
    sources = report.table("source")
    total = count(cur, "SELECT count(DISTINCT key) FROM s_source")
    changed = cur.execute(
        """
        INSERT INTO source (key, title, publisher, url, published_on, published_precision, note)
        SELECT key, title, publisher, url, published_on, published_precision, note
          FROM (SELECT DISTINCT ON (key) * FROM s_source ORDER BY key, line) s
         ORDER BY line  -- ids in the order the rows say them
        ON CONFLICT (key) DO UPDATE SET title = excluded.title, publisher = excluded.publisher,
            url = excluded.url, published_on = excluded.published_on,
            published_precision = excluded.published_precision, note = excluded.note
        WHERE (source.title, source.publisher, source.url, source.published_on,
               source.published_precision, source.note)
              IS DISTINCT FROM (excluded.title, excluded.publisher, excluded.url,
               excluded.published_on, excluded.published_precision, excluded.note)
        RETURNING xmax = 0
        """
    ).fetchall()
    sources.inserted = sum(1 for (new,) in changed if new)
    sources.superseded = len(changed) - sources.inserted
    sources.unchanged = total - len(changed)
    cur.execute("CREATE TEMP TABLE src ON COMMIT DROP AS SELECT key, id FROM source")
    cur.execute("CREATE UNIQUE INDEX ON src (key)")

    _upsert_parties(cur, report, replace)
    _upsert_successions(cur, report, replace)
    _upsert_subdivisions(cur, report, replace)
    _upsert_cities(cur, report, replace)
    people = report.table("person")
    total = count(cur, "SELECT count(DISTINCT key) FROM s_person")
    # Counted in SQL: fetching a row per person would hold the world's people in memory.
    inserted, updated = cur.execute(
        """
        WITH changed AS (
        INSERT INTO person (key, name, search_key, description, source_id)
        SELECT key, name, name_search, description, source_id
          FROM (SELECT DISTINCT ON (p.key) p.line, p.key, p.name, p.name_search,
                       p.description, s.id AS source_id
                  FROM s_person p
                  JOIN src s
                    ON s.key = coalesce(p.source_key, current_setting('registry.bulk_source'))
                 ORDER BY p.key, p.line) p
         -- a person as the registry has them is left alone (not even locked, as the
         -- upsert would lock every person it matches before its WHERE leaves them)
         WHERE NOT EXISTS (SELECT FROM person x WHERE x.key = p.key
                              AND (x.name, x.description)
                                  IS NOT DISTINCT FROM (p.name, p.description))
         ORDER BY line
        ON CONFLICT (key) DO UPDATE SET name = excluded.name, search_key = excluded.search_key,
            description = excluded.description, source_id = excluded.source_id
        WHERE (person.name, person.description) IS DISTINCT FROM
              (excluded.name, excluded.description)
        RETURNING xmax = 0 AS new
        )
        SELECT count(*) FILTER (WHERE new), count(*) FILTER (WHERE NOT new) FROM changed
        """
    ).fetchone() or (0, 0)
    people.inserted = inserted
    people.superseded = updated
    people.unchanged = total - inserted - updated
    aliases = report.table("person_alias")
    total = count(cur, "SELECT count(*) FROM (SELECT DISTINCT key, alias FROM s_person_alias) a")
    aliases.inserted = cur.execute(
        """
        INSERT INTO person_alias (person_id, alias, search_key, source_id)
        SELECT DISTINCT ON (pe.id, a.alias) pe.id, a.alias, a.search_key, s.id
          FROM s_person_alias a JOIN s_person p ON p.line = a.line
          JOIN person pe ON pe.key = a.key
          JOIN src s ON s.key = coalesce(p.source_key, current_setting('registry.bulk_source'))
         ORDER BY pe.id, a.alias, a.line
        ON CONFLICT (person_id, alias) DO NOTHING
        """
    ).rowcount
    aliases.unchanged = total - aliases.inserted
    upsert_authorities(cur, report)


def _counted(cur: psycopg.Cursor[Any], upsert: str) -> tuple[int, int]:
    """Rows an upsert (RETURNING xmax = 0 AS new) inserted, and rows it updated."""
    row = cur.execute(
        f"WITH changed AS ({upsert} RETURNING xmax = 0 AS new) "
        "SELECT count(*) FILTER (WHERE new), count(*) FILTER (WHERE NOT new) FROM changed"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _tally(report: BulkReport, table: str, total: int, changed: tuple[int, int]) -> None:
    counts = report.table(table)
    counts.inserted, counts.superseded = changed
    counts.unchanged = total - sum(changed)


def _upsert_parties(cur: psycopg.Cursor[Any], report: BulkReport, replace: bool) -> None:
    """Parties, in the order the rows name them (ids too), then every name they go by:
    each party's own, and aliases.csv's."""
    # Dates of existence and a COW number a row leaves empty are kept as held.
    update = (
        "DO UPDATE SET name = excluded.name, kind = excluded.kind, "
        "iso_alpha3 = excluded.iso_alpha3, source_id = excluded.source_id, "
        "existed = coalesce(excluded.existed, party.existed), "
        "cow_code = coalesce(excluded.cow_code, party.cow_code) "
        "WHERE (party.name, party.kind, party.iso_alpha3, party.source_id, party.existed, "
        "party.cow_code) IS DISTINCT FROM (excluded.name, excluded.kind, excluded.iso_alpha3, "
        "excluded.source_id, coalesce(excluded.existed, party.existed), "
        "coalesce(excluded.cow_code, party.cow_code))"
    )
    total = count(cur, "SELECT count(DISTINCT code) FROM s_party")
    changed = _counted(
        cur,
        f"""
        INSERT INTO party (code, name, kind, iso_alpha3, existed, cow_code, source_id)
        SELECT code, name, kind, iso_alpha3, existed, cow_code, source_id
          FROM (SELECT DISTINCT ON (code) p.line, code, name, kind, iso_alpha3,
                       CASE WHEN num_nonnulls(existed_from, existed_until) > 0
                            THEN daterange(existed_from, existed_until, '[)') END AS existed,
                       cow_code::smallint AS cow_code, s.id AS source_id FROM s_party p
                  JOIN src s
                    ON s.key = coalesce(p.source_key, current_setting('registry.bulk_source'))
                 ORDER BY code, line) p
         ORDER BY line
        ON CONFLICT (code) {update if replace else "DO NOTHING"}
        """,
    )
    _tally(report, "party", total, changed)
    cur.execute(
        """
        CREATE TEMP TABLE r_party_alias ON COMMIT DROP AS
        SELECT DISTINCT ON (pa.id, g.alias) pa.id AS party_id, g.alias, g.search_key, g.valid,
               s.id AS source_id
          FROM (SELECT line, 0 AS part, code, name AS alias, name_search AS search_key,
                       NULL::daterange AS valid, source_key FROM s_party
                UNION ALL
                SELECT line, 1, subject_key, alias, alias_search,
                       CASE WHEN num_nonnulls(valid_from, valid_until) > 0
                            THEN daterange(valid_from, valid_until, '[)') END, source_key
                  FROM s_alias WHERE subject_kind = 'party') g
          JOIN party pa ON pa.code = g.code
          JOIN src s ON s.key = coalesce(g.source_key, current_setting('registry.bulk_source'))
         ORDER BY pa.id, g.alias, g.valid IS NULL, g.part DESC, g.line  -- aliases.csv's first
        """
    )
    # An undated name leaves a period the registry holds for it (a dated former name
    # from registry/data: the seed files name it too).
    update = (
        "DO UPDATE SET search_key = excluded.search_key, source_id = excluded.source_id, "
        "valid = coalesce(excluded.valid, party_alias.valid) "
        "WHERE (party_alias.search_key, party_alias.source_id, party_alias.valid) "
        "IS DISTINCT FROM (excluded.search_key, excluded.source_id, "
        "coalesce(excluded.valid, party_alias.valid))"
    )
    changed = _counted(
        cur,
        f"""
        INSERT INTO party_alias (party_id, alias, search_key, valid, source_id)
        SELECT party_id, alias, search_key, valid, source_id FROM r_party_alias
         ORDER BY party_id, alias COLLATE "C"
        ON CONFLICT (party_id, alias) {update if replace else "DO NOTHING"}
        """,
    )
    _tally(report, "party_alias", count(cur, "SELECT count(*) FROM r_party_alias"), changed)


def _upsert_successions(cur: psycopg.Cursor[Any], report: BulkReport, replace: bool) -> None:
    total = count(cur, "SELECT count(*) FROM s_succession")
    if not total:
        return
    update = (
        "DO UPDATE SET how = excluded.how, occurred_on = excluded.occurred_on, "
        "occurred_precision = excluded.occurred_precision, source_id = excluded.source_id "
        "WHERE (party_succession.how, party_succession.occurred_on, "
        "party_succession.occurred_precision, party_succession.source_id) IS DISTINCT FROM "
        "(excluded.how, excluded.occurred_on, excluded.occurred_precision, excluded.source_id)"
    )
    changed = _counted(
        cur,
        f"""
        INSERT INTO party_succession (predecessor_id, successor_id, how, occurred_on,
                                      occurred_precision, source_id)
        SELECT a.id, b.id, x.how, x.occurred_on, x.occurred_precision, s.id
          FROM s_succession x
          JOIN party a ON a.code = x.predecessor_code JOIN party b ON b.code = x.successor_code
          JOIN src s ON s.key = coalesce(x.source_key, current_setting('registry.bulk_source'))
         ORDER BY x.line
        ON CONFLICT (predecessor_id, successor_id) {update if replace else "DO NOTHING"}
        """,
    )
    _tally(report, "party_succession", total, changed)


def _upsert_subdivisions(cur: psycopg.Cursor[Any], report: BulkReport, replace: bool) -> None:
    total = count(cur, "SELECT count(*) FROM s_subdivision")
    if not total:
        return
    update = (
        "DO UPDATE SET party_id = excluded.party_id, name = excluded.name, "
        "search_key = excluded.search_key, type = excluded.type, "
        "parent_code = excluded.parent_code, source_id = excluded.source_id "
        "WHERE (subdivision.party_id, subdivision.name, subdivision.type, "
        "subdivision.parent_code, subdivision.source_id) IS DISTINCT FROM (excluded.party_id, "
        "excluded.name, excluded.type, excluded.parent_code, excluded.source_id)"
    )
    changed = _counted(
        cur,
        f"""
        INSERT INTO subdivision (code, party_id, name, search_key, type, parent_code, source_id)
        SELECT x.code, p.id, x.name, x.name_search, x.type, x.parent_code, s.id
          FROM s_subdivision x JOIN party p ON p.code = x.party_code
          JOIN src s ON s.key = coalesce(x.source_key, current_setting('registry.bulk_source'))
         ORDER BY x.line
        ON CONFLICT (code) {update if replace else "DO NOTHING"}
        """,
    )
    _tally(report, "subdivision", total, changed)


def _upsert_cities(cur: psycopg.Cursor[Any], report: BulkReport, replace: bool) -> None:
    """Cities, in the order the rows name them (ids too); their names after city_ref."""
    update = (
        "DO UPDATE SET name = excluded.name, search_key = excluded.search_key, "
        "source_id = excluded.source_id "
        "WHERE (city.name, city.search_key, city.source_id) IS DISTINCT FROM "
        "(excluded.name, excluded.search_key, excluded.source_id)"
    )
    total = count(cur, "SELECT count(*) FROM (SELECT DISTINCT party_code, key FROM s_city) c")
    changed = _counted(
        cur,
        f"""
        INSERT INTO city (party_id, key, name, search_key, source_id)
        SELECT party_id, key, name, search_key, source_id
          FROM (SELECT DISTINCT ON (p.id, c.key) c.line, p.id AS party_id, c.key, c.name,
                       c.name_search AS search_key, s.id AS source_id
                  FROM s_city c JOIN party p ON p.code = c.party_code
                  JOIN src s
                    ON s.key = coalesce(c.source_key, current_setting('registry.bulk_source'))
                 ORDER BY p.id, c.key, c.line) c
         ORDER BY line
        ON CONFLICT (party_id, key) {update if replace else "DO NOTHING"}
        """,
    )
    _tally(report, "city", total, changed)


def upsert_city_aliases(cur: psycopg.Cursor[Any], report: BulkReport, replace: bool) -> None:
    """Cities' other names: cities.csv's (citing the city's source) and aliases.csv's
    (found by city_ref; checked to be one city before)."""
    cur.execute(
        """
        CREATE TEMP TABLE r_city_alias ON COMMIT DROP AS
        SELECT DISTINCT ON (g.city_id, g.alias) g.city_id, g.alias, g.search_key, g.valid,
               g.source_id, g.line
          FROM (SELECT a.line, 0 AS part, ci.id AS city_id, a.alias, a.search_key,
                       NULL::daterange AS valid, ci.source_id
                  FROM s_city_alias a JOIN party p ON p.code = a.party_code
                  JOIN city ci ON ci.party_id = p.id AND ci.key = a.key
                UNION ALL
                SELECT a.line, 1, r.city_id, a.alias, a.alias_search,
                       CASE WHEN num_nonnulls(a.valid_from, a.valid_until) > 0
                            THEN daterange(a.valid_from, a.valid_until, '[)') END, s.id
                  FROM s_alias a JOIN city_ref r ON r.ref = a.subject_key
                  JOIN src s
                    ON s.key = coalesce(a.source_key, current_setting('registry.bulk_source'))
                 WHERE a.subject_kind = 'city') g
         ORDER BY g.city_id, g.alias, g.valid IS NULL, g.part DESC, g.line
        """
    )
    update = (
        "DO UPDATE SET search_key = excluded.search_key, valid = excluded.valid, "
        "source_id = excluded.source_id "
        "WHERE (city_alias.search_key, city_alias.valid, city_alias.source_id) "
        "IS DISTINCT FROM (excluded.search_key, excluded.valid, excluded.source_id)"
    )
    changed = _counted(
        cur,
        f"""
        INSERT INTO city_alias (city_id, alias, search_key, valid, source_id)
        SELECT city_id, alias, search_key, valid, source_id FROM r_city_alias
         ORDER BY city_id, line
        ON CONFLICT (city_id, alias) {update if replace else "DO NOTHING"}
        """,
    )
    _tally(report, "city_alias", count(cur, "SELECT count(*) FROM r_city_alias"), changed)


def upsert_authorities(cur: psycopg.Cursor[Any], report: BulkReport) -> None:
    """Authorities by key, updated in place (after the parties they govern)."""
    authorities = report.table("authority")
    total = count(cur, "SELECT count(DISTINCT key) FROM s_authority")
    if not total:
        return
    inserted, updated = cur.execute(
        """
        WITH changed AS (
        INSERT INTO authority (key, party_id, name, valid, source_id)
        SELECT key, party_id, name, valid, source_id
          FROM (SELECT DISTINCT ON (a.key) a.line, a.key, p.id AS party_id, a.name,
                       daterange(a.valid_from, a.valid_until, '[)') AS valid, s.id AS source_id
                  FROM s_authority a JOIN party p ON p.code = a.party_code
                  JOIN src s
                    ON s.key = coalesce(a.source_key, current_setting('registry.bulk_source'))
                 ORDER BY a.key, a.line) a
         ORDER BY line
        ON CONFLICT (key) DO UPDATE SET party_id = excluded.party_id, name = excluded.name,
            valid = excluded.valid, source_id = excluded.source_id
        WHERE (authority.party_id, authority.name, authority.valid, authority.source_id)
              IS DISTINCT FROM
              (excluded.party_id, excluded.name, excluded.valid, excluded.source_id)
        RETURNING xmax = 0 AS new
        )
        SELECT count(*) FILTER (WHERE new), count(*) FILTER (WHERE NOT new) FROM changed
        """
    ).fetchone() or (0, 0)
    authorities.inserted = inserted
    authorities.superseded = updated
    authorities.unchanged = total - inserted - updated


MISSIONS = """
CREATE TEMP TABLE r_mission ON COMMIT DROP AS
SELECT m.line, m.key, sp.id AS sending_id, hp.id AS host_id, c.id AS city_id, m.kind,
       op.id AS organisation_id, m.seat_inferred, s.id AS source_id, m.listed_as,
       NULL::int AS mission_id
  FROM s_mission m
  JOIN party sp ON sp.code = m.sending_code
  JOIN party hp ON hp.code = m.host_code
  LEFT JOIN city c ON c.party_id = hp.id AND c.key = m.city_key
  LEFT JOIN party op ON op.code = m.organisation_code
  JOIN src s ON s.key = coalesce(m.source_key, current_setting('registry.bulk_source'));
CREATE INDEX ON r_mission (key);
ANALYZE r_mission;
"""


def upsert_missions(cur: psycopg.Cursor[Any], report: BulkReport) -> None:
    cur.execute(MISSIONS)
    counts = report.table("mission")
    total = count(
        cur,
        "SELECT count(*) FROM (SELECT DISTINCT sending_id, host_id, city_id, kind, "
        "organisation_id "
        "FROM r_mission) m",
    )
    counts.inserted = cur.execute(
        """
        INSERT INTO mission (sending_party_id, host_party_id, city_id, kind, organisation_id,
                             seat_inferred, source_id)
        SELECT sending_id, host_id, city_id, kind, organisation_id, seat_inferred, source_id
          FROM (SELECT DISTINCT ON (sending_id, host_id, city_id, kind, organisation_id) *
                  FROM r_mission
                 ORDER BY sending_id, host_id, city_id, kind, organisation_id, seat_inferred,
                          line) m
         ORDER BY line  -- ids in the order the rows say them
        ON CONFLICT (sending_party_id, host_party_id, city_id, kind, organisation_id)
        DO NOTHING
        """
    ).rowcount
    # A seat some source states beats one inferred (from the host's capital).
    counts.superseded = cur.execute(
        """
        UPDATE mission m SET seat_inferred = false FROM r_mission r
         WHERE m.seat_inferred AND NOT r.seat_inferred
           AND (m.sending_party_id, m.host_party_id, m.kind) = (r.sending_id, r.host_id, r.kind)
           AND coalesce(m.city_id, 0) = coalesce(r.city_id, 0)
           AND coalesce(m.organisation_id, 0) = coalesce(r.organisation_id, 0)
        """
    ).rowcount
    counts.unchanged = total - counts.inserted - counts.superseded
    cur.execute(
        """
        UPDATE r_mission r SET mission_id = m.id FROM mission m
         WHERE (m.sending_party_id, m.host_party_id, m.kind) = (r.sending_id, r.host_id, r.kind)
           AND coalesce(m.city_id, 0) = coalesce(r.city_id, 0)
           AND coalesce(m.organisation_id, 0) = coalesce(r.organisation_id, 0)
        """
    )
    sources = report.table("mission_source")
    total = count(
        cur, "SELECT count(*) FROM (SELECT DISTINCT mission_id, source_id FROM r_mission) m"
    )
    sources.inserted = cur.execute(
        """
        INSERT INTO mission_source (mission_id, source_id, listed_as)
        SELECT DISTINCT ON (mission_id, source_id) mission_id, source_id, listed_as
          FROM r_mission ORDER BY mission_id, source_id, line
        ON CONFLICT (mission_id, source_id) DO NOTHING
        """
    ).rowcount
    sources.unchanged = total - sources.inserted
