"""Help as `registry` prints it, with click alone: the formatter of every page (the
app's group, registry.cli_common, sets it on each command), and the listing that
`registry --help` and bare `registry` print, built from what registry.cli_docs
recorded in registry/cli_listing.py, so neither typer nor any command module is
imported for it (registry.launch, issue 19)."""

from __future__ import annotations

from collections.abc import Iterable
from gettext import gettext as _
from typing import Any

import click


class HelpFormatter(click.HelpFormatter):
    """Help as Typer means it: with rich installed but rich_markup_mode=None, Typer
    still escapes the brackets of "[required]" and "[default: table]" for rich."""

    def write_dl(self, rows: Iterable[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        super().write_dl([(term, text.replace("\\[", "[")) for term, text in rows], *args, **kwargs)


class HelpContext(click.Context):
    formatter_class = HelpFormatter


class _Listing(click.Group):
    """`registry` as its own help shows it. Only [] and ["--help"] reach it, so no
    option but --help needs parsing: the others are rows of text, as recorded."""

    context_class = HelpContext

    def __init__(self, options: Iterable[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.option_rows = list(options)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # As Typer writes the section (typer.core._typer_format_options), then the commands.
        with formatter.section(_("Options")):
            formatter.write_dl(self.option_rows)
        self.format_commands(ctx, formatter)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order they were added, as Typer lists them


def listing() -> click.Group:
    """The app `registry --help` runs: the recorded help, options and commands.
    Each command keeps its whole help, which click cuts to the terminal's width."""
    from registry import cli_listing

    return _Listing(
        cli_listing.OPTIONS,
        help=cli_listing.HELP,
        commands=[click.Command(name, help=text) for name, text in cli_listing.COMMANDS],
        no_args_is_help=True,
    )
