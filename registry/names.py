"""How user-typed names are folded for lookup: the only place input is cleaned.

"Kābul", "KABUL" and "kabul" fold to the same key, and so do "addis-ababa" and
"Addis Ababa". Stored rows keep a ``search_key`` folded by the same function.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, accents stripped, punctuation and dashes as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("'", "")
    return _NON_ALNUM.sub(" ", stripped.casefold()).strip()


def slug(text: str) -> str:
    """A stable key from a name: 'Addis Ababa' -> 'addis-ababa'."""
    return fold(text).replace(" ", "-")


def did_you_mean(value: str, choices: Iterable[str], cutoff: int = 60) -> str:
    """' (did you mean 'opened'?)' for the closest choice, or '' when none is close."""
    from rapidfuzz import process

    match = process.extractOne(value, list(choices), score_cutoff=cutoff)
    return f" (did you mean {match[0]!r}?)" if match else ""
