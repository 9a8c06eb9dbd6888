"""What a load of seed files says: each problem at its file, line and field, the
counts of what changed (the database's refusals: registry/refusals.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Path_ = tuple[str | int, ...]  # a field's path in a file: ("missions", 3, "heads", 0)


@dataclass(frozen=True)
class SeedError:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        from registry.urls import mask_text

        parts = [p for p in (where, self.field, self.message) if p]  # no file: a directory's
        return mask_text(": ".join(parts))  # a value quoted back may hold a password


class LoadError(Exception):
    def __init__(self, errors: Sequence[SeedError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = list(errors)


@dataclass
class Report:
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    # Loaded, but worth a look: a name whose letters mix scripts (a Cyrillic "е" in a
    # Latin name makes another person, since it folds to another key).
    warnings: list[SeedError] = field(default_factory=list)

    def add(self, table: str, outcome: str) -> None:
        self.counts.setdefault(table, Counter())[outcome] += 1

    def total_of(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    @property
    def total(self) -> int:
        return sum(sum(c.values()) for c in self.counts.values())

    @property
    def changed(self) -> bool:
        return bool(self.total_of("inserted") or self.total_of("updated"))


def field_name(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = part if len(part) <= 60 else part[:60] + "..."  # a hostile key
            out += f".{name}" if out else name
    return out


# A file of thousands of bad rows: enough lines to see the pattern, and the count.
MAX_ERRORS_SHOWN = 200
