"""Upsert of consular districts (districts.csv): the subdivisions of the host a
consular post's district covers. A district row says what the source lists; a
re-import changes nothing."""

from __future__ import annotations

from typing import Any

import psycopg

from registry.bundle.reference import count
from registry.bundle.report import BulkReport


def upsert_districts(cur: psycopg.Cursor[Any], report: BulkReport) -> None:
    total = count(
        cur,
        "SELECT count(*) FROM (SELECT DISTINCT m.mission_id, d.subdivision_code "
        "FROM s_district d JOIN r_mission m ON m.key = d.mission_key) x",
    )
    if not total:
        return  # no district in the bundle: nothing to say of the table
    counts = report.table("mission_jurisdiction")
    counts.inserted = cur.execute(
        """
        INSERT INTO mission_jurisdiction (mission_id, subdivision_id, source_id)
        SELECT DISTINCT ON (m.mission_id, sd.id) m.mission_id, sd.id, s.id
          FROM s_district d
          JOIN r_mission m ON m.key = d.mission_key
          JOIN subdivision sd ON sd.code = d.subdivision_code
          JOIN src s ON s.key = coalesce(d.source_key, current_setting('registry.bulk_source'))
         ORDER BY m.mission_id, sd.id, d.line
        ON CONFLICT (mission_id, subdivision_id) DO NOTHING
        """
    ).rowcount
    counts.unchanged = total - counts.inserted
