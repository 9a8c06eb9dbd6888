"""Staging: every file of a bundle COPYed into its TEMP table (made from the
specification), checked on the way by registry.bundle.read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import psycopg

from registry.bundle.read import staged_rows
from registry.bundle.report import Errors, Progress
from registry.bundle.spec import FILES
from registry.names import fold

PROGRESS_EVERY = 10_000
STAGING_DDL = "\n".join(f.staging_table() for f in FILES) + (
    "\nCREATE TEMP TABLE s_city_alias (line int, party_code text, key text, alias text,"
    " search_key text) ON COMMIT DROP;"
)


def stage(
    conn: psycopg.Connection[Any],
    directory: Path,
    present: set[str],
    errors: Errors,
    progress: Progress | None,
) -> tuple[str | None, int]:
    """COPY every file present into its staging table; return the default source key
    and the number of rows staged."""
    default_source: str | None = None
    aliases: list[tuple[Any, ...]] = []
    staged = 0
    with conn.cursor() as cur:
        for spec in FILES:
            if spec.file not in present:
                continue
            path = directory / spec.file
            columns = ", ".join(spec.staged())
            count = 0
            with cur.copy(f"COPY {spec.table} ({columns}) FROM STDIN") as copy:
                for row in staged_rows(path, spec, errors):
                    count += 1
                    if spec.table == "s_source" and default_source is None:
                        default_source = row[1]
                    if spec.table == "s_city" and row[5]:
                        for alias in str(row[5]).split("|"):
                            if alias.strip():
                                aliases.append((row[0], row[1], row[2], alias.strip(), fold(alias)))
                    copy.write_row(row)
                    if progress and count % PROGRESS_EVERY == 0:
                        progress(spec.file, count)
            staged += count
            if progress:
                progress(spec.file, count)
        if aliases:
            with cur.copy(
                "COPY s_city_alias (line, party_code, key, alias, search_key) FROM STDIN"
            ) as copy:
                for alias_row in aliases:
                    copy.write_row(alias_row)
        # One statement for them all (one round trip, not one a table).
        cur.execute(f"ANALYZE {', '.join(spec.table for spec in FILES)}")
    return default_source, staged
