"""docs/analysts.md, kept true by the database: generated sections rewritten in place.

The page is hand-written prose with marked sections that this module rewrites:

- ``dictionary``: every view, column and function of the ``reporting`` schema, from
  the catalog's ``COMMENT ON`` text (so the comments in registry/views/reporting.sql
  are the one place to edit);
- ``er``: a Mermaid ER diagram of the base tables from ``registry.models``.

Each example report is a ```sql block followed by its expected result as a
Markdown table; ``--refresh-examples`` reruns them and rewrites the tables
(review the diff). tests/test_reporting.py fails when a generated section is stale
and runs every example as ``registry_analyst`` against the seeds.

    python -m registry.docs                      # rewrite docs/analysts.md in place
    python -m registry.docs --check              # exit 1 if it is stale
    python -m registry.docs --refresh-examples   # also rerun the examples' results

docs/cli.md and the README's command tables come from the commands' --help instead,
with no database: ``python -m registry.cli_docs`` (registry/cli_docs.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import MetaData

DOC = Path(__file__).resolve().parent.parent / "docs" / "analysts.md"

# What an administrator runs to give a person read access (docs/analysts.md shows it;
# the tests run it). Settings on registry_analyst apply only to sessions that log in
# as registry_analyst itself, never to its members, so each login gets its own.
GRANT_LOGIN_SQL = """\
CREATE ROLE {name} LOGIN PASSWORD {password} IN ROLE registry_analyst;
ALTER ROLE {name} SET default_transaction_read_only = on;
ALTER ROLE {name} SET statement_timeout = '30s';"""

_SECTION = re.compile(
    r"(<!-- generated: (?P<name>[a-z-]+) .*?-->\n)(?P<body>.*?)(<!-- end generated: (?P=name) -->)",
    re.S,
)
# A ```sql block directly followed by a result table; a block without one (an
# illustration, not a report) is left alone, and never swallows the next block.
_EXAMPLE = re.compile(r"```sql\n(?P<sql>(?:(?!```).)*?)```\n\n(?P<table>(?:\|[^\n]*\n)+)", re.S)


class MissingComment(Exception):
    pass


def dictionary(conn: psycopg.Connection[Any]) -> str:
    """The reporting schema's views, columns and functions as Markdown, from the catalog."""
    out: list[str] = []
    views = conn.execute(
        "SELECT c.oid, c.relname, obj_description(c.oid, 'pg_class')"
        "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'reporting' AND c.relkind IN ('v', 'm')"
        " ORDER BY c.relname"
    ).fetchall()
    for oid, name, comment in views:
        if not comment:
            raise MissingComment(f"view reporting.{name} has no comment")
        out += [f"### `reporting.{name}`", "", comment, ""]
        out += ["| column | type | meaning |", "|---|---|---|"]
        columns = conn.execute(
            "SELECT attname, format_type(atttypid, atttypmod), col_description(attrelid, attnum)"
            "  FROM pg_attribute WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped"
            " ORDER BY attnum",
            (oid,),
        ).fetchall()
        for column, type_, description in columns:
            if not description:
                raise MissingComment(f"column reporting.{name}.{column} has no comment")
            out.append(f"| `{column}` | {type_} | {_escape(description)} |")
        out.append("")
    functions = conn.execute(
        "SELECT p.proname, pg_get_function_identity_arguments(p.oid),"
        "       pg_get_function_result(p.oid), obj_description(p.oid, 'pg_proc')"
        "  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = 'reporting' ORDER BY p.proname, 2"
    ).fetchall()
    for name, arguments, result, comment in functions:
        if not comment:
            raise MissingComment(f"function reporting.{name}({arguments}) has no comment")
        out += [f"### `reporting.{name}({arguments})`", "", comment, ""]
        match = re.fullmatch(r"TABLE\((.*)\)", result, re.S)
        if match:
            out += ["| result column | type |", "|---|---|"]
            for part in match.group(1).split(", "):
                column, _, type_ = part.partition(" ")
                out.append(f"| `{column}` | {type_} |")
        else:
            out.append(f"Returns {result}.")
        out.append("")
    return "\n".join(out)


def er_diagram(metadata: MetaData) -> str:
    """A Mermaid erDiagram of the tables, columns and foreign keys."""
    out = ["```mermaid", "erDiagram"]
    tables = sorted(metadata.tables.values(), key=lambda t: t.name)
    for table in tables:
        out.append(f"    {table.name} {{")
        fk_columns = {c.name for fk in table.foreign_key_constraints for c in fk.columns}
        for column in table.columns:
            flags = (("PK", column.primary_key), ("FK", column.name in fk_columns))
            keys = [key for key, on in flags if on]
            type_ = re.sub(r"\W", "_", str(column.type.compile()).lower())
            out.append(f"        {type_} {column.name}{' ' + ','.join(keys) if keys else ''}")
        out.append("    }")
    for table in tables:
        for fk in sorted(table.foreign_key_constraints, key=lambda f: list(f.column_keys)):
            referred = fk.referred_table.name
            optional = any(c.nullable for c in fk.columns)
            left = "|o" if optional else "||"
            label = ", ".join(fk.column_keys)
            out.append(f'    {referred} {left}--o{{ {table.name} : "{label}"')
    out.append("```")
    return "\n".join(out)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(cell(v) for v in value)
    return _escape(str(value))


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def result_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A query result as the Markdown table the examples are checked against."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Example:
    sql: str
    expected: str


def examples(text: str) -> list[Example]:
    """Every ```sql block of the page with the result table that follows it."""
    return [Example(m.group("sql"), m.group("table")) for m in _EXAMPLE.finditer(text)]


def run_example(conn: psycopg.Connection[Any], sql: str) -> str:
    cur = conn.execute(sql)
    columns = [d.name for d in cur.description or []]
    return result_table(columns, cur.fetchall())


def render(text: str, conn: psycopg.Connection[Any], *, refresh_examples: bool = False) -> str:
    """The page with its generated sections (and, if asked, example results) rewritten."""
    from registry.models import Base

    generated = {"dictionary": dictionary(conn), "er": er_diagram(Base.metadata)}

    def section(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in generated:
            raise KeyError(f"unknown generated section {name!r}")
        return match.group(1) + generated[name] + "\n" + match.group(4)

    text = _SECTION.sub(section, text)
    if refresh_examples:
        text = _EXAMPLE.sub(
            lambda m: f"```sql\n{m.group('sql')}```\n\n{run_example(conn, m.group('sql'))}", text
        )
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m registry.docs", description=__doc__)
    parser.add_argument("--database-url", help="Default: as for `registry`.")
    parser.add_argument("--check", action="store_true", help="Exit 1 if the page is stale.")
    parser.add_argument("--refresh-examples", action="store_true")
    parser.add_argument("path", nargs="?", type=Path, default=DOC)
    args = parser.parse_args(argv)

    import click

    from registry.cli_common import connect

    text = args.path.read_text(encoding="utf-8")
    try:
        conn = connect(args.database_url)
    except click.exceptions.Exit as exc:  # connect() has printed the one-line reason
        return exc.exit_code
    with conn:
        new = render(text, conn, refresh_examples=args.refresh_examples)
        conn.rollback()
    if args.check:
        if new != text:
            print(f"{args.path} is stale: run python -m registry.docs", file=sys.stderr)
            return 1
        return 0
    if new != text:
        args.path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
