"""Every table command as a person sees it in a real terminal (a pseudo-terminal played
through a VT100 emulator) at 80, 100, 120 and 200 columns: the exact screen, compared
with tests/golden/. After an intended change of layout, look at the new screens, then
write them with `REGISTRY_UPDATE_GOLDEN=1 pytest tests/test_terminal.py`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.conftest import Registry
from tests.terminal import screen

GOLDEN = Path(__file__).parent / "golden"
WIDTHS = (80, 100, 120, 200)
AS_OF = ("--as-of", "2024-10-01")
COMMANDS = {
    "who-heads-kabul": ("who-heads", "kabul", *AS_OF),
    "history-kazakhstan-kabul": ("history", "kazakhstan", "kabul"),
    "represents-kazakhstan": ("represents", "kazakhstan", *AS_OF),
    "accredited-to-african-union": ("accredited-to", "african union", "--as-of", "2026-03-01"),
    "person-yesengeldiyev": ("person", "yesengeldiyev"),
    "summary-kabul": ("summary", "kabul", *AS_OF),
    "precedence-kabul": ("precedence", "kabul", *AS_OF),
    "recognition-afghanistan": ("recognition", "afghanistan", *AS_OF),
}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", COMMANDS)
def test_every_table_command_on_a_real_terminal(registry: Registry, name: str, width: int) -> None:
    url = registry.url.render_as_string(hide_password=False)
    lines = screen([*COMMANDS[name], "--database-url", url], columns=width)
    assert lines, "nothing on screen"
    assert max(cell_len(line) for line in lines) <= width
    golden = GOLDEN / f"{name}-{width}.txt"
    text = "\n".join(lines) + "\n"
    if os.environ.get("REGISTRY_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_who_heads_kabul_at_80_columns_shows_every_mission_with_head_rank_and_since(
    registry: Registry,
) -> None:
    url = registry.url.render_as_string(hide_password=False)
    lines = screen(["who-heads", "kabul", *AS_OF, "--database-url", url], columns=80)
    header = next(line for line in lines if line.startswith("┃"))
    assert [h.strip() for h in header.strip("┃").split("┃")] == [
        "Sending",
        "Head",
        "Rank",
        "Since",
        "Last reported",
    ]
    # A row's first line is the one its evidence's date starts (issue 20: the age of
    # every row's evidence stays in view at 80 columns).
    cells = [line.strip("│").split("│") for line in lines if line.startswith("│")]
    missions = [row for row in cells if row[-1].strip().startswith("2024-09")]
    assert all(row[1].strip() and row[3].strip() for row in missions)  # a head, and since
    assert len(missions) == 17  # the seventeen the article of September 2024 lists
