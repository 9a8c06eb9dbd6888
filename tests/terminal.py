"""A real terminal for tests: the command runs in a pseudo-terminal of a given size
(so it sees a TTY and asks its width as it would in xterm), and what it writes is
played through a VT100 emulator (pyte) to get the screen a person would see."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import ptyprocess
import pyte

REGISTRY = str(Path(sys.executable).with_name("registry"))


def screen(args: Sequence[str], columns: int, rows: int = 400, timeout: float = 60) -> list[str]:
    """The lines on screen after ``registry ARGS`` ran in a COLUMNSxROWS terminal
    (tall enough that nothing scrolls away), trailing blanks removed."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env["TERM"] = "xterm-256color"
    process = ptyprocess.PtyProcess.spawn(
        [REGISTRY, *args], dimensions=(rows, columns), env=env, echo=False
    )
    output = b""
    while True:
        try:
            output += process.read(65536)
        except EOFError:
            break
    process.wait()
    term = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(term)
    stream.feed(output)  # the terminal's line discipline has made each \n a \r\n
    lines = [line.rstrip() for line in term.display]
    while lines and not lines[-1]:
        lines.pop()
    return lines
