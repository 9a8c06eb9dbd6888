"""Remembering imports: an unchanged re-import has nothing to write (issue 19).

An import's *fingerprint* is a SHA-256 over everything that decides what it writes:
the dataset's files (each one's path below what was given, and its bytes; hidden
entries such as .git are left out, as the importers read none), the registry's own
code and reference data (every file of the package, and pycountry's version), and the
options that change the bundle (--strict, --as-of). The import keeps it in import_run
with its report, in the import's own transaction, with the *write mark* at its
commit: the value of the write_mark sequence, which every statement that writes to a
fact or reference table advances (the note_write trigger, revision 0024).

The next import with that fingerprint looks first: when the latest run with it holds
the write mark the database holds now, nothing has been written since that run
committed, and loading the same files again would find every row as it is (an import
is idempotent). It reports that run's rows as unchanged, and its notices, without
reading the files. ``--force`` reads them.

A mark is kept only when no other writer was at work during the import: none held the
writers' shared lock when it began (note_write takes it until its writer's commit), and
nothing else advanced the sequence before it ended. Otherwise the run is kept without
a mark, and the next import reads everything again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from registry.access import WRITE_MARK_LOCK_ID
from registry.bundle.report import BulkReport, Problem, TableCounts
from registry.limits import TEXT

CHUNK = 1 << 20


@dataclass(frozen=True)
class Reading:
    """What an import is about to read: its dataset, the path as given, and what it holds."""

    dataset: str
    path: Path
    options: tuple[tuple[str, str], ...]
    fingerprint: str | None  # None: a file could not be read (the import will say which)
    watched: int | None = None  # the write mark before it read anything (watch)

    @classmethod
    def of(cls, dataset: str, path: Path, options: Mapping[str, object] | None = None) -> Reading:
        given = tuple(sorted((k, str(v)) for k, v in (options or {}).items()))
        return cls(dataset, path, given, _fingerprint(dataset, path, given))

    def still_holds(self) -> bool:
        """Whether the files still hold what was fingerprinted (they were not changed
        while the import read them)."""
        return self.fingerprint is not None and self.fingerprint == _fingerprint(
            self.dataset, self.path, self.options
        )


@dataclass(frozen=True)
class Recalled:
    """An earlier run of the same fingerprint, with nothing written since it committed."""

    imported_at: dt.datetime
    report: BulkReport  # its rows as a re-import finds them: every one unchanged


def recall(conn: Any, reading: Reading) -> Recalled | None:
    """The latest committed run of ``reading``'s fingerprint if nothing was written
    after it; else None. Reads two rows; writes nothing."""
    if reading.fingerprint is None:
        return None
    row = conn.execute(
        """
        SELECT r.imported_at, r.counts, r.problems
          FROM import_run r, write_mark m
         WHERE r.dataset = %s AND r.fingerprint = %s
           AND r.write_mark = m.last_value AND m.is_called
         ORDER BY r.id DESC
         LIMIT 1
        """,
        (reading.dataset, reading.fingerprint),
    ).fetchone()
    if row is None:
        return None
    imported_at, counts, problems = row
    report = BulkReport()
    for table, (inserted, superseded, unchanged) in counts.items():
        report.counts[table] = TableCounts(unchanged=inserted + superseded + unchanged)
    report.unmapped.extend(Problem(*problem) for problem in problems)
    return Recalled(imported_at, report)


def watch(conn: Any, reading: Reading) -> Reading:
    """Before the import reads anything (its files, or the registry for lookups):
    ``reading`` with the write mark it starts from, or without one when another
    writer's transaction is in flight.

    The writers' lock is taken exclusively for a moment, never waited for: a writer
    that began earlier holds it shared until its commit, and one that comes after
    advances the sequence past the value read here."""
    row = conn.execute("SELECT pg_try_advisory_lock(%s)", (WRITE_MARK_LOCK_ID,)).fetchone()
    if not row[0]:
        return reading
    try:
        start = conn.execute("SELECT nextval('write_mark')").fetchone()[0]
    finally:
        conn.execute("SELECT pg_advisory_unlock(%s)", (WRITE_MARK_LOCK_ID,))
    return dataclasses.replace(reading, watched=int(start))


def begin(cur: Any, reading: Reading) -> int | None:
    """First in the import's transaction, before its first write: the mark it goes
    on from, or None if anyone else wrote since ``watch``."""
    if reading.watched is None:
        return None
    start = cur.execute("SELECT nextval('write_mark')").fetchone()[0]
    if start != reading.watched + 1:
        return None
    # This import's own statements are what its mark stands for (note_write skips them).
    cur.execute("SELECT set_config('registry.marking', 'on', true)")
    return int(start)


def keep(cur: Any, reading: Reading, start: int | None, report: BulkReport) -> None:
    """Keep the run in import_run, last in the import's transaction: with its write
    mark if nothing but this import wrote since ``watch``."""
    if not reading.still_holds():
        return  # changed under the import: what it read has no fingerprint
    mark = None
    if start is not None:
        cur.execute("SELECT set_config('registry.marking', 'off', true)")
        end = cur.execute("SELECT nextval('write_mark')").fetchone()[0]
        mark = end if end == start + 1 else None
    counts = {table: [c.inserted, c.superseded, c.unchanged] for table, c in report.counts.items()}
    problems = [
        [_text(p.file), p.line, _text(p.field), _text(p.value), _text(p.message), p.severity,
         p.other_line]
        for p in report.unmapped
    ]  # fmt: skip
    cur.execute(
        "INSERT INTO import_run (dataset, input, fingerprint, write_mark, counts, problems)"
        " VALUES (%s, %s, %s, %s, %s, %s)",
        (
            reading.dataset,
            _text(str(reading.path))[:TEXT],
            reading.fingerprint,
            mark,
            json.dumps(counts),
            json.dumps(problems),
        ),
    )


def _text(value: str) -> str:
    """What jsonb and a text column accept of any string: no NUL, no lone surrogate (a
    file name's undecodable bytes, as os.fsdecode gives them)."""
    return value.replace("\0", "\ufffd").encode("utf-8", "backslashreplace").decode("utf-8")


def _fingerprint(dataset: str, path: Path, options: tuple[tuple[str, str], ...]) -> str | None:
    digest = hashlib.sha256()
    digest.update(json.dumps([dataset, options, _code()]).encode())
    try:
        for relative, file in _files(path):
            digest.update(f"\0{relative}\0".encode("utf-8", "surrogateescape"))
            size = 0
            with open(file, "rb") as handle:
                while chunk := handle.read(CHUNK):  # a file of any size, in flat memory
                    digest.update(chunk)
                    size += len(chunk)
            digest.update(f"\0{size}".encode())
    except OSError:
        return None
    return digest.hexdigest()


def _files(path: Path) -> Iterator[tuple[str, str]]:
    """Every regular file under ``path`` (or ``path`` itself), by its path relative to
    it, in a fixed order. Links are followed (an importer reads through them); a
    directory met twice through links is read once."""
    if not path.is_dir():
        yield path.name, str(path)
        return
    seen: set[str] = set()

    def walk(directory: str, prefix: str) -> Iterator[tuple[str, str]]:
        real = os.path.realpath(directory)
        if real in seen:
            return
        seen.add(real)
        with os.scandir(directory) as found:
            entries = sorted(found, key=lambda entry: entry.name)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                yield from walk(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file():
                yield f"{prefix}{entry.name}", entry.path

    yield from walk(str(path), "")


@cache
def _code() -> str:
    """The registry's own code and reference data, and pycountry's: what the same
    files are mapped by."""
    from importlib.metadata import version

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(version("pycountry").encode())
    for relative, file in _files(package):
        if "__pycache__" in relative:
            continue
        digest.update(f"\0{relative}\0".encode())
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()
