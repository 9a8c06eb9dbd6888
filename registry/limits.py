"""What a stored text may be: its longest length and the characters it may hold.

Every writer (seed files, bundles, importers, `registry record`) checks a value
here before it reaches the database, so the error names the file, line and field;
the database enforces the same lengths as CHECK constraints (revision 0010), the
last line of defence for anyone writing SQL by hand.
"""

from __future__ import annotations

import unicodedata

# Longest lengths, in characters. Generous for any real name or title, small enough
# that a value always fits a btree index row (about 2,700 bytes: 4 bytes a
# character at worst).
NAME = 300  # names and aliases; city and person keys and search keys (slugs of names)
KEY = 200  # keys and codes: source, authority and party keys, vocabulary codes, external ids
TITLE = 600  # a source's title and publisher
TEXT = 4000  # notes, descriptions, URLs

# Characters that are never part of a name, title or note: C0 and C1 controls
# (tab and newline are allowed in notes only), and the NUL byte PostgreSQL
# cannot store at all; no bidirectional embedding, override or isolate, which would
# make a text display as another (U+202E reverses what follows); and in a one-line
# value (a name, key or title), no line or paragraph separator.
_ALLOWED_IN_NOTES = {"\t", "\n"}
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def text_problem(value: str, limit: int, *, multiline: bool = False) -> str | None:
    """Why ``value`` cannot be stored (one phrase), or None when it can."""
    if "\x00" in value:
        return "contains a NUL character"
    for index, ch in enumerate(value):
        if multiline and ch in _ALLOWED_IN_NOTES:
            continue
        category = unicodedata.category(ch)
        where = f"U+{ord(ch):04X} at position {index + 1}"
        if category == "Cc":
            return f"contains the control character {where}"
        if ch in _BIDI_CONTROLS:
            return (
                f"contains the bidirectional control character {where}, "
                "which would show the text in another order"
            )
        if category in ("Zl", "Zp") and not multiline:
            return f"contains the line separator {where}"
    if len(value) > limit:
        return f"is {len(value):,} characters long; at most {limit:,} are allowed"
    return None
