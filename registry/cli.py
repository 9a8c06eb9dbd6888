"""The `registry` command: every command and group added to one app. Each command
parses, calls the library (registry.read, registry.seeds, registry.record ...) and
hands rows to output; registry.launch starts one of them without the others.

Exit codes: 0 answered, 1 nothing matched, 2 usage error (an unknown name, bad
input, an unreachable or un-migrated database).
"""

from __future__ import annotations

# The commands are listed in the order they are added to app: who-heads, load, the
# reading commands (cli_read), conflicts, serve; then the groups, each a sub-app.
# isort: off
import registry.cli_who_heads
import registry.cli_load
import registry.cli_read
import registry.cli_conflicts
import registry.cli_serve  # noqa: F401
from registry.cli_common import app
from registry.cli_db import db_app
from registry.cli_export import export_app
from registry.cli_import import import_app
from registry.cli_record import record_app

# isort: on

app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
app.add_typer(db_app, name="db")
app.add_typer(record_app, name="record")


def main() -> None:
    """`python -m registry.cli`: every command built (the installed `registry` starts
    through registry.launch, which builds only the command asked for)."""
    from registry.cli_run import run

    run(app)


if __name__ == "__main__":
    main()
