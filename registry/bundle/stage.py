"""Staging: every file of a bundle COPYed into its TEMP table (made from the
specification), its rows checked on the way by registry.bundle.read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import psycopg

from registry.bundle.columns import BundleFile
from registry.bundle.report import Progress
from registry.bundle.spec import BY_FILE, FILES
from registry.names import fold

PROGRESS_EVERY = 10_000
STAGING_DDL = "\n".join(f.staging_table() for f in FILES) + (
    "\nCREATE TEMP TABLE s_city_alias (line int, party_code text, key text, alias text,"
    " search_key text) ON COMMIT DROP;"
    "\nCREATE TEMP TABLE s_person_alias (line int, key text, alias text, search_key text)"
    " ON COMMIT DROP;"
)
PERSON_ALIASES = BY_FILE["people.csv"].staged().index("aliases")


def stage(
    conn: psycopg.Connection[Any],
    present: set[str],
    rows_of: Callable[[BundleFile], Iterator[tuple[Any, ...]]],
    progress: Progress | None,
) -> tuple[str | None, int]:
    """COPY every file present into its staging table (``rows_of``: its checked rows,
    from a CSV file or from memory); return the default source key and the number of
    rows staged."""
    default_source: str | None = None
    aliases: list[tuple[Any, ...]] = []
    person_aliases: list[tuple[Any, ...]] = []
    staged = 0
    with conn.cursor() as cur:
        for spec in FILES:
            if spec.file not in present:
                continue
            columns = ", ".join(spec.staged())
            count = 0
            with cur.copy(f"COPY {spec.table} ({columns}) FROM STDIN") as copy:
                for row in rows_of(spec):
                    count += 1
                    if spec.table == "s_source" and default_source is None:
                        default_source = row[1]
                    if spec.table == "s_city" and row[5]:
                        for alias in str(row[5]).split("|"):
                            if alias.strip():
                                aliases.append((row[0], row[1], row[2], alias.strip(), fold(alias)))
                    if spec.table == "s_person" and row[PERSON_ALIASES]:
                        for alias in str(row[PERSON_ALIASES]).split("|"):
                            if alias.strip():
                                person_aliases.append((row[0], row[1], alias.strip(), fold(alias)))
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
        if person_aliases:
            with cur.copy("COPY s_person_alias (line, key, alias, search_key) FROM STDIN") as copy:
                for alias_row in person_aliases:
                    copy.write_row(alias_row)
        # One statement for them all (one round trip, not one a table).
        cur.execute(f"ANALYZE {', '.join(spec.table for spec in FILES)}")
    return default_source, staged
