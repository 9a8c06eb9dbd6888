"""Tables for people: fitted to the width they are read at, sources as footnotes.

A table never draws a line wider than its width and never gives a column zero
width: columns shrink (wrapping their text) by need, and when even their narrowest
useful widths do not fit, the least needed columns are left out with one line
saying which and how to see them (a column that alone tells two rows apart, last).
What each column is worth is data (``PRIORITY``): the question a command answers
stays visible at 80 columns.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

# How much a column is needed, by its key: 1 is never left out; larger numbers are
# left out first. Unlisted keys are 3.
PRIORITY: dict[str, int] = {
    # who sends, the head (or why there is none), the rank, since when
    "sending": 1,
    "head": 1,
    "rank": 1,
    "since": 1,
    "date": 1,
    "event": 1,
    "detail": 1,
    "host": 1,
    "city": 1,
    "party": 1,
    "count": 1,
    "position": 1,
    "source": 2,
    "until": 2,
    "mission": 2,
    "mission_kind": 3,
    "evidence": 1,  # how old the row's evidence is (issue 20): as needed as the head
    "last_reported": 3,  # the same where another column answers the question (precedence)
    # a disagreement (`registry conflicts`): what it is about and both sides of it
    "disagreement": 1,
    "first": 1,
    "second": 1,
    "ref": 3,
    "credentials": 4,
    "accredited_to": 5,
}
# A cell's text after NOTE is a footnote (up to the next NOTE): the table shows its
# marker there, numbered with the sources' ("2024-09, head in post [1]"); TSV shows
# it in brackets.
NOTE = "\x1f"

# Below these widths a column is left out rather than squeezed further.
MIN_WIDTH: dict[str, int] = {"since": 10, "date": 10, "source": 3, "ref": 8}
DEFAULT_MIN_WIDTH = 8
# A column is left out when the others would otherwise get less than this each;
# a word longer than LONGEST_WORD may be broken.
COMFORTABLE = 12
LONGEST_WORD = 16

# A table's frame: "│ " before each column, " " after it, and the closing "│".
_PER_COLUMN = 3
_FRAME = 1


@dataclass(frozen=True)
class Layout:
    shown: list[int]  # indexes of the columns shown, in their order
    widths: list[int]  # the content width of each shown column
    hidden: list[str]  # headings of the columns left out


def _natural(heading: str, cells: Sequence[str]) -> int:
    return max([cell_len(heading), *(cell_len(line) for c in cells for line in c.splitlines())])


def _narrowest(key: str, heading: str, cells: Sequence[str], natural: int) -> int:
    """The narrowest width worth showing: no word broken (up to LONGEST_WORD cells),
    nor narrower than the key's minimum."""
    words = [w for c in [heading, *cells] for w in c.split()]
    longest_word = min(max((cell_len(w) for w in words), default=1), LONGEST_WORD)
    return min(natural, max(MIN_WIDTH.get(key, DEFAULT_MIN_WIDTH), longest_word))


def fit(
    keys: Sequence[str], headings: Sequence[str], rows: Sequence[Sequence[str]], width: int | None
) -> Layout:
    """Which columns to show at ``width`` (None: as wide as the content) and how wide."""
    natural = [_natural(h, [r[i] for r in rows]) for i, h in enumerate(headings)]
    if width is None:
        return Layout(list(range(len(keys))), natural, [])
    narrowest = [
        _narrowest(k, h, [r[i] for r in rows], n)
        for i, (k, h, n) in enumerate(zip(keys, headings, natural, strict=True))
    ]
    comfortable = [max(lo, min(n, COMFORTABLE)) for lo, n in zip(narrowest, natural, strict=True)]
    shown = list(range(len(keys)))

    def budget() -> int:
        return width - _FRAME - _PER_COLUMN * len(shown)

    # Leave out the least needed columns (the rightmost first among equals) until
    # the narrowest widths of the rest fit; the essential ones (priority 1) stay and,
    # at a width too small even for them, are squeezed to three cells each.
    while sum(comfortable[i] for i in shown) > budget():
        optional = [i for i in shown if PRIORITY.get(keys[i], 3) > 1]
        if not optional and sum(narrowest[i] for i in shown) <= budget():
            break  # the essential columns fit with no word broken: share the room
        if not optional:
            # Too narrow even for the essential columns at three cells each: the
            # rightmost leave too (the line under the table names them).
            narrowest = [min(n, 3) for n in narrowest]
            while len(shown) > 1 and sum(narrowest[i] for i in shown) > budget():
                shown.pop()
            break
        # A column that alone tells two rows apart (an embassy and a consulate of one
        # sender) goes last: two lines alike would read as one row twice.
        telling = [i for i in optional if _tells_apart(rows, shown, i)]
        spare = [i for i in optional if i not in telling] or telling
        shown.remove(max(spare, key=lambda i: (PRIORITY.get(keys[i], 3), i)))
    room = max(budget(), sum(narrowest[i] for i in shown))
    return Layout(
        shown,
        _share(room, [natural[i] for i in shown], [narrowest[i] for i in shown]),
        [headings[i] for i in range(len(keys)) if i not in shown],
    )


def _tells_apart(rows: Sequence[Sequence[str]], shown: list[int], column: int) -> bool:
    """Whether leaving ``column`` out of ``shown`` makes two rows that differ look alike."""
    rest = [i for i in shown if i != column]
    return len({tuple(r[i] for i in shown) for r in rows}) > len(
        {tuple(r[i] for i in rest) for r in rows}
    )


def _share(room: int, natural: list[int], narrowest: list[int]) -> list[int]:
    """Widths that sum to at most ``room``: each column gets its narrowest width, and
    the room left is shared in proportion to what each needs beyond it, so the
    column with the most to say (a history's detail) gets the most."""
    if sum(natural) <= room:
        return natural
    need = [n - lo for n, lo in zip(natural, narrowest, strict=True)]
    spare = room - sum(narrowest)
    total = sum(need) or 1
    widths = [lo + spare * d // total for lo, d in zip(narrowest, need, strict=True)]
    left = room - sum(widths)
    for i in sorted(range(len(widths)), key=lambda i: -(need[i] * spare % total)):
        if left <= 0:
            break
        if widths[i] < natural[i]:  # the rounding's leftovers, largest remainders first
            widths[i] += 1
            left -= 1
    return widths


def footnotes(
    values: Sequence[str], numbers: dict[str, int] | None = None
) -> tuple[list[str], list[str]]:
    """Markers for repeated long values ('[1]', '[2]', ... by first appearance) and
    the notes they stand for (those not already in ``numbers``, which it extends)."""
    numbers = {} if numbers is None else numbers
    known = set(numbers)
    markers = []
    for value in values:
        if not value:
            markers.append("")
            continue
        number = numbers.setdefault(value, len(numbers) + 1)
        markers.append(f"[{number}]")
    return markers, [f"[{n}] {value}" for value, n in numbers.items() if value not in known]


def render(
    keys: Sequence[str],
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    width: int | None,
    title: str | None = None,
    caption: str | None = None,
    color: bool = False,
    footnote_keys: Sequence[str] = ("source",),
) -> str:
    """The table as text, fitted to ``width`` (None: as wide as its content)."""
    from rich.console import Console
    from rich.table import Table

    cells = [list(r) for r in rows]
    notes: list[str] = []
    numbers: dict[str, int] = {}
    for key in footnote_keys:
        if key in keys:
            i = list(keys).index(key)
            markers, found = footnotes([r[i] for r in cells], numbers)
            notes += found
            for row, marker in zip(cells, markers, strict=True):
                row[i] = marker
    for row in cells:  # footnotes inside cells (text, note, text, note...), after the sources'
        for i, cell in enumerate(row):
            if NOTE in cell:
                parts = cell.split(NOTE)
                shown = parts[0]
                for j in range(1, len(parts), 2):
                    (marker,), found = footnotes([parts[j]], numbers)
                    notes += found
                    shown += f" {marker}" + (parts[j + 1] if j + 1 < len(parts) else "")
                row[i] = shown
    layout = fit(keys, headings, cells, width)
    # A note whose marker is only in a column left out is left out with it.
    seen = {m for row in cells for i in layout.shown for m in re.findall(r"\[\d+\]", row[i])}
    notes = [n for n in notes if n.split(" ", 1)[0] in seen]
    table_width = _FRAME + sum(w + _PER_COLUMN for w in layout.widths)
    text_width = max(width or table_width, table_width)
    out = io.StringIO()
    console = Console(
        file=out,
        width=text_width,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        markup=False,  # "[/]" in a name is text, not a style
        emoji=False,
        force_terminal=color,
        legacy_windows=False,
    )
    table = Table(title=title, title_justify="left", caption=None)
    for i, w in zip(layout.shown, layout.widths, strict=True):
        table.add_column(headings[i], width=w, min_width=w, max_width=w, overflow="fold")
    for row in cells:
        table.add_row(*(row[i] for i in layout.shown))
    console.print(table)
    tail = [line for line in (caption or "").splitlines() if line]
    if layout.hidden:
        tail.append(f"Not shown at this width: {', '.join(layout.hidden)} (--wide shows them)")
    for line in [*notes, *tail]:
        console.print(line, overflow="fold", crop=False, soft_wrap=False, markup=False)
    # rich pads every line to the full width: keep what a person sees, not the padding.
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def tsv(headings: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Tab-separated: a header line, then one line a row; tabs and line breaks inside
    a value become spaces, so every line is one row for grep, cut and awk."""

    def clean(value: str) -> str:
        parts = value.split(NOTE)  # footnotes inside a cell: in brackets after their text
        value = "".join(f" ({p})" if i % 2 else p for i, p in enumerate(parts))
        return " ".join(value.replace("\t", " ").splitlines())

    lines = ["\t".join(clean(h) for h in headings)]
    lines += ["\t".join(clean(v) for v in row) for row in rows]
    return "\n".join(lines) + "\n"
