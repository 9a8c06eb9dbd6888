"""Rows -> table | json | jsonl | csv, shared by every command."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

FORMATS = ("table", "json", "jsonl", "csv")


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[tuple[str, str]],
    title: str | None = None,
    caption: str | None = None,
) -> None:
    """columns: (key in the row, heading in the table)."""
    if fmt == "json":
        json.dump(list(rows), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    elif fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(
            sys.stdout, fieldnames=list(rows[0]) if rows else [k for k, _ in columns]
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "; ".join(v) if isinstance(v, list) else v for k, v in row.items()})
    else:
        _table(rows, columns, title, caption)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    title: str | None,
    caption: str | None,
) -> None:
    from rich.console import Console
    from rich.table import Table

    plain = not sys.stdout.isatty() or "NO_COLOR" in os.environ
    console = Console(no_color=plain, highlight=False, width=None if not plain else 200)
    table = Table(title=title, title_justify="left", caption=caption, caption_justify="left")
    for key, heading in columns:
        if key == "source":  # long titles: the start says which; JSON and CSV carry it whole
            table.add_column(heading, no_wrap=True, max_width=32, overflow="ellipsis")
        elif key in ("since", "sending"):
            table.add_column(heading, no_wrap=True)
        else:
            table.add_column(heading, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(key)) for key, _ in columns))
    console.print(table)
