"""What a bundle file and its columns are (registry/bundle/spec.py declares each file
with them): what a value may hold, how it is staged, the header a writer gives."""

from __future__ import annotations

from dataclasses import dataclass

from registry import limits

# A bundle's own handles for missions and tenures are never stored, but each is
# indexed in a staging table: short enough for a btree index row (4 bytes a character).
HANDLE = 3 * limits.KEY


@dataclass(frozen=True)
class Text:
    """What a text column may hold (registry/limits.py): its longest length, whether
    tabs and newlines are allowed, and a separator for columns holding several values
    (aliases ``a|b``, city references ``PARTY:key``), each checked on its own."""

    limit: int
    multiline: bool = False
    separator: str | None = None

    def problem(self, value: str) -> str | None:
        parts = value.split(self.separator) if self.separator else [value]
        for part in parts:
            part = part.strip()
            # str.isprintable (in C) is false for every control character: only
            # those values need the character-by-character look (a million rows).
            if len(part) <= self.limit and part.isprintable():
                continue
            problem = limits.text_problem(part, self.limit, multiline=self.multiline)
            if problem:
                return problem
        return None


KEY = Text(limits.KEY)
NAME = Text(limits.NAME)
TITLE = Text(limits.TITLE)
URL = Text(limits.TEXT)
# City and person keys are slugs of names (the loader and `registry record` derive
# them), so as long as a name: revision 0010's CHECKs say the same.
SLUG = Text(limits.NAME)
REF = Text(limits.NAME, separator=":")  # a city: PARTY:key, or its key alone
NOTE = Text(limits.TEXT, multiline=True)
ALIASES = Text(limits.NAME, separator="|")
OWN = Text(HANDLE)  # the bundle's own key of a mission or tenure
# unmapped.csv is printed, never stored: what is printed must be printable (the value
# goes only to the --unmapped-report CSV; the csv module caps every length).
PRINTED = Text(131_072)

# What a value is: text; a name (text, staged with its folded search key); a date
# (YYYY, YYYY-MM or YYYY-MM-DD, staged as its first day and its precision); a boolean.
VALUE_KINDS = ("text", "name", "date", "bool")


@dataclass(frozen=True)
class Column:
    """One column of a bundle file.

    ``required``: a row must give a value; ``or_else``: unless it gives one in that
    other column instead. ``optional``: the header may leave the column out (every
    other column must be in the header, even if its values are empty). ``default``:
    a boolean's value when empty."""

    name: str
    kind: str
    meaning: str
    text: Text | None = None
    required: bool = False
    optional: bool = False
    default: bool | None = None
    or_else: str | None = None

    def __post_init__(self) -> None:
        assert self.kind in VALUE_KINDS, self.kind
        assert (self.kind == "bool") == (self.default is not None), self.name
        assert self.text is None or self.kind in ("text", "name"), self.name

    def staged(self) -> tuple[str, ...]:
        """Its columns in the staging table (a date's precision, a name's search key)."""
        if self.kind == "date":
            return (self.name, self.name.replace("_on", "") + "_precision")
        if self.kind == "name":
            return (self.name, self.name + "_search")
        return (self.name,)

    def sql_types(self) -> tuple[str, ...]:
        if self.kind == "date":
            return ("date", "text")
        if self.kind == "bool":
            return ("boolean",)
        return ("text",) * len(self.staged())


@dataclass(frozen=True)
class BundleFile:
    """A file of the bundle and the staging table its rows are COPYed into."""

    file: str
    table: str
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]  # rows with the same values here are one thing
    what: str  # what one row is, for messages
    meaning: str  # one line, for the docs

    def staged(self) -> list[str]:
        out = ["line"]
        for column in self.columns:
            out += column.staged()
        return out

    def slices(self) -> list[tuple[Column, slice]]:
        """Each column and where its values are in a staged row (after ``line``)."""
        out: list[tuple[Column, slice]] = []
        at = 1
        for column in self.columns:
            size = len(column.staged())
            out.append((column, slice(at, at + size)))
            at += size
        return out

    def limit_of(self, name: str) -> int | None:
        return next((c.text.limit for c in self.columns if c.name == name and c.text), None)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.file} has no column {name!r}")

    def header(self, *optional: str) -> tuple[str, ...]:
        """The header a writer gives: every column the header must have, and the
        ``optional`` ones it fills, in the specification's order."""
        for name in optional:
            if not self.column(name).optional:
                raise ValueError(f"{self.file}: {name!r} is not an optional column")
        return tuple(c.name for c in self.columns if not c.optional or c.name in optional)

    def staging_table(self) -> str:
        columns = ["line int"] + [
            f"{name} {kind}"
            for c in self.columns
            for name, kind in zip(c.staged(), c.sql_types(), strict=True)
        ]
        return f"CREATE TEMP TABLE {self.table} ({', '.join(columns)}) ON COMMIT DROP;"
