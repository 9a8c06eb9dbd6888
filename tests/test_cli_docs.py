"""docs/cli.md, the README's command tables and registry/cli_listing.py (what
`registry --help` lists) say what the code says: regenerated from every command's
--help and compared, so none can drift from the commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
import typer.main

from registry import cli_docs
from registry.cli import app
from registry.cli_help import listing

PAGES = cli_docs.pages()


def test_the_cli_reference_and_the_readme_tables_are_current() -> None:
    stale = [str(path.relative_to(cli_docs.ROOT)) for path, _ in cli_docs.stale(PAGES)]
    assert not stale, f"{', '.join(stale)} stale: run {cli_docs.COMMAND} (and review the diff)"


def test_every_command_and_sub_command_has_its_page() -> None:
    reference = cli_docs.REFERENCE.read_text(encoding="utf-8")
    names = [page.name for page in PAGES]
    assert len(names) == len(set(names))
    for expected in ("registry who-heads", "registry db status", "registry record retraction"):
        assert expected in names
    for name in names:
        assert f"\n## `{name}`\n" in reference, name


@pytest.mark.parametrize("columns", ["80", "100", "200"])
def test_each_page_is_what_help_prints_on_a_wide_terminal(
    columns: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through click's own argument parsing and terminal size, as the program runs (not
    click's CliRunner, which forces 80 columns)."""
    monkeypatch.setenv("COLUMNS", columns)
    command = typer.main.get_command(app)
    for page in PAGES:
        command.main([*page.words, "--help"], prog_name="registry", standalone_mode=False)
        assert capsys.readouterr().out == page.help + "\n", f"{page.name} at {columns} columns"


def _printed(
    command: click.Command, args: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[str, str, object]:
    with pytest.raises(SystemExit) as done:
        command.main(args, prog_name="registry")
    out, err = capsys.readouterr()
    return out, err, done.value.code


def test_the_listing_prints_what_the_whole_app_prints(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`registry --help` and bare `registry` from registry/cli_listing.py alone
    (registry.cli_help, as registry.launch runs them): the whole app's help, its
    stream and exit code, at every width click tells apart (it wraps at 50 to 78)."""
    whole = typer.main.get_command(app)
    for columns in range(40, 101):
        monkeypatch.setenv("COLUMNS", str(columns))
        for args in (["--help"], []):
            expected = _printed(whole, args, capsys)
            assert _printed(listing(), args, capsys) == expected, (args, columns)
            assert "who-heads" in expected[0] + expected[1]


@pytest.mark.parametrize("words", [(), ("record", "correction")])
def test_the_installed_command_prints_the_same(words: tuple[str, ...]) -> None:
    """The real program, a few of its pages: the reference is the help a user reads."""
    script = Path(sys.executable).with_name("registry")
    if not script.exists():
        pytest.skip("registry is not installed next to this Python")
    page = next(p for p in PAGES if p.words == words)
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    out = subprocess.run(
        [script, *words, "--help"], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout == page.help + "\n"


def test_every_command_is_in_exactly_one_readme_table() -> None:
    for page in PAGES:
        if page.is_group:
            continue
        tables = [name for name, keep in cli_docs.README_TABLES.items() if keep(page)]
        assert len(tables) == 1, (page.name, tables)
        assert f"(docs/cli.md#{page.anchor})" in cli_docs.README.read_text(encoding="utf-8")


def test_only_the_generated_sections_of_the_readme_change() -> None:
    text = (
        "<!-- run-command -->\n```sh\nkept\n```\n\n"
        "<!-- generated: cli-record by hand -->\nold table\n<!-- end generated: cli-record -->\n"
        "after\n"
    )
    new = cli_docs.render_readme(text, PAGES)
    assert new.startswith("<!-- run-command -->\n```sh\nkept\n```\n\n<!-- generated: cli-record")
    assert new.endswith("<!-- end generated: cli-record -->\nafter\n")
    assert "old table" not in new
    assert "[`registry record appointment SENDING [CITY]`]" in new
    assert "registry who-heads" not in new


def test_the_first_sentence_is_not_cut_at_an_abbreviation() -> None:
    assert cli_docs.first_sentence("In a city (Arts. 14 and 16): class. More.\n\nNext.") == (
        "In a city (Arts. 14 and 16): class."
    )
