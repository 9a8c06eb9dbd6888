"""Where a full rebuild of both timelines goes, on a loaded database: each
definition computed alone (revision 0014's heads_timeline_of(), installed as
pg_temp.heads_timeline_of_0014, and the current one, as refresh_heads_timeline()
runs it for many missions), then the rows written: the DELETE and INSERT of each
table, indexes, primary key and foreign key included. One transaction, rolled back.

    .venv/bin/python benchmarks/timeline_parts.py postgresql://postgres@127.0.0.1:5432/DB
"""

from __future__ import annotations

import re
import sys
import time
from typing import Any

import psycopg
from psycopg import sql

from registry.sql import frozen


def timed(conn: psycopg.Connection[Any], label: str, statement: sql.Composable | str) -> None:
    start = time.perf_counter()
    cursor = conn.execute(statement)  # type: ignore[arg-type]
    print(f"{label:52s} {time.perf_counter() - start:7.2f} s  {cursor.rowcount:>8} rows")


def main(url: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("SET statement_timeout = 0")
        text = frozen.text("public.heads_timeline_of", "0014")
        found = re.search(r"CREATE (?:OR REPLACE )?FUNCTION .*?\n\$\$;", text, re.S)
        assert found is not None
        old = found.group(0).replace("FUNCTION heads_timeline_of(", "FUNCTION pg_temp.hto_0014(")
        conn.execute(old)  # type: ignore[call-overload]
        # A literal array, as a plpgsql caller's custom plan has it (the SQL function inlined).
        ids = sql.Literal([r[0] for r in conn.execute("SELECT id FROM mission")])
        timed(
            conn,
            "heads_timeline_of() of 0014, computed",
            sql.SQL("CREATE TEMP TABLE o AS SELECT * FROM pg_temp.hto_0014({})").format(ids),
        )
        conn.execute("SET LOCAL enable_nestloop = off")
        timed(
            conn,
            "heads_timeline_of() now, computed",
            sql.SQL("CREATE TEMP TABLE h AS SELECT * FROM heads_timeline_of({})").format(ids),
        )
        conn.execute("RESET enable_nestloop")
        timed(
            conn,
            "mission_timeline_of(), computed",
            sql.SQL("CREATE TEMP TABLE m AS SELECT * FROM mission_timeline_of({})").format(ids),
        )
        timed(conn, "DELETE FROM heads_timeline", "DELETE FROM heads_timeline")
        timed(
            conn,
            "INSERT INTO heads_timeline (indexes, PK, FK)",
            "INSERT INTO heads_timeline SELECT * FROM h",
        )
        timed(conn, "DELETE FROM mission_timeline", "DELETE FROM mission_timeline")
        timed(
            conn,
            "INSERT INTO mission_timeline (PK, FK)",
            "INSERT INTO mission_timeline SELECT * FROM m",
        )
        for table, rows in (("heads_timeline", "h"), ("mission_timeline", "m")):
            bare = sql.Identifier(f"bare_{table}")
            conn.execute(
                sql.SQL("CREATE TEMP TABLE {} (LIKE {})").format(bare, sql.Identifier(table))
            )
            insert = sql.SQL("INSERT INTO {} SELECT * FROM {}").format(bare, sql.Identifier(rows))
            timed(conn, f"INSERT into a copy of {table} with no index", insert)
        conn.rollback()


if __name__ == "__main__":
    main(sys.argv[1])
