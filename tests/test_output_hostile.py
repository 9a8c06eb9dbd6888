"""Data is shown, never obeyed: escape sequences and other control characters from
the database reach a terminal escaped; and output that cannot be written (a full
disk, a closed stdout, a reader that went away) ends in one line, not a traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from registry.output import for_terminal, render
from tests.conftest import Registry

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "\x1b[31mRed\x1b[0m \x9b2J \u202eevil\r [bold]x[/] :smile:"


@pytest.fixture
def hostile_source(fresh_registry: Registry) -> Registry:
    """Every source of Kabul's heads titled with an escape sequence, written by SQL."""
    fresh_registry.sql(
        "UPDATE source SET title = "
        "E'\\x1b[31mRed\\x1b[0m \\u009b2J \\u202eevil\\r [bold]x[/] :smile:'"
        " WHERE id IN (SELECT source_id FROM tenure) RETURNING id"
    )
    return fresh_registry


def test_a_source_title_with_an_escape_sequence_is_shown_escaped_in_a_table(
    hostile_source: Registry,
) -> None:
    code, out, _ = hostile_source("who-heads", "kabul")
    assert code == 0
    assert not any(ch in out for ch in "\x1b\x9b\u202e\r")
    assert "\\x1b[31mRed\\x1b[0m" in out  # visible, harmless


def test_the_full_title_is_escaped_where_nothing_cuts_it(hostile_source: Registry) -> None:
    code, out, _ = hostile_source("history", "kazakhstan", "kabul")
    assert code == 0
    assert not any(ch in out for ch in "\x1b\x9b\u202e\r")
    code, out, _ = hostile_source("history", "kazakhstan", "kabul", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert HOSTILE in {r["source"] for r in rows}  # CSV to a pipe: the exact value


def test_json_escapes_every_control_character_and_keeps_the_value(
    hostile_source: Registry,
) -> None:
    for fmt in ("json", "jsonl"):
        code, out, _ = hostile_source("who-heads", "kabul", "--format", fmt)
        assert code == 0
        assert not any(ch in out for ch in "\x1b\x9b\u202e\r")
        rows = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
        assert HOSTILE in {r["source"] for r in rows}


def test_rich_markup_and_emoji_codes_in_the_data_are_plain_text(fresh_registry: Registry) -> None:
    fresh_registry.sql(
        "UPDATE party SET name = 'Kazakhstan [/] [bold]:flag_kz:' WHERE code = 'KZ' RETURNING id"
    )
    code, out, _ = fresh_registry("represents", "KZ")
    assert code == 0
    assert "Where Kazakhstan [/] [bold]:flag_kz: is represented" in out


def test_a_did_you_mean_shows_names_escaped(fresh_registry: Registry) -> None:
    fresh_registry.sql(
        "UPDATE city SET name = E'Kabul\\x1b[2J\\n' WHERE name = 'Kabul' RETURNING id"
    )
    code, _, err = fresh_registry("who-heads", "kabu")
    assert code == 2
    assert err == "registry: no city 'kabu'; did you mean Kabul\\x1b[2J\\x0a?\n"


def test_csv_to_a_terminal_is_escaped_like_a_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal interprets what it is sent; a file or pipe gets the exact value."""

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    render([{"source": HOSTILE}], "csv", [("source", "Source")])
    assert terminal.getvalue() == f"source\r\n{for_terminal(HOSTILE, multiline=True)}\r\n"
    assert "\x1b" not in terminal.getvalue()


def test_for_terminal_keeps_text_and_escapes_controls() -> None:
    assert for_terminal("Kābul, Addis Abeba, كابل") == "Kābul, Addis Abeba, كابل"
    assert for_terminal("a\x1b[2Jb\x07\x7f\u2066") == "a\\x1b[2Jb\\x07\\x7f\\u2066"
    assert for_terminal("two\nlines\tand a tab") == "two\\x0alines\\x09and a tab"
    assert for_terminal("two\nlines\tand a tab", multiline=True) == "two\nlines\tand a tab"


# -- Output that cannot be written ---------------------------------------------------------


def shell(registry: Registry, command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REGISTRY_DATABASE_URL": registry.url.render_as_string(False)}
    registry_command = f"{sys.executable} -m registry.cli"
    return subprocess.run(
        ["sh", "-c", command.replace("registry", registry_command, 1)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_a_full_disk_is_one_line(registry: Registry, fmt: str) -> None:
    done = shell(registry, f"registry who-heads kabul --format {fmt} > /dev/full")
    assert done.returncode == 2
    assert done.stderr == "registry: cannot write the output: No space left on device\n"


@pytest.mark.parametrize("command", ["who-heads kabul --format json", "db status"])
def test_a_closed_stdout_is_one_line(registry: Registry, command: str) -> None:
    done = shell(registry, f"registry {command} >&-")
    assert done.returncode == 2
    assert done.stderr == "registry: cannot write the output: standard output is closed\n"


@pytest.mark.parametrize("fmt", ["table", "json", "jsonl", "csv"])
def test_a_reader_that_went_away_ends_the_command_quietly(registry: Registry, fmt: str) -> None:
    env = {**os.environ, "REGISTRY_DATABASE_URL": registry.url.render_as_string(False)}
    reader = subprocess.Popen(
        [sys.executable, "-m", "registry.cli", "who-heads", "kabul", "--format", fmt],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # `| head -0`: gone before the first line
    err = reader.stderr.read()
    assert reader.wait(timeout=60) == 1
    assert err == ""
