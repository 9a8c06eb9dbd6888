"""The installed `registry` command: start-up kept to what the command asked for.

Typer turns every command it holds into a click command on each start, and the
command modules import what their commands need: together more than the whole
of a read on a database (benchmarks/README.md, issue 19). So `registry who-heads`
imports and builds who-heads only, and each other command or group the module that
adds it; `registry --help` and bare `registry`, which list every command by its name
and help, print what registry.cli_docs recorded of them (registry/cli_listing.py)
with click alone: no command module, not typer; everything else (a mistyped name,
shell completion) goes through registry.cli, which adds them all.
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

# Each command and group and the module that adds it (a group: with the name of its
# Typer, which registry.cli adds under that name): `registry NAME ...` imports and
# builds that module alone. tests/test_startup.py checks that this names every command
# and group, and that each started alone shows the whole app's help.
ON_THEIR_OWN: dict[str, tuple[str, str | None]] = {
    "who-heads": ("registry.cli_who_heads", None),
    "load": ("registry.cli_load", None),
    "history": ("registry.cli_read", None),
    "represents": ("registry.cli_read", None),
    "accredited-to": ("registry.cli_read", None),
    "person": ("registry.cli_read", None),
    "summary": ("registry.cli_read", None),
    "precedence": ("registry.cli_read", None),
    "recognition": ("registry.cli_read", None),
    "relations": ("registry.cli_read", None),
    "conflicts": ("registry.cli_conflicts", None),
    "serve": ("registry.cli_serve", None),
    "export": ("registry.cli_export", "export_app"),
    "import": ("registry.cli_import", "import_app"),
    "db": ("registry.cli_db", "db_app"),
    "record": ("registry.cli_record", "record_app"),
}


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
    if completing or name not in ON_THEIR_OWN:
        import registry.cli  # noqa: F401 (adds every command to app)
        from registry.cli_common import app

        return app
    from typer.models import CommandInfo

    from registry.cli_common import app

    only = copy.copy(app)  # the same settings: the same group class, help, exit codes
    only.registered_groups = []
    module, group = ON_THEIR_OWN[str(name)]
    imported = importlib.import_module(module)
    if group is not None:
        only.registered_commands = []
        only.add_typer(getattr(imported, group), name=name)
    else:
        only.registered_commands = [c for c in app.registered_commands if c.name == name]
    # With one command and no group Typer makes `registry` that command itself, and
    # `registry who-heads` would no longer parse: a hidden second one keeps the group.
    only.registered_commands.append(CommandInfo(name=" ", hidden=True, callback=_nothing))
    return only


def main() -> None:
    run(app_for(sys.argv[1:]))
