"""The installed `registry` command: start-up kept to what the command asked for.

Typer turns every command it holds into a click command on each start, and the
command modules import what their commands need: together more than the whole
of a read on a database (benchmarks/README.md, issue 19). So `registry who-heads`
imports and builds who-heads only; everything else (`registry --help` included,
which lists every command) goes through registry.cli, which adds them all; for
`registry --help` the groups' own commands are not built.
"""

from __future__ import annotations

import copy
import os
import sys
from typing import TYPE_CHECKING, Any

from registry.cli_run import run

if TYPE_CHECKING:
    from collections.abc import Callable

    import typer

# The commands started on their own: a module that adds only that command to app.
ON_THEIR_OWN = {"who-heads": "registry.cli_who_heads"}


def _nothing() -> None:
    """The hidden second command that keeps `registry` a group when one command is built."""


def app_for(args: list[str]) -> typer.Typer:
    """The app with just the command ``args`` name, if it is one started on its own;
    else every command (registry.cli). Shell completion always gets them all."""
    import importlib

    name = args[0] if args else None
    completing = any(key.endswith("_COMPLETE") for key in os.environ)
    if name not in ON_THEIR_OWN or completing:
        import registry.cli  # noqa: F401 (adds every command to app)
        from registry.cli_common import app

        if args in ([], ["--help"]) and not completing:
            return _listing(app)
        return app
    importlib.import_module(ON_THEIR_OWN[name])
    from typer.models import CommandInfo

    from registry.cli_common import app

    only = copy.copy(app)  # the same settings: the same group class, help, exit codes
    only.registered_commands = [c for c in app.registered_commands if c.name == name]
    # With one command and no group Typer makes `registry` that command itself, and
    # `registry who-heads` would no longer parse: a hidden second one keeps the group.
    only.registered_commands.append(CommandInfo(name=" ", hidden=True, callback=_nothing))
    only.registered_groups = []
    return only


def _help_only(callback: Callable[..., Any] | None) -> Callable[[], None]:
    """A command's callback as the listing needs it: its name and its help, no
    parameters for Typer to turn into options."""

    def listed() -> None:
        """Never called: `registry --help` lists commands, it runs none."""

    if callback is not None:
        listed.__name__, listed.__doc__ = callback.__name__, callback.__doc__
    return listed


def _listing(app: typer.Typer) -> typer.Typer:
    """The app for `registry --help`: every command and group by its name and help,
    which is all the listing shows; no command's options, no group's commands."""
    listing = copy.copy(app)
    listing.registered_commands = []
    for command in app.registered_commands:
        shown = copy.copy(command)
        shown.callback = _help_only(command.callback)
        listing.registered_commands.append(shown)
    listing.registered_groups = []
    for group in app.registered_groups:
        if group.typer_instance is None:  # not one of registry's: listed as it is
            listing.registered_groups.append(group)
            continue
        empty = copy.copy(group.typer_instance)
        empty.registered_commands, empty.registered_groups = [], []
        listed = copy.copy(group)
        listed.typer_instance = empty
        listing.registered_groups.append(listed)
    return listing


def main() -> None:
    run(app_for(sys.argv[1:]))
