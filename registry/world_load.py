"""Writing the world's reference data (registry.world) in the loader's transaction,
after the ISO 3166 parties: kinds, dates of existence and QIDs of the parties beyond
ISO 3166-1, dated names, COW codes, successions and the ISO 3166-2 subdivisions.

Set-based and idempotent: each statement writes only what differs from the database
and the report counts only what changed (a load that changes nothing says so)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text

from registry import world
from registry.names import fold


def _count(report: Any, table: str, outcome: str, n: int) -> None:
    for _ in range(max(n, 0)):
        report.add(table, outcome)


def load_world(conn: Connection, report: Any, iso_source: int, reference_source: int) -> None:
    parties = list(world.reference_parties().values())
    inserted = conn.execute(
        text(
            """
            INSERT INTO party (code, name, kind, existed, source_id)
            SELECT code, name, kind, CASE WHEN num_nonnulls(f, u) > 0
                   THEN daterange(f, u, '[)') END, :src
              FROM unnest(CAST(:codes AS text[]), CAST(:names AS text[]),
                          CAST(:kinds AS text[]), CAST(:froms AS date[]),
                          CAST(:untils AS date[])) AS r(code, name, kind, f, u)
            ON CONFLICT (code) DO NOTHING
            """
        ),
        {
            "src": reference_source,
            "codes": [p.code for p in parties],
            "names": [p.name for p in parties],
            "kinds": [p.kind for p in parties],
            "froms": [p.existed_from for p in parties],
            "untils": [p.existed_until for p in parties],
        },
    ).rowcount
    _count(report, "party", "inserted", inserted)
    # Parties held (from ISO 3166, a seed file or an import): their kind and dates.
    updated = conn.execute(
        text(
            """
            UPDATE party SET kind = r.kind, existed = CASE WHEN num_nonnulls(r.f, r.u) > 0
                   THEN daterange(r.f, r.u, '[)') ELSE party.existed END
              FROM unnest(CAST(:codes AS text[]), CAST(:kinds AS text[]),
                          CAST(:froms AS date[]), CAST(:untils AS date[])) AS r(code, kind, f, u)
             WHERE party.code = r.code
               AND (party.kind, party.existed) IS DISTINCT FROM
                   (r.kind, CASE WHEN r.f IS NULL AND r.u IS NULL THEN party.existed
                                 ELSE daterange(r.f, r.u, '[)') END)
            """
        ),
        {
            "codes": [p.code for p in parties],
            "kinds": [p.kind for p in parties],
            "froms": [p.existed_from for p in parties],
            "untils": [p.existed_until for p in parties],
        },
    ).rowcount
    cow = world.cow_codes()
    # A COW code given to a party it was missing from is not news; one changed is.
    recoded = conn.execute(
        text(
            """
            WITH held AS (SELECT id, cow_code FROM party)
            UPDATE party SET cow_code = r.ccode
              FROM unnest(CAST(:codes AS text[]), CAST(:ccodes AS smallint[])) AS r(code, ccode),
                   held
             WHERE party.code = r.code AND held.id = party.id
               AND party.cow_code IS DISTINCT FROM r.ccode
            RETURNING held.cow_code IS NOT NULL
            """
        ),
        {"codes": list(cow), "ccodes": list(cow.values())},
    ).fetchall()
    updated += sum(1 for (was,) in recoded if was)
    _count(report, "party", "updated", updated)

    # Names: the reference parties' aliases (undated), dated names, former codes.
    alias_rows: list[tuple[str, str, Any, Any]] = []
    for p in parties:
        alias_rows += [(p.code, a, None, None) for a in (p.name, *p.aliases)]
    for n in world.dated_names():
        alias_rows.append((n.code, n.name, n.valid_from, n.valid_until))
        if n.former_code:
            alias_rows.append((n.code, n.former_code, None, None))
    params = {
        "src": reference_source,
        "codes": [r[0] for r in alias_rows],
        "aliases": [r[1] for r in alias_rows],
        "keys": [fold(r[1]) for r in alias_rows],
        "dated": [r[2] is not None or r[3] is not None for r in alias_rows],
        "froms": [r[2] for r in alias_rows],
        "untils": [r[3] for r in alias_rows],
    }
    changed = conn.execute(
        text(
            """
            INSERT INTO party_alias (party_id, alias, search_key, source_id, valid)
            SELECT DISTINCT ON (p.id, r.alias) p.id, r.alias, r.key, :src,
                   CASE WHEN r.dated THEN daterange(r.f, r.u, '[)') END
              FROM unnest(CAST(:codes AS text[]), CAST(:aliases AS text[]),
                          CAST(:keys AS text[]), CAST(:dated AS boolean[]),
                          CAST(:froms AS date[]), CAST(:untils AS date[]))
                   AS r(code, alias, key, dated, f, u)
              JOIN party p ON p.code = r.code
             ORDER BY p.id, r.alias, r.dated DESC
            ON CONFLICT (party_id, alias) DO UPDATE SET valid = excluded.valid
             WHERE excluded.valid IS NOT NULL AND party_alias.valid IS DISTINCT FROM excluded.valid
            RETURNING xmax = 0
            """
        ),
        params,
    ).fetchall()
    _count(report, "party_alias", "inserted", sum(1 for (new,) in changed if new))
    _count(report, "party_alias", "updated", sum(1 for (new,) in changed if not new))

    with_qid = [p for p in parties if p.qid]
    _count(
        report,
        "external_id",
        "inserted",
        conn.execute(
            text(
                """
                INSERT INTO external_id (scheme, value, party_id, source_id)
                SELECT 'wikidata', r.qid, p.id, :src
                  FROM unnest(CAST(:codes AS text[]), CAST(:qids AS text[])) AS r(code, qid)
                  JOIN party p ON p.code = r.code
                ON CONFLICT (scheme, value) DO NOTHING
                """
            ),
            {
                "src": reference_source,
                "codes": [p.code for p in with_qid],
                "qids": [p.qid for p in with_qid],
            },
        ).rowcount,
    )

    links = world.successions()
    _count(
        report,
        "party_succession",
        "inserted",
        conn.execute(
            text(
                """
                INSERT INTO party_succession (predecessor_id, successor_id, how, occurred_on,
                                              occurred_precision, source_id)
                SELECT a.id, b.id, r.how, r.day, 'day', :src
                  FROM unnest(CAST(:before AS text[]), CAST(:after AS text[]),
                              CAST(:hows AS text[]), CAST(:days AS date[])) AS r(a, b, how, day)
                  JOIN party a ON a.code = r.a JOIN party b ON b.code = r.b
                ON CONFLICT (predecessor_id, successor_id) DO NOTHING
                """
            ),
            {
                "src": reference_source,
                "before": [s.predecessor for s in links],
                "after": [s.successor for s in links],
                "hows": [s.how for s in links],
                "days": [s.occurred_on for s in links],
            },
        ).rowcount,
    )

    subs = world.subdivisions()
    _count(
        report,
        "subdivision",
        "inserted",
        conn.execute(
            text(
                """
                INSERT INTO subdivision (code, party_id, name, search_key, type, parent_code,
                                         source_id)
                SELECT r.code, p.id, r.name, r.key, r.type, r.parent, :src
                  FROM unnest(CAST(:codes AS text[]), CAST(:countries AS text[]),
                              CAST(:names AS text[]), CAST(:keys AS text[]),
                              CAST(:types AS text[]), CAST(:parents AS text[]))
                       AS r(code, country, name, key, type, parent)
                  JOIN party p ON p.code = r.country
                ON CONFLICT (code) DO NOTHING
                """
            ),
            {
                "src": iso_source,
                "codes": [s.code for s in subs],
                "countries": [s.country for s in subs],
                "names": [s.name for s in subs],
                "keys": [fold(s.name) for s in subs],
                "types": [s.type for s in subs],
                "parents": [s.parent for s in subs],
            },
        ).rowcount,
    )
