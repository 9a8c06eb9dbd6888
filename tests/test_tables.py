"""Tables fit the width they are read at: no line wider, no column of zero width,
the least needed columns left out with a line saying so, sources as footnotes."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from registry import tables

KEYS = [
    "sending",
    "mission_kind",
    "head",
    "rank",
    "since",
    "credentials",
    "accredited_to",
    "source",
]
HEADINGS = ["Sending", "Kind", "Head", "Rank", "Since", "Credentials", "Accredited to", "Source"]
ARTICLE = "Redefining Diplomacy: Kazakhstan's Strategic Shift in Relations With Afghanistan"
ROWS = [
    ["China", "embassy", "Zhao Sheng", "Ambassador Extraordinary and Plenipotentiary",
     "2023-09-13", "2023-09-13 to the Islamic Emirate of Afghanistan", "Afghanistan", ARTICLE],
    ["Kazakhstan", "embassy", "Yerkin Tokumov", "Chargé d'Affaires ad interim",
     "unknown (attested 2024-09)", "", "Afghanistan", ARTICLE],
    ["United States", "embassy", "no head on record", "", "2020-01-06", "", "Afghanistan",
     "Principal Officers and Chiefs of Mission"],
]  # fmt: skip


@pytest.mark.parametrize("width", [20, 30, 40, 60, 80, 100, 120, 200])
def test_no_line_is_wider_than_the_terminal(width: int) -> None:
    text = tables.render(KEYS, HEADINGS, ROWS, width=width, title="Missions in Kabul")
    assert max(cell_len(line) for line in text.splitlines()) <= width


@pytest.mark.parametrize("width", [80, 100])
def test_the_main_question_stays_visible_at_80_and_100_columns(width: int) -> None:
    layout = tables.fit(KEYS, HEADINGS, ROWS, width)
    shown = [KEYS[i] for i in layout.shown]
    assert {"sending", "head", "rank", "since"} <= set(shown)
    assert all(w > 0 for w in layout.widths)


def test_columns_left_out_are_named_with_how_to_see_them() -> None:
    text = tables.render(KEYS, HEADINGS, ROWS, width=80)
    assert text.splitlines()[-1] == (
        "Not shown at this width: Kind, Credentials, Accredited to (--wide shows them)"
    )


def test_the_kind_that_tells_two_missions_of_one_sender_apart_stays() -> None:
    """The United States in Berlin, an embassy and a mission of unstated kind, with
    the same unknown head: without the kind the two lines would be one row twice."""
    berlin = [
        ["United States", "diplomatic mission (kind not stated)", "unknown", "", "unknown", "",
         "Germany", "A Guide to the United States' History of Recognition"],
        ["United States", "embassy", "unknown", "", "unknown", "", "Germany",
         "A Guide to the United States' History of Recognition"],
    ]  # fmt: skip
    text = tables.render(KEYS, HEADINGS, berlin, width=80)
    assert "│ embassy " in text
    assert text.splitlines()[-1] == (
        "Not shown at this width: Credentials, Accredited to (--wide shows them)"
    )
    assert "Kind" in tables.render(KEYS, HEADINGS, berlin, width=60)


def test_at_200_columns_every_column_is_shown_and_nothing_is_said_about_width() -> None:
    text = tables.render(KEYS, HEADINGS, ROWS, width=200)
    assert "Not shown" not in text
    assert all(h in text for h in HEADINGS)


def test_sources_are_numbered_footnotes_in_order_of_first_appearance() -> None:
    text = tables.render(KEYS, HEADINGS, ROWS, width=120)
    lines = text.splitlines()
    assert lines[-2:] == [f"[1] {ARTICLE}", "[2] Principal Officers and Chiefs of Mission"]
    assert sum("│ [1]" in line for line in lines) == 2


def test_without_a_width_the_table_is_as_wide_as_its_content() -> None:
    layout = tables.fit(KEYS, HEADINGS, ROWS, None)
    assert layout.hidden == [] and layout.widths[3] == len(ROWS[0][3])


def test_tab_separated_lines_are_one_row_each() -> None:
    out = tables.tsv(["Head", "Note"], [["A\tB", "two\nlines"]])
    assert out == "Head\tNote\nA B\ttwo lines\n"


def test_essential_columns_keep_whole_words_when_their_words_fit() -> None:
    """At 80 columns Kazakhstan's ambassador to the AU is "Kazakhstan" and "Ambassador",
    not "Kazakhs/tan" and "Ambassa/dor": the comfortable widths do not fit, the
    narrowest (no word broken) do, and that is what the room is shared from."""
    keys = ["sending", "mission_kind", "city", "head", "rank", "since", "accredited_to"]
    keys.append("evidence")
    headings = ["Sending", "Kind", "Seat", "Head", "Rank", "Since", "Accredited to"]
    headings.append("Last reported")
    row = ["Kazakhstan", "embassy", "Addis Ababa", "Zhalgas Adilbayev", "Ambassador"]
    row += ["unknown (attested 2026-02)", "Ethiopia, African Union", "2026-02, head in post [1]"]
    layout = tables.fit(keys, headings, [row], 80)
    assert layout.hidden == ["Kind", "Accredited to"]
    assert dict(zip((keys[i] for i in layout.shown), layout.widths, strict=True)) == {
        "sending": 10, "city": 9, "head": 10, "rank": 10, "since": 12, "evidence": 10,
    }  # fmt: skip
