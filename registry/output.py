"""Rows -> table | json | jsonl | csv, shared by every command.

Text from the database is data, never instructions to the terminal: control
characters (an ESC starting a colour or cursor sequence, a carriage return, the C1
controls), the bidirectional overrides that reorder what follows (Trojan Source) and
the Unicode line separators are shown escaped (``\\x1b``) in tables, plain text and
messages. JSON escapes them (``\\u001b``), so a parser still reads the exact value.
CSV written to a file or a pipe keeps the exact values: it is data for another
program, which parses it and does not interpret it, and an export must not alter a
researcher's values; CSV written to a terminal is escaped like a table, since there
it is read by a person, through a terminal that would act on the controls.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import sys
from collections.abc import Sequence
from itertools import chain
from typing import IO, Any

import orjson

FORMATS = ("table", "tsv", "json", "jsonl", "csv")

# C0 controls but tab and newline, DEL, C1 controls (0x9b is CSI on some terminals),
# bidirectional embeddings, overrides and isolates, line and paragraph separators.
_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE_MULTILINE = re.compile(f"[{_CONTROL}]")
_UNSAFE_LINE = re.compile(f"[{_CONTROL}\t\n]")
# What json.dumps leaves as is (it escapes only C0 controls).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


class OutputError(Exception):
    """Standard output cannot be written (a full disk, a closed descriptor)."""


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str, *, multiline: bool = False) -> str:
    """Text from the data as a terminal may show it: controls escaped, visibly.

    ``multiline`` keeps tabs and newlines (a table cell may span lines); a message
    stays on one line."""
    return (_UNSAFE_MULTILINE if multiline else _UNSAFE_LINE).sub(_escaped, text)


def _json_safe(text: str) -> str:
    """JSON text with the controls json.dumps leaves raw as \\u escapes: the same value
    to a parser (they can only occur inside strings), inert on a terminal."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def json_text(rows: Sequence[dict[str, Any]]) -> str:
    """Rows as ``--format json`` writes them: ``json.dumps(rows, ensure_ascii=False,
    indent=2)``, its controls escaped (_json_safe), then a newline; written by orjson
    when it can (see json_bytes)."""
    data = _orjson(rows)
    return data.decode() if data is not None else _dumps(rows)


def json_bytes(rows: Sequence[dict[str, Any]]) -> bytes:
    """json_text in UTF-8, the web view's JSON twins send these bytes as they are
    (orjson's, never decoded and encoded again). A lone surrogate, which has no UTF-8
    (and which PostgreSQL never holds), raises UnicodeEncodeError as encoding
    json_text would."""
    data = _orjson(rows)
    return data if data is not None else _dumps(rows).encode()


def _dumps(rows: Sequence[dict[str, Any]]) -> str:
    return _json_safe(json.dumps(list(rows), ensure_ascii=False, indent=2)) + "\n"


def _orjson(rows: Sequence[dict[str, Any]]) -> bytes | None:
    """json_text's UTF-8 written by orjson, or None where it cannot be (with
    an indent json.dumps takes its pure-Python encoder: 2 ms for a city of 128
    missions, half the web page's time; orjson 0.15 ms). Only rows of strings,
    integers, booleans, nulls and lists of them (every command's): orjson writes
    floats its own way (6.1e-05 as 0.000061); what it refuses (an int beyond 64 bits,
    a lone surrogate) goes through json.dumps too. tests/test_web.py and
    tests/test_output_hostile.py check on random and hostile rows that both write the
    same text."""
    if _plain(rows):
        with contextlib.suppress(TypeError):
            return _json_safe_utf8(orjson.dumps(rows, option=orjson.OPT_INDENT_2)) + b"\n"
    return None


# _UNSAFE_IN_JSON in UTF-8: DEL; C1 is C2 80-9F; U+2028-202E is E2 80 A8-AE; U+2066-2069
# is E2 81 A6-A9. C2 and E2 only ever begin a character (never continue one), so a
# search for those bytes alone (memchr: microseconds for 200 kB) finds every candidate.
_LEADS = (b"\x7f", b"\xc2", b"\xe2")
_UNSAFE_UTF8 = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]")
_MOST_CANDIDATES = 64  # beyond: one regex pass (as over the text) beats a Python loop


def _json_safe_utf8(data: bytes) -> bytes:
    """_json_safe on orjson's UTF-8, without a regex pass over the whole text (1 ms
    for a city of 343 missions): only where a byte could begin a character to escape
    (text with no DEL, nothing in U+0080-00BF or U+2000-2FFF returns as it is)."""
    candidates: list[int] = []
    for lead in _LEADS:
        at = data.find(lead)
        while at >= 0:
            if len(candidates) == _MOST_CANDIDATES:
                return _UNSAFE_UTF8.sub(_escaped_utf8, data)
            candidates.append(at)
            at = data.find(lead, at + 1)
    if not candidates:
        return data
    parts: list[bytes] = []
    done = 0
    for at in sorted(candidates):
        match = _UNSAFE_UTF8.match(data, at)
        if match:
            parts += (data[done:at], _escaped_utf8(match))
            done = match.end()
    return b"".join((*parts, data[done:])) if parts else data


def _escaped_utf8(match: re.Match[bytes]) -> bytes:
    return b"\\u%04x" % ord(match.group(0).decode())


_PLAIN = frozenset({str, int, bool, type(None)})


def _plain(rows: Sequence[Any]) -> bool:
    """Rows orjson writes as json.dumps does: dicts whose values are of exactly these
    types (no subclass, no float), or lists of them; a key that is not a string
    orjson refuses. The values gathered once (C iterators), their lists picked by one
    comprehension (cheaper than a second pass through filter's method calls)."""
    if not set(map(type, rows)) <= {dict}:
        return False
    values = [*chain.from_iterable(map(dict.values, rows))]
    kinds = set(map(type, values))
    if list in kinds:
        kinds.discard(list)
        listed = chain.from_iterable([v for v in values if type(v) is list])
        if not set(map(type, listed)) <= _PLAIN:
            return False
    return kinds <= _PLAIN


def is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # closed, or not a real stream
        return False


def csv_cell(value: Any, terminal: bool) -> Any:
    """A CSV value: exact for a file or pipe, escaped for a terminal (see above)."""
    return for_terminal(value, multiline=True) if terminal and isinstance(value, str) else value


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[tuple[str, str]],
    title: str | None = None,
    caption: str | None = None,
    wide: bool = False,
) -> None:
    """columns: (key in the row, heading in the table).

    Raises OutputError when standard output cannot be written; a reader that went
    away (``| head -1``) is BrokenPipeError, which the CLI ends quietly."""
    out = sys.stdout
    try:
        if fmt == "json":
            out.write(json_text(rows))
        elif fmt == "jsonl":
            for row in rows:
                out.write(_json_safe(json.dumps(row, ensure_ascii=False)) + "\n")
        elif fmt == "csv":
            terminal = is_terminal(out)
            writer = csv.DictWriter(
                out, fieldnames=list(rows[0]) if rows else [k for k, _ in columns]
            )
            writer.writeheader()
            for row in rows:
                writer.writerow(
                    {
                        k: csv_cell("; ".join(v) if isinstance(v, list) else v, terminal)
                        for k, v in row.items()
                    }
                )
        elif fmt == "tsv":
            from registry.tables import tsv

            cells = [[_terminal_cell(row.get(k)) for k, _ in columns] for row in rows]
            out.write(tsv([h for _, h in columns], cells))
        else:
            _table(rows, columns, title, caption, wide)
        out.flush()  # a write error surfaces here, not at exit as "Exception ignored"
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(exc.strerror or str(exc)) from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _terminal_cell(value: Any, *, multiline: bool = False) -> str:
    """A cell escaped for a terminal; a tuple of text and footnotes in turn
    (render.evidence_cell) keeps its footnotes apart for the table to number
    (tables.NOTE)."""
    if isinstance(value, tuple):  # (text, note, text, note, ...)
        from registry.tables import NOTE

        return NOTE.join(
            for_terminal(part, multiline=multiline and i % 2 == 0) for i, part in enumerate(value)
        )
    return for_terminal(_cell(value), multiline=multiline)


def _table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[tuple[str, str]],
    title: str | None,
    caption: str | None,
    wide: bool,
) -> None:
    """A table for people: fitted to the terminal's width, or when piped or redirected
    to $COLUMNS or 80 columns (a file or a pager is read by a person too; programs ask
    for tsv, csv or json, whose lines never depend on a width). Colour only on a
    terminal, and never with NO_COLOR."""
    import shutil

    from registry.tables import render as render_table

    terminal = is_terminal(sys.stdout)
    width = None if wide else max(shutil.get_terminal_size((80, 24)).columns, 20)
    text = render_table(
        [k for k, _ in columns],
        [h for _, h in columns],
        [[_terminal_cell(row.get(key), multiline=True) for key, _ in columns] for row in rows],
        width=width,
        title=for_terminal(title) if title else None,
        caption=for_terminal(caption, multiline=True) if caption else None,
        color=terminal and "NO_COLOR" not in os.environ,
    )
    sys.stdout.write(text)
