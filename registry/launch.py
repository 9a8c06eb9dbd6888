"""The installed `registry` command: start-up kept to what the command asked for.

Typer turns every command it holds into a click command on each start, and the
command modules import what their commands need: together more than the whole
of a read on a database (benchmarks/README.md, issue 19). So `registry who-heads`
imports and builds who-heads only; `registry --help` and bare `registry`, which
list every command by its name and help, print what registry.cli_docs recorded of
them (registry/cli_listing.py) with click alone: no command module, not typer;
everything else goes through registry.cli, which adds them all.
"""

from __future__ import annotations

import copy
import os
import sys
from typing import TYPE_CHECKING

from registry.cli_run import run

if TYPE_CHECKING:
    import click
    import typer

# The commands started on their own: a module that adds only that command to app.
ON_THEIR_OWN = {"who-heads": "registry.cli_who_heads"}
# The groups started on their own: the module and its Typer, which registry.cli adds
# under that name (an unchanged re-import answers in a third of a second, issue 19).
GROUPS_ON_THEIR_OWN = {"import": ("registry.cli_import", "import_app")}


def _nothing() -> None:
    """The hidden second command that keeps `registry` a group when one command is built."""


def app_for(args: list[str]) -> typer.Typer | click.Group:
    """The listing for `registry --help` and bare `registry`; the app with just the
    command or group ``args`` name, if it is one started on its own; else every
    command (registry.cli). Shell completion always gets them all."""
    import importlib

    name = args[0] if args else None
    completing = any(key.endswith("_COMPLETE") for key in os.environ)
    if args in ([], ["--help"]) and not completing:
        from registry.cli_help import listing

        return listing()
    if completing or (name not in ON_THEIR_OWN and name not in GROUPS_ON_THEIR_OWN):
        import registry.cli  # noqa: F401 (adds every command to app)
        from registry.cli_common import app

        return app
    from typer.models import CommandInfo

    from registry.cli_common import app

    only = copy.copy(app)  # the same settings: the same group class, help, exit codes
    only.registered_groups = []
    if name in GROUPS_ON_THEIR_OWN:
        module, attribute = GROUPS_ON_THEIR_OWN[name]
        only.registered_commands = []
        only.add_typer(getattr(importlib.import_module(module), attribute), name=name)
    else:
        importlib.import_module(ON_THEIR_OWN[str(name)])
        only.registered_commands = [c for c in app.registered_commands if c.name == name]
    # With one command and no group Typer makes `registry` that command itself, and
    # `registry who-heads` would no longer parse: a hidden second one keeps the group.
    only.registered_commands.append(CommandInfo(name=" ", hidden=True, callback=_nothing))
    return only


def main() -> None:
    run(app_for(sys.argv[1:]))
