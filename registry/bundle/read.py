"""Reading a bundle's CSV files safely: UTF-8 checked byte by byte, headers against the
specification, every field against its limit and kind on the way to staging, so an
error names file, line and field (and the database never sees a value it would refuse
without a line). Also unmapped.csv, which is printed, never stored."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from registry import limits
from registry.bundle.columns import BundleFile, Column
from registry.bundle.report import SEVERITIES, Errors, Problem
from registry.bundle.spec import UNMAPPED
from registry.dates import PartialDate
from registry.names import did_you_mean, fold

_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


# --- reading CSV safely -----------------------------------------------------------------


class FileProblem(Exception):
    """A file that cannot be read as UTF-8 CSV at all from some line on (one line)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


# What a mistyped column name may look like; anything else is not echoed back.
_LOOKS_LIKE_A_COLUMN = re.compile(r"[A-Za-z_][A-Za-z0-9_ .-]{0,63}\Z")


def csv_records(
    path: Path,
    name: str,
    *,
    delimiter: str = ",",
    limits_of: Callable[[str], int | None] = lambda _column: None,
) -> Iterator[tuple[int, list[str]]]:
    """A CSV file's records with the line each ends on, the header first.

    UTF-8, with or without a byte order mark. Raises FileProblem naming the line for
    what the csv module would raise a traceback for: a file that cannot be opened, a
    byte that is not UTF-8 (or a UTF-16 file), a field over the csv module's limit
    (``limits_of(column)`` gives the column's own limit for the message).
    """
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block, a device never end
            raise FileProblem(
                Problem(name, None, "", "", "not a regular file: a bundle holds files")
            )
        raw = path.open("rb")
    except OSError as exc:
        raise FileProblem(_unreadable(name, exc)) from None
    with raw:
        try:
            start = raw.read(4)
            raw.seek(0)
        except OSError as exc:
            raise FileProblem(_unreadable(name, exc)) from None
        if start.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise FileProblem(
                Problem(
                    name,
                    1,
                    "",
                    "",
                    "not UTF-8: it is UTF-16 (it starts with a UTF-16 byte order mark); "
                    "save the file as UTF-8",
                )
            )
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict", newline="")
        # strict: a quote left open at the end of the file (a truncated file) is an
        # error, not a field holding the rest of the file
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        header: list[str] | None = None
        ended = 0  # the line the last record ended on: the next one starts after it
        try:
            for record in reader:
                if header is None:
                    header = [cell.strip() for cell in record]
                yield reader.line_num, record
                ended = reader.line_num
        except UnicodeDecodeError:
            raise FileProblem(_not_utf8(path, name)) from None
        except csv.Error as exc:
            if "field larger than field limit" not in str(exc):
                raise FileProblem(
                    Problem(name, ended + 1, "", "", f"not readable as CSV ({exc})")
                ) from None
            index = _long_field(path, ended + 1, delimiter)
            column = header[index] if header and index is not None and index < len(header) else ""
            limit = limits_of(column) if column else None
            most = f"; at most {limit:,} are allowed" if limit else ""
            raise FileProblem(
                Problem(
                    name,
                    ended + 1,
                    column,
                    "",
                    f"is over {csv.field_size_limit():,} characters long{most}",
                )
            ) from None
        except OSError as exc:
            raise FileProblem(_unreadable(name, exc)) from None


def _unreadable(name: str, exc: OSError) -> Problem:
    return Problem(name, None, "", "", f"cannot read it ({exc.strerror or exc})")


def _not_utf8(path: Path, name: str) -> Problem:
    """Where the first byte that is not UTF-8 is: its line, and its place in the line."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return Problem(
                    name,
                    number,
                    "",
                    "",
                    f"not UTF-8 (byte 0x{line[exc.start]:02x} at byte {exc.start + 1} of the "
                    "line): save the file as UTF-8",
                )
    return Problem(name, None, "", "", "not UTF-8: save the file as UTF-8")


def _long_field(path: Path, start_line: int, delimiter: str) -> int | None:
    """Which field of the record starting on ``start_line`` is over the csv module's
    limit (the reader's error does not say)."""
    most = csv.field_size_limit()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for _ in range(start_line - 1):
                next(handle, None)
            index, length, quoted = 0, 0, False
            for line in handle:
                for ch in line:
                    if ch == '"':
                        quoted = not quoted
                        continue
                    if not quoted and ch == delimiter:
                        index, length = index + 1, 0
                        continue
                    if not quoted and ch in "\r\n":
                        return None
                    length += 1
                    if length > most:
                        return index
    except (OSError, UnicodeDecodeError):
        return None
    return None


# A header naming more columns than this is not a bundle file's (the widest has 12).
_MOST_COLUMNS = 1_000


def _header_problems(name: str, header: list[str], spec: BundleFile) -> list[Problem]:
    """Unknown, repeated, empty and missing columns of a bundle file's header."""
    known = {c.name for c in spec.columns}
    if len(header) > _MOST_COLUMNS:  # not this file's header; checked whole it takes minutes
        return [
            Problem(
                name,
                1,
                "header",
                "",
                f"the first line names {len(header):,} columns: {name} has at most {len(known)}",
            )
        ]
    out: list[Problem] = []
    seen: set[str] = set()
    unnamed = sorted(known - set(header))  # what an unknown column may have meant
    for column in header:
        if not column:
            out.append(Problem(name, 1, "", "", "a column without a name (a trailing comma?)"))
        elif limits.text_problem(column, limits.KEY):
            out.append(
                Problem(
                    name,
                    1,
                    "",
                    "",
                    f"a column name {column[:40]!r} that is not text: is the file UTF-8 CSV?",
                )
            )
        elif column in seen:
            out.append(Problem(name, 1, column, column, f"column {column!r} given twice"))
        elif column not in known:
            columns = ", ".join(c.name for c in spec.columns)
            if not _LOOKS_LIKE_A_COLUMN.match(column):
                # Not a header at all (a file that is not this bundle's, such as a
                # symlink to ~/.pgpass): its first line is never echoed.
                out.append(
                    Problem(
                        name, 1, "header", "", f"the first line does not name columns: {columns}"
                    )
                )
                break
            hint = did_you_mean(column, unnamed)
            out.append(
                Problem(
                    name,
                    1,
                    column,
                    column,
                    f"unknown column {column!r}{hint} (the columns are: {columns})",
                )
            )
        seen.add(column)
    for c in spec.columns:
        if c.name not in header and not c.optional:
            out.append(Problem(name, 1, c.name, "", f"missing column {c.name!r}"))
    return out


def staged_rows(path: Path, spec: BundleFile, errors: Errors) -> Iterator[tuple[Any, ...]]:
    """Stream a file's records as staged tuples, checking each field on the way.

    A value that cannot be stored (registry/limits.py) is an error and is staged as
    NULL (never COPYed: a NUL byte or an over-long key would stop the load with a
    database error naming no line)."""
    name = path.name
    records = csv_records(path, name, limits_of=spec.limit_of)
    try:
        first = next(records, None)
        if first is None:
            return
        header = [h.strip() for h in first[1]]
        problems = _header_problems(name, header, spec)
        for problem in problems:
            errors.add_problem(problem)
        if problems:
            errors.incomplete = True
            return
        where = {column: header.index(column) for column in header}
        fields = _fields(spec, where)
        first_column = header[0]
        for line, record in records:
            if not "".join(record).strip():  # a blank line, or one of empty fields
                continue
            if len(record) != len(header):
                errors.add(name, line, "", "", f"{len(record)} fields, header has {len(header)}")
                continue
            if (
                record[0].strip().lstrip("\ufeff") == first_column
                and [cell.strip().lstrip("\ufeff") for cell in record] == header
            ):
                # Two files put together: the second's header is not a row of data.
                errors.add(name, line, "", "", "the header again (files put together?)")
                continue
            staged = _staged(name, line, record, fields, errors)
            if staged is not None:
                yield staged
    except FileProblem as exc:
        errors.add_problem(exc.problem)
        errors.incomplete = True


def record_rows(
    spec: BundleFile, rows: Iterable[Mapping[str, str]], errors: Errors
) -> Iterator[tuple[Any, ...]]:
    """Rows held in memory (column -> value, as a CSV cell gives it) as staged tuples,
    checked as a file's are; a row's line is its position, 1 for the first."""
    header = [c.name for c in spec.columns]
    where = {column: i for i, column in enumerate(header)}
    fields = _fields(spec, where)
    for line, row in enumerate(rows, 1):
        unknown = set(row) - set(where)
        if unknown:  # the producer's mistake, not its input's
            raise ValueError(f"{spec.file} has no column {sorted(unknown)[0]!r}")
        record = [row.get(column) or "" for column in header]
        yield _staged(spec.file, line, record, fields, errors)


@dataclass(frozen=True)
class _Field:
    """How one column of a file is checked and staged, worked out once a file (from its
    header) rather than once a cell: a million rows go through ``_staged``."""

    column: Column
    at: int | None  # where the header has it; None: not in this file
    or_else_at: int | None  # where the header has the column that may stand in for it


def _fields(spec: BundleFile, where: Mapping[str, int]) -> tuple[_Field, ...]:
    return tuple(
        _Field(c, where.get(c.name), where.get(c.or_else) if c.or_else else None)
        for c in spec.columns
    )


@lru_cache(maxsize=1 << 13)
def _day(raw: str) -> tuple[dt.date, str]:
    """A date cell staged (its first day, its precision); raises ValueError. Cached:
    a bundle's dates repeat (a few hundred thousand cells, tens of thousands of days)."""
    day = PartialDate.parse(raw)
    return day.first_day, day.precision


def _staged(
    name: str,
    line: int,
    record: list[str],
    fields: tuple[_Field, ...],
    errors: Errors,
) -> tuple[Any, ...]:
    out: list[Any] = [line]
    for f in fields:
        c = f.column
        raw = record[f.at].strip() if f.at is not None else ""
        if not raw and (
            c.required
            or (c.or_else and not (f.or_else_at is not None and record[f.or_else_at].strip()))
        ):
            errors.add(name, line, c.name, raw, "required")
        text = c.text
        # A value no longer than the limit, every character printable, can be stored
        # (so can each of its parts): only the rest needs Text.problem's look.
        if text is not None and raw and not (len(raw) <= text.limit and raw.isprintable()):
            problem = text.problem(raw)
            if problem:
                errors.add(name, line, c.name, raw, problem)
                raw = ""
        kind = c.kind
        if kind == "date":
            if not raw:
                out += [None, None]
                continue
            try:
                out += _day(raw)
            except ValueError as exc:
                errors.add(name, line, c.name, raw, str(exc))
                out += [None, None]
        elif kind == "bool":
            if raw.lower() in _TRUE:
                out.append(True)
            elif raw.lower() in _FALSE:
                out.append(False)
            elif not raw:
                out.append(c.default)
            else:
                errors.add(name, line, c.name, raw, "not a boolean: use true or false")
                out.append(None)
        elif kind == "name":
            out += [raw or None, fold(raw) if raw else None]
        else:
            out.append(raw or None)
    return tuple(out)


def read_problems(path: Path, errors: Errors | None = None) -> Iterator[Problem]:
    """unmapped.csv: what the bundle's producer could not map (file,line,field,value,
    message[,severity]). Each is printed: a text that is not printable, a line that is
    not a number or an unknown severity is an error (in ``errors``)."""
    errors = errors if errors is not None else Errors()
    name = path.name
    try:
        records = csv_records(path, name, limits_of=UNMAPPED.limit_of)
        first = next(records, None)
        if first is None:
            return
        header = [h.strip() for h in first[1]]
        refused = _header_problems(name, header, UNMAPPED)
        for problem in refused:
            errors.add_problem(problem)
        if refused:
            return
        where = {column: header.index(column) for column in header}
        for line, record in records:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                errors.add(name, line, "", "", f"{len(record)} fields, header has {len(header)}")
                continue
            row = {
                c.name: record[where[c.name]] if c.name in where else "" for c in UNMAPPED.columns
            }
            found = _unmapped_row_problems(row)
            for fieldname, value, message in found:
                errors.add(name, line, fieldname, value, message)
            if found:
                continue
            number = row["line"].strip()
            yield Problem(
                row["file"],
                int(number) if number else None,
                row["field"],
                row["value"],
                row["message"],
                row["severity"].strip() or "unmapped",
            )
    except FileProblem as exc:
        errors.add_problem(exc.problem)


def _unmapped_row_problems(row: dict[str, str]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for c in UNMAPPED.columns:
        value = row[c.name]
        if c.required and not value.strip():
            out.append((c.name, "", "required"))
        why = c.text.problem(value) if c.text and value else None
        if why:
            out.append((c.name, value, why))
    number = row["line"].strip()
    if number and not number.isdigit():
        out.append(("line", number, f"{number[:40]!r} is not a line number"))
    severity = row["severity"].strip() or "unmapped"
    if severity not in SEVERITIES:
        out.append(
            ("severity", severity, f"unknown severity {severity[:40]!r} (unmapped or notice)")
        )
    return out
