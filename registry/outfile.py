"""Writing to a path a person named (`export --output`, `--chart`) as Unix tools do.

A regular file (new, or old through any symlink to it) is replaced whole: written
beside it, then renamed over it, so a reader never sees half a file and a failed
write leaves the earlier one. A FIFO or a character device (a terminal, /dev/null)
is written into as it is, as shell redirection would. A directory, a missing
directory, a block device or a socket is refused before any work is done: a
registry never overwrites a disk, which as root nothing else would stop.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO


class OutputPathError(ValueError):
    """The path cannot be written (one line for the user, exit 2)."""


@dataclass(frozen=True)
class Destination:
    """``path`` replaced whole, or (``stream``) written into as it is."""

    given: Path  # as the user wrote it, for messages
    path: Path
    stream: bool


def destination(output: Path, option: str) -> Destination:
    """Where ``output`` writes, checked before anything runs."""
    given = output.expanduser()
    try:
        mode: int | None = os.stat(given).st_mode  # follows symlinks: what the path names
    except FileNotFoundError:
        mode = None
    except OSError as exc:  # a loop of symlinks, a path through a file
        raise OutputPathError(f"{option}: cannot write {output}: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputPathError(f"{option}: {output} is a directory: give a file name")
    if mode is not None and (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        return Destination(output, given, stream=True)
    if mode is not None and not stat.S_ISREG(mode):
        kind = (
            "a block device"
            if stat.S_ISBLK(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a file"
        )
        raise OutputPathError(
            f"{option}: {output} is {kind}: write to a file, a FIFO or a terminal"
        )
    # A new file, or a regular one (a dangling symlink names the file to create):
    # written beside the file itself, so the rename keeps any symlink to it.
    path = Path(os.path.realpath(given))
    if not path.parent.is_dir():
        reason = "No such file or directory" if not path.parent.exists() else "Not a directory"
        raise OutputPathError(f"{option}: cannot write {output}: {reason}")
    return Destination(output, path, stream=False)


def write(where: Destination, option: str, fill: Callable[[IO[bytes]], None]) -> None:
    """Write what ``fill`` writes into the binary file it is given."""
    if where.stream:
        try:
            with open(where.path, "wb") as f:
                fill(f)
        except OSError as exc:
            raise OutputPathError(
                f"{option}: cannot write {where.given}: {exc.strerror or exc}"
            ) from None
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{where.path.name}.", dir=where.path.parent)
    except OSError as exc:
        raise OutputPathError(
            f"{option}: cannot write {where.given}: {exc.strerror or exc}"
        ) from None
    try:
        with os.fdopen(fd, "wb") as f:
            fill(f)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, where.path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputPathError(
            f"{option}: cannot write {where.given}: {exc.strerror or exc}"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
