"""Running the app, for the installed `registry` (registry.launch) and `python -m
registry.cli` alike: a closed standard output fails in one line, Ctrl-C exits 130."""

from __future__ import annotations

import errno
import io
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer


class _ClosedOutput(io.TextIOBase):
    """Standard output when the shell closed it (``registry ... >&-``): writing fails
    as it would on the closed descriptor, in one line, like any Unix tool."""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def run(app: typer.Typer) -> None:
    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
