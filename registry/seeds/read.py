"""Reading seed files: which files a path names, their text (a regular file, not
too large, UTF-8), the YAML and its lines, each field checked (pydantic).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from registry.seedfile import MAX_BYTES, SeedFile, parse_yaml
from registry.seeds.report import Path_, SeedError, field_name


@dataclass
class ParsedFile:
    path: Path
    display: str
    content: SeedFile
    lines: dict[Path_, int]

    def line(self, loc: Path_) -> int | None:
        """Line of the deepest known node on the path (a missing field: its parent)."""
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.lines:
                return self.lines[loc[:cut]]
        return None


SEED_SUFFIXES = (".yaml", ".yml")


def seed_files(paths: Iterable[Path]) -> tuple[list[Path], list[SeedError]]:
    """The files to read: each path given, and every *.yaml / *.yml under each
    directory given. A link to a directory is not followed (it may loop, or lead
    out of the tree); it is named, never skipped in silence. A file reached twice
    (a directory and a file in it) is read once."""
    files: list[Path] = []
    errors: list[SeedError] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        found = _walk(path, errors)
        if not found:
            errors.append(
                SeedError("", None, "", f"no seed files in {_display(path)} (*.yaml or *.yml)")
            )
        files.extend(found)
    seen: set[Path] = set()
    unique: list[Path] = []
    for f in files:
        real = Path(os.path.realpath(f))
        if real not in seen:
            seen.add(real)
            unique.append(f)
    return unique, errors


def _walk(directory: Path, errors: list[SeedError]) -> list[Path]:
    found: list[Path] = []

    def unreadable(exc: OSError) -> None:
        where = _display(Path(exc.filename)) if exc.filename else _display(directory)
        errors.append(SeedError(where, None, "", f"cannot read: {exc.strerror or exc}"))

    for root, dirs, names in os.walk(directory, onerror=unreadable, followlinks=False):
        here = Path(root)
        for name in sorted(dirs):
            sub = here / name
            if sub.is_symlink():
                errors.append(
                    SeedError(
                        _display(sub),
                        None,
                        "",
                        f"a link to the directory {os.readlink(sub)!r}: not followed "
                        "(give that directory itself to load it)",
                    )
                )
        found.extend(here / n for n in names if Path(n).suffix in SEED_SUFFIXES)
    return sorted(found)


def _display(path: Path) -> str:
    try:
        return str(path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read_text(path: Path, display: str) -> tuple[str | None, SeedError | None]:
    """The file's text, or why it cannot be a seed file: not a regular file (a FIFO,
    /dev/zero), too large, or not UTF-8 (with the line of the first bad byte)."""

    def refused(message: str, line: int | None = None) -> tuple[None, SeedError]:
        return None, SeedError(display, line, "", message)

    try:
        info = path.stat()
    except OSError as exc:
        return refused(f"cannot read: {exc.strerror or exc}")
    if not stat.S_ISREG(info.st_mode):
        return refused("not a regular file")
    if info.st_size > MAX_BYTES:
        return refused(
            f"is {info.st_size / 2**20:,.1f} MB; a seed file may be at most {MAX_BYTES // 2**20} MB"
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the file may have grown since stat()
    except OSError as exc:
        return refused(f"cannot read: {exc.strerror or exc}")
    if len(raw) > MAX_BYTES:
        return refused(f"is more than {MAX_BYTES // 2**20} MB; a seed file may be at most that")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = " (is this a binary file?)" if b"\x00" in raw[:8192] else ""
        return refused(
            f"not UTF-8 text: byte 0x{raw[exc.start]:02X} at column {column}{hint}", line
        )


def read(paths: Iterable[Path]) -> tuple[list[ParsedFile], list[SeedError]]:
    files, errors = seed_files(paths)
    parsed: list[ParsedFile] = []
    for path in files:
        display = _display(path)
        raw, error = _read_text(path, display)
        if raw is None:
            assert error is not None
            errors.append(error)
            continue
        data, lines, problems = parse_yaml(raw)
        holder = ParsedFile(path, display, SeedFile(), lines)
        if problems:
            for problem in problems:
                line = problem.line or (holder.line(problem.loc) if problem.loc else None)
                errors.append(SeedError(display, line, field_name(problem.loc), problem.message))
            continue
        if data is None:
            errors.append(SeedError(display, None, "", f"empty file: {NOTHING_TO_LOAD}"))
            continue
        if not isinstance(data, dict):
            errors.append(SeedError(display, 1, "", "a seed file must be a mapping of lists"))
            continue
        try:
            content = SeedFile.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                message = err["msg"].removeprefix("Value error, ")
                if err["type"] == "extra_forbidden":
                    message = "unknown field"
                elif err["type"].endswith("_type") and isinstance(err["input"], bool):
                    # NO (Norway), yes, on, off: YAML 1.1's booleans
                    message = f"YAML reads this as {str(err['input']).lower()}: quote it"
                errors.append(SeedError(display, holder.line(loc), field_name(loc), message))
            continue
        if not any(getattr(content, group) for group in GROUPS):
            errors.append(SeedError(display, 1, "", NOTHING_TO_LOAD))
            continue
        parsed.append(ParsedFile(path, display, content, lines))
    return parsed, errors


GROUPS = ("sources", "parties", "cities", "authorities", "people", "missions", "complete_lists")
NOTHING_TO_LOAD = "no facts to load (a seed file holds one or more of: " + ", ".join(GROUPS) + ")"
