"""`registry record ...`: news into the registry, one fact at a time, from the terminal.

Each command parses its options, hands registry.record one fact, and prints what
it changed. One transaction per command: any error is one line on stderr, exit 2,
and nothing written. ``--dry-run`` does all of it, prints it, and rolls back.
"""

from __future__ import annotations

# The commands, in the order `registry record --help` lists them.
# isort: off
from registry.cli_record_common import record_app
from registry import cli_record_events, cli_record_corrections, cli_record_lists  # noqa: F401

# isort: on

__all__ = ["record_app"]
