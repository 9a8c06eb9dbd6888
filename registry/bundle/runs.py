"""Remembering imports: an unchanged re-import has nothing to write (issue 19).

An import's *fingerprint* is a SHA-256 over everything that decides what it writes:
the files the importer reads (found by its own glob patterns, each by its path below
what was given, and its bytes), the registry's own code and reference data (every
file of the package, and pycountry's version), and the options that change the bundle
(--strict, --as-of). The import keeps it in import_run with its report, in the
import's own transaction, with the *write mark* at its commit: the value of the
write_mark sequence, which every statement that writes to a fact or reference table
advances (the note_write trigger, revision 0024).

The next import with that fingerprint looks first: when the latest run with it holds
the write mark the database holds now, nothing has been written since that run
committed, and the registry holds what that import left; loading the same files again
would find every row as it is (an import is idempotent). It says so, with that run's
unmapped values and notices, without reading the files. ``--force`` reads them.

A mark is kept only when no other writer was at work during the import (none held the
writers' shared lock when it began; note_write takes it until its writer's commit, and
an import takes it too), nothing else advanced the sequence before it ended, no input
was written or replaced while it was read (inode, size, modification and change
times), and its report can be kept as it was said. Otherwise the next import reads
everything again. An input that is not a regular file (a FIFO) gives no fingerprint.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import hashlib
import json
import os
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import psycopg

from registry.access import WRITE_MARK_LOCK_ID
from registry.bundle.report import BulkReport, Problem
from registry.limits import TEXT

CHUNK = 1 << 20
# The most of a report import_run keeps (jsonb's own limit is 256 MB): a bigger one
# is said once, and the import not remembered.
MOST_KEPT = 32 << 20


@dataclass(frozen=True)
class Reading:
    """What an import is about to read: its dataset, the path as given, the files it
    reads there, and what they hold."""

    dataset: str
    path: Path
    inputs: tuple[str, ...]  # the importer's glob patterns below path; () for a file
    options: tuple[tuple[str, str], ...]
    fingerprint: str | None  # None: an input is not a regular file, or cannot be read
    stats: tuple[tuple[Any, ...], ...] = ()  # each input's identity and times, as hashed
    watched: int | None = None  # the write mark before it read anything (watch)

    @classmethod
    def of(
        cls,
        dataset: str,
        path: Path,
        inputs: Sequence[str] = (),
        options: Mapping[str, object] | None = None,
    ) -> Reading:
        given = tuple(sorted((k, str(v)) for k, v in (options or {}).items()))
        reading = cls(dataset, path, tuple(inputs), given, None)
        try:
            fingerprint, stats = _fingerprint(dataset, given, _files(path, inputs))
        except (OSError, _NotAFile):
            return reading
        return dataclasses.replace(reading, fingerprint=fingerprint, stats=stats)

    def still_holds(self) -> bool:
        """Whether no input was written, replaced, added or removed since it was
        hashed: the same inode, size and modification and change times (a file
        rewritten with the same bytes has a new change time)."""
        if self.fingerprint is None:
            return False
        try:
            now = tuple(_identity(rel, os.stat(f)) for rel, f in _files(self.path, self.inputs))
        except (OSError, _NotAFile):
            return False
        return now == self.stats


class _NotAFile(Exception):
    """An input that is not a regular file: no fingerprint (the import reads, and says)."""


@dataclass(frozen=True)
class Recalled:
    """An earlier run of the same fingerprint, with nothing written since it committed:
    when it was, and the unmapped values and notices it reported."""

    imported_at: dt.datetime
    problems: list[Problem]


def recall(conn: Any, reading: Reading) -> Recalled | None:
    """The latest committed run of ``reading``'s fingerprint if nothing was written
    after it; else None. Reads two rows; writes nothing."""
    if reading.fingerprint is None:
        return None
    row = conn.execute(
        """
        SELECT r.imported_at, r.problems
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
    imported_at, problems = row
    return Recalled(imported_at, [Problem(*problem) for problem in problems])


def watch(conn: Any, reading: Reading) -> Reading:
    """Before the import reads anything (its files, or the registry for lookups), in a
    transaction the caller ends at once: ``reading`` with the write mark it starts
    from, or without one when another writer's transaction is in flight.

    The writers' lock is tried exclusively, never waited for, and held only until that
    transaction ends: a writer that began earlier holds it shared until its commit,
    and one that comes after advances the sequence past the value read here."""
    row = conn.execute("SELECT pg_try_advisory_xact_lock(%s)", (WRITE_MARK_LOCK_ID,)).fetchone()
    if not row[0]:
        return reading
    start = conn.execute("SELECT nextval('write_mark')").fetchone()[0]
    return dataclasses.replace(reading, watched=int(start))


def begin(cur: Any, reading: Reading) -> int | None:
    """First in the import's transaction, before its first write: the mark it goes
    on from, or None if anyone else wrote since ``watch``."""
    # A writer like any other to an import that starts meanwhile, whose watch() then
    # keeps no mark: this one's writes are not in what that one reads.
    cur.execute("SELECT pg_advisory_xact_lock_shared(%s)", (WRITE_MARK_LOCK_ID,))
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
    mark if nothing but this import wrote since ``watch``, and its report could be
    kept as it was said. Bookkeeping never fails an import: a run that cannot be kept
    (its report too big for jsonb, say) is not."""
    if not reading.still_holds():
        return  # changed under the import: what it read has no fingerprint
    mark = None
    if start is not None:
        cur.execute("SELECT set_config('registry.marking', 'off', true)")
        end = cur.execute("SELECT nextval('write_mark')").fetchone()[0]
        mark = end if end == start + 1 else None
    counts = {table: [c.inserted, c.superseded, c.unchanged] for table, c in report.counts.items()}
    problems = [
        [p.file, p.line, p.field, p.value, p.message, p.severity, p.other_line]
        for p in report.unmapped
    ]
    said = json.dumps(problems)
    kept = json.dumps(_kept(problems))
    if kept != said:
        mark = None  # a NUL or an undecodable byte: a recall would not say it as it was
    if len(kept) > MOST_KEPT:
        return
    try:
        with cur.connection.transaction():  # a savepoint: the load stands whatever happens
            cur.execute(
                "INSERT INTO import_run (dataset, input, fingerprint, write_mark, counts,"
                " problems) VALUES (%s, %s, %s, %s, %s, %s)",
                (
                    reading.dataset,
                    _text(str(reading.path))[:TEXT],
                    reading.fingerprint,
                    mark,
                    json.dumps(counts),
                    kept,
                ),
            )
    except psycopg.Error:
        if cur.connection.broken:
            raise


def _kept(value: Any) -> Any:
    """``value`` with every string as jsonb takes it."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return [_kept(item) for item in value]
    return value


def _text(value: str) -> str:
    """What jsonb and a text column accept of any string: no NUL, no lone surrogate (a
    file name's undecodable bytes, as os.fsdecode gives them)."""
    return value.replace("\0", "\ufffd").encode("utf-8", "backslashreplace").decode("utf-8")


def _fingerprint(
    dataset: str, options: tuple[tuple[str, str], ...], files: list[tuple[str, str]]
) -> tuple[str, tuple[tuple[Any, ...], ...]]:
    """The SHA-256 of the files (each one's path and bytes), the code and the options;
    and each file's identity as it was opened."""
    digest = hashlib.sha256()
    digest.update(json.dumps([dataset, options, _code()]).encode())
    stats = []
    for relative, file in files:
        # Not blocking on a FIFO's open: it is refused, as a device is, by its fstat.
        fd = os.open(file, os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb", closefd=True) as handle:
            stats.append(_identity(relative, os.fstat(fd)))
            digest.update(f"\0{relative}\0".encode("utf-8", "surrogateescape"))
            size = 0
            while chunk := handle.read(CHUNK):  # a file of any size, in flat memory
                digest.update(chunk)
                size += len(chunk)
            digest.update(f"\0{size}".encode())
    return digest.hexdigest(), tuple(stats)


def _identity(relative: str, st: os.stat_result) -> tuple[Any, ...]:
    if not stat.S_ISREG(st.st_mode):  # a FIFO or a device: hashing would consume it
        raise _NotAFile(relative)
    return (relative, st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _files(path: Path, inputs: Sequence[str]) -> list[tuple[str, str]]:
    """The files an importer reads: those its patterns match below ``path`` (as
    Path.glob matches them, hidden names included), sorted, by their path relative
    to it; or ``path`` itself."""
    if not inputs:
        return [(path.name, str(path))]
    root = str(path)
    found = {
        name
        for pattern in inputs
        for name in glob.glob(pattern, root_dir=root, recursive=True, include_hidden=True)
    }
    return [(name, os.path.join(root, name)) for name in sorted(found)]


@cache
def _code() -> str:
    """The registry's own code and reference data, and pycountry's: what the same
    files are mapped by."""
    from importlib.metadata import version

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(version("pycountry").encode())
    for relative, file in _files(package, ("**/*",)):
        if "__pycache__" in relative or not os.path.isfile(file):
            continue
        digest.update(f"\0{relative}\0".encode())
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()
