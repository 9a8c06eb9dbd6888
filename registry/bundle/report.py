"""What a load reports: problems (file, line, field), the errors that refuse a bundle,
and the counts per table of what was inserted, superseded or found unchanged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

Progress = Callable[[str, int], None]
MAX_ERRORS = 500  # enough to fix a file by; the rest are counted
PROGRESS_EVERY = 10_000
SEVERITIES = ("unmapped", "notice")


@dataclass(frozen=True)
class Problem:
    """A value that could not be used, where it was, and why.

    ``severity`` is ``unmapped`` (a value the mapping does not know: an error
    under --strict) or ``notice`` (a documented adjustment, e.g. an inferred seat).
    ``other_line``: the line of the row this one contradicts, in the same file (the
    message names it; an importer maps both lines back to its dataset).
    """

    file: str
    line: int | None
    field: str
    value: str
    message: str
    severity: str = "unmapped"
    other_line: int | None = None

    def __str__(self) -> str:
        from registry.urls import mask_text

        where = f"{self.file}:{self.line}" if self.line else self.file
        said = f"{where}: {self.field}: " if self.field else f"{where}: "
        return mask_text(said + self.message)  # a value quoted back may hold a password


class BulkError(Exception):
    def __init__(self, errors: Sequence[Problem], more: int = 0) -> None:
        super().__init__(f"{len(errors) + more} error(s)")
        self.errors = list(errors)
        self.more = more


class Refused(BulkError):
    """The database refused a statement of the load (a constraint): ``table`` is the
    table it names, when it names one."""

    def __init__(self, errors: Sequence[Problem], table: str | None) -> None:
        super().__init__(errors)
        self.table = table


class EmptyBundle(BulkError):
    """No file of the bundle holds a row: nothing to import (one line, exit 2)."""


class ConnectionLost(Exception):
    """The server went away during the load. Before the commit, nothing was written;
    during it, the outcome is unknown (and importing again is safe: it is idempotent)."""

    def __init__(self, committing: bool, detail: str) -> None:
        super().__init__(detail)
        self.committing = committing
        self.detail = detail

    def describe(self, where: str) -> str:
        if self.committing:
            return (
                f"lost the connection to {where} while committing the import ({self.detail}): "
                "it may or may not have been written; run it again (a repeated import "
                "changes nothing)"
            )
        return (
            f"lost the connection to {where} during the import ({self.detail}); nothing was written"
        )


# An importer's map from a row of the bundle it wrote back to its own dataset.
Locate = Callable[[Problem], Problem]


@dataclass
class TableCounts:
    """Rows of one table: new, changed (a new version, or updated in place for
    tables that are not versioned) and already there as given."""

    inserted: int = 0
    superseded: int = 0
    unchanged: int = 0


@dataclass
class BulkReport:
    counts: dict[str, TableCounts] = field(default_factory=dict)
    unmapped: list[Problem] = field(default_factory=list)
    # Current versions left as they are (load_rows' keep_corrections): each as
    # (file, line of the row, table, the id kept).
    kept: list[tuple[str, int, str, int]] = field(default_factory=list)

    def table(self, name: str) -> TableCounts:
        return self.counts.setdefault(name, TableCounts())

    def total_of(self, outcome: str) -> int:
        return sum(getattr(c, outcome) for c in self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.total_of("inserted") or self.total_of("superseded"))


class Errors:
    def __init__(self, locate: Locate | None = None) -> None:
        self.items: list[Problem] = []
        self.more = 0
        self.lines: set[tuple[str, int | None]] = set()  # (file, line) already refused
        self.read_lines: set[tuple[str, int | None]] = set()  # ... while reading the files
        # A file not read to its end (not UTF-8, a bad header, an unknown file name):
        # checking references against what was read would only echo that.
        self.incomplete = False
        self.locate = locate
        self.located: set[tuple[str, int | None, str]] = set()

    def add(
        self,
        file: str,
        line: int | None,
        fieldname: str,
        value: str,
        message: str,
        other_line: int | None = None,
    ) -> None:
        self.lines.add((file, line))
        if len(self.items) >= MAX_ERRORS:
            self.more += 1
            return
        problem = Problem(file, line, fieldname, clip(value), message, "error", other_line)
        if self.locate:
            # One value of a dataset can make several bundle columns (a city's name,
            # its key, the mission's key): the first of their errors says it.
            problem = self.locate(problem)
            if (problem.file, problem.line, problem.field) in self.located:
                return
            self.located.add((problem.file, problem.line, problem.field))
        self.items.append(problem)

    def add_problem(self, problem: Problem) -> None:
        self.add(problem.file, problem.line, problem.field, problem.value, problem.message)

    def __bool__(self) -> bool:
        return bool(self.items)


def clip(value: str, most: int = 200) -> str:
    return value if len(value) <= most else value[:most] + "…"
