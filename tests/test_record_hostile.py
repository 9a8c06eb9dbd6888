"""`registry record` and the names it folds, against hostile input (issue 15): names in
every script, look-alike letters, NUL bytes, control characters and over-long values in
every option, two clerks at once, and every refusal the database can give as one line
naming the option, exit 2, nothing written."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from registry import limits
from registry.names import fold, mixed_scripts, slug

ROOT = Path(__file__).parents[1]
_OLD_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold_before_0010(text: str) -> str:
    """registry.names.fold as it was when every stored search key so far was made."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("'", "")
    return _OLD_NON_ALNUM.sub(" ", stripped.casefold()).strip()


def _of_another_script(text: str) -> bool:
    return any(
        ch.isalpha() and not unicodedata.name(ch, "?").startswith(("LATIN", "MODIFIER"))
        for ch in unicodedata.normalize("NFKD", text)
    )


# --- names in every script ---------------------------------------------------------


def test_every_latin_letter_folds_as_it_did_so_stored_keys_still_match() -> None:
    changed = [
        f"U+{cp:04X}"
        for cp in range(0x20, 0x30000)
        if unicodedata.name(chr(cp), "").startswith("LATIN") or cp < 0x80
        if fold(f"ab{chr(cp)}cd") != fold_before_0010(f"ab{chr(cp)}cd")
    ]
    assert changed == []


def _texts() -> list[str]:
    """Every cell of the seeds, the bundled reference data and the test samples
    (and ../shared/data when it is there), split at the separators of their formats."""
    roots = [ROOT / "seeds", ROOT / "registry" / "data", ROOT / "tests" / "data"]
    roots += [p for p in [ROOT.parent / "shared" / "data"] if p.is_dir()]
    cells: set[str] = set()
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix in (".yaml", ".csv", ".xml", ".tsv", ".json"):
                text = path.read_text(encoding="utf-8")
                cells.update(re.split(r"[\n\t;,<>\"]|: ", text))
    return sorted(cells)


def test_the_seeds_and_samples_fold_to_the_keys_they_were_stored_with() -> None:
    cells = _texts()
    assert len(cells) > 10_000
    # (A name is at most limits.NAME long: longer cells are URLs and notes, never folded.)
    latin = [c for c in cells if len(c) <= limits.NAME and not _of_another_script(c)]
    changed = [c for c in latin if fold(c) != fold_before_0010(c)]
    assert changed == []


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Нурсултан Назарбаев", "нурсултан-назарбаев"),
        ("ЁЛКИН Й.", "елкин-и"),
        ("王毅", "王毅"),
        ("محمد بن سلمان", "محمد-بن-سلمان"),
        ("Αλέξης Τσίπρας", "αλεξησ-τσιπρασ"),  # casefold: final sigma is sigma
        ("नरेन्द्र मोदी", "नरेनदर-मोदी"),
        ("Daulet Yesengeldiyev", "daulet-yesengeldiyev"),
    ],
)
def test_a_name_in_any_script_has_a_key_of_its_letters(name: str, key: str) -> None:
    assert slug(name) == key
    assert fold(name.upper()) == fold(name.lower()) == key.replace("-", " ")


def test_a_key_fits_its_column_however_a_name_decomposes() -> None:
    # U+FDFA decomposes into 18 letters: 300 of them would make a 5,400-letter key.
    assert len(fold("\ufdfa" * limits.NAME)) <= limits.NAME
    assert len(slug("a-" * limits.NAME)) <= limits.NAME


def test_a_latin_name_with_a_cyrillic_letter_is_named_as_mixed() -> None:
    assert mixed_scripts("Yes\u0435ngeldiyev") == (
        "mixes scripts: Cyrillic е (U+0435) among Latin letters"
    )
    assert mixed_scripts("Yesengeldiyev") is None
    assert mixed_scripts("Нурсултан Назарбаев") is None
    assert mixed_scripts("山田たろう") is None  # Japanese: Han with kana
    assert mixed_scripts("Ṣalāḥ ad-Dīn ʻAlī") is None  # accents and the ʻokina are Latin's
