"""Every command explains itself with a real example, and --help needs no database."""

from __future__ import annotations

import click
import pytest
import typer
from typer.testing import CliRunner

from registry.cli import app


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


def test_every_command_help_shows_an_example() -> None:
    root = typer.main.get_command(app)
    assert isinstance(root, click.Group)
    names = commands(root)
    assert ("who-heads",) in names and ("history",) in names
    for name in names:
        result = CliRunner().invoke(app, [*name, "--help"])
        assert result.exit_code == 0, name
        # each argument listed once (click 8.5 added a section of its own beside typer's)
        assert "Positional arguments" not in result.output, name
        assert "Example:" in result.stdout, name
        assert f"registry {' '.join(name)}" in result.stdout, name


def test_help_never_shows_a_configured_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REGISTRY_DATABASE_URL", "postgresql://ops:s3cret@db.example/registry")
    result = CliRunner().invoke(app, ["who-heads", "--help"])
    assert result.exit_code == 0
    assert "s3cret" not in result.stdout


def test_help_shows_required_and_defaults_in_plain_brackets() -> None:
    """With rich installed, Typer escaped them for rich even with rich_markup_mode=None:
    the help read ``\\[required]`` and ``\\[default: table]``."""
    root = typer.main.get_command(app)
    assert isinstance(root, click.Group)
    for name in [(), *commands(root)]:
        result = CliRunner().invoke(app, [*name, "--help"])
        assert result.exit_code == 0, name
        assert "\\[" not in result.stdout, name
    who_heads = CliRunner().invoke(app, ["who-heads", "--help"]).stdout
    assert "CITY  City name, alias or slug (kabul, 'Addis Abeba'); with its country" in who_heads
    assert "'Berlin, DE').  [required]" in who_heads
    assert "json, jsonl or csv.  [default: table]" in " ".join(who_heads.split()).replace(
        "csv. [", "csv.  ["
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--bogus"], "registry: No such option '--bogus'. (see 'registry --help')\n"),
        (["bogus"], "registry: No such command 'bogus'. (see 'registry --help')\n"),
        (
            ["who-heads", "--bogus"],
            "registry: No such option '--bogus'. (see 'registry who-heads --help')\n",
        ),
        # A close name suggested once (click 8.4 and Typer 0.20 each added it).
        (
            ["histroy"],
            "registry: No such command 'histroy'. Did you mean 'history'? "
            "(see 'registry --help')\n",
        ),
        (
            ["record", "statuss"],
            "registry: No such command 'statuss'. Did you mean 'status'? "
            "(see 'registry record --help')\n",
        ),
    ],
)
def test_a_mistyped_option_or_command_is_one_line(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(app, args, prog_name="registry")
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)


def test_registry_alone_prints_its_help_as_click_does() -> None:
    result = CliRunner().invoke(app, [], prog_name="registry")
    assert result.exit_code == 2  # no command given: the help, on stderr
    assert result.stderr.startswith("Usage: registry [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.parametrize("group", ["import", "export", "db", "record"])
def test_a_group_alone_prints_its_help_as_click_does(group: str) -> None:
    """Not folded into one line with its line breaks escaped, as a usage error is."""
    result = CliRunner().invoke(app, [group], prog_name="registry")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Usage: registry {group} [OPTIONS] COMMAND [ARGS]...\n\n")
    assert "\nCommands:\n" in result.stderr and "\\x0a" not in result.stderr
