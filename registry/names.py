"""How user-typed names are folded for lookup: the only place input is cleaned.

"Kābul", "KABUL" and "kabul" fold to the same key, and so do "addis-ababa" and
"Addis Ababa"; "Кабул", "喀布尔" and "كابل" fold to keys of their own script. Stored
rows keep a ``search_key`` folded by the same function.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from registry.limits import NAME

_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# Unicode names whose first word says the character is Latin or of no script. The
# keys stored before revision 0010 kept a-z and 0-9 only: every other character of a
# Latin name (ø, ł, đ, æ, ı, the modifier letter apostrophe ...) was a word break,
# and still is, or those rows would stop matching. Letters of every other script
# are kept.
_NOT_ANOTHER_SCRIPT = frozenset({"LATIN", "MODIFIER", "COMBINING", "VARIATION"})


def _of_another_script(ch: str) -> bool:
    """A letter or digit of a script other than Latin (Cyrillic, Han, Arabic ...)."""
    if not ch.isalnum():
        return False
    return unicodedata.name(ch, "?").split(" ", 1)[0] not in _NOT_ANOTHER_SCRIPT


def fold(text: str) -> str:
    """Lower case, accents stripped, punctuation and dashes as single spaces.

    Letters and digits of every script are kept (casefolded, combining marks
    stripped); a Latin name folds exactly as it always has (a-z, 0-9). At most
    NAME characters, so a key always fits its column, however a name decomposes."""
    if text.isascii():  # most names: NFKD leaves ASCII as it is, no combining marks
        return _NON_ALNUM.sub(" ", text.replace("'", "").lower()).strip()[:NAME].rstrip()
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = stripped.replace("'", "").casefold()
    if lowered.isascii():
        folded = _NON_ALNUM.sub(" ", lowered).strip()
    else:
        out: list[str] = []
        in_other_word = False  # the last character kept is of another script
        for ch in lowered:
            if ch.isascii():
                in_other_word = False
                out.append(ch if ch.isalnum() else " ")
            elif _of_another_script(ch):
                in_other_word = True
                out.append(ch)
            elif in_other_word and unicodedata.category(ch)[0] == "M":
                out.append(ch)  # a vowel sign of the word it follows (Devanagari, Thai)
            elif in_other_word and unicodedata.category(ch) == "Cf":
                pass  # a zero-width (non-)joiner inside a word (Persian)
            else:
                in_other_word = False
                out.append(" ")
        # Composed again (Hangul syllables out of their jamo), as people type them.
        folded = unicodedata.normalize("NFC", " ".join("".join(out).split()))
    return folded[:NAME].rstrip()


def slug(text: str) -> str:
    """A stable key from a name: 'Addis Ababa' -> 'addis-ababa', 'Кабул' -> 'кабул'."""
    return fold(text).replace(" ", "-")


# Scripts that one name may mix: Japanese writes Han with kana, Korean Hangul with Han.
_EAST_ASIAN = frozenset(
    {"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HANGUL", "BOPOMOFO", "IDEOGRAPHIC"}
)


def _script(letter: str) -> str | None:
    """The script of a letter as one word (Latin, Cyrillic, Greek, Arabic ...);
    None for a modifier letter, which belongs to none."""
    base = unicodedata.normalize("NFKD", letter)[:1] or letter
    word = unicodedata.name(base, "?").split(" ", 1)[0]
    if word in _EAST_ASIAN:
        return "CJK"
    if word in ("MODIFIER", "?"):
        return None
    return word.capitalize()


def mixed_scripts(name: str) -> str | None:
    """Why a name looks wrong when its letters come from more than one script, or None.

    "Yesengeldiyev" typed with a Cyrillic "е" folds to another key than the Latin
    name and so makes another person: say which letters are odd, for a warning
    (the loader and importers call this too)."""
    letters: dict[str, list[str]] = {}
    for ch in name:
        if unicodedata.category(ch).startswith("L"):
            script = _script(ch)
            if script is not None:
                letters.setdefault(script, []).append(ch)
    if len(letters) < 2:
        return None
    main = max(letters, key=lambda s: len(letters[s]))  # the first of equals wins
    odd = []
    for script, found in letters.items():
        if script != main:
            shown = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in dict.fromkeys(found))
            odd.append(f"{script} {shown}")
    return f"mixes scripts: {'; '.join(odd)} among {main} letters"


def suggestions(
    value: str, choices: Mapping[str, str] | Iterable[str], *, limit: int = 3, cutoff: int = 60
) -> list[str]:
    """The choices closest to ``value``, best first, for a "did you mean": the one
    fuzzy suggester of the registry. With a mapping, ``value`` is matched against its
    keys (folded names, say) and the values are what is shown."""
    from rapidfuzz import process

    shown = dict(choices) if isinstance(choices, Mapping) else {c: c for c in choices}
    matches = process.extract(value, list(shown), limit=limit, score_cutoff=cutoff)
    return list(dict.fromkeys(shown[m[0]] for m in matches))


def did_you_mean(value: str, choices: Iterable[str], cutoff: int = 60) -> str:
    """' (did you mean 'opened'?)' for the closest choice, or '' when none is close."""
    found = suggestions(value, choices, limit=1, cutoff=cutoff)
    return f" (did you mean {found[0]!r}?)" if found else ""
