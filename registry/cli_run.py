"""Running the app, for the installed `registry` (registry.launch) and `python -m
registry.cli` alike: a closed standard output fails in one line, Ctrl-C exits 130."""

from __future__ import annotations

import errno
import io
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable


class _ClosedOutput(io.TextIOBase):
    """Standard output when the shell closed it (``registry ... >&-``): writing fails
    as it would on the closed descriptor, in one line, like any Unix tool."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def run(app: Callable[[], object]) -> None:
    """The app (a Typer app, or the click group of registry.cli_help's listing), run."""
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
