"""The embedded default as a new user meets it: no database configured at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest


def registry(data_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "REGISTRY_DATABASE_URL"}
    env["REGISTRY_DATA_DIR"] = str(data_dir)
    return subprocess.Popen(
        [sys.executable, "-m", "registry.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_first_commands_at_once_initialise_migrate_and_seed_once() -> None:
    # A short path: the server's Unix socket lives in it, and socket paths are limited.
    data_dir = Path(tempfile.mkdtemp(prefix="registry-"))
    try:
        first, second = (registry(data_dir, "who-heads", "kabul", "-f", "json") for _ in "12")
        results = [p.communicate(timeout=120) for p in (first, second)]
        assert first.returncode == 0 and second.returncode == 0, results
        assert all(len(json.loads(out)) == 17 for out, _ in results), results
        said = [err for _, err in results if "initialised the embedded PostgreSQL" in err]
        assert len(said) == 1, results
        assert len(said[0].strip().splitlines()) == 1  # one line on stderr, no more

        out, err = registry(data_dir, "load").communicate(timeout=60)
        assert out.startswith("nothing changed in embedded PostgreSQL"), err
    finally:
        registry(data_dir, "db", "stop").communicate(timeout=60)
        shutil.rmtree(data_dir, ignore_errors=True)


# -- A server that is starting: postmaster.pid as the server writes it, in steps ----------

COMPLETE = "{pid}\n{pgdata}\n1764580000\n{port}\n{socket}\n\n  5432001    32768\n{status}\n"


def half_written(pid: int, pgdata: Path, socket: Path) -> dict[str, str]:
    full = {"pid": str(pid), "pgdata": str(pgdata), "port": "5432", "socket": str(socket)}
    return {
        "an empty socket line": COMPLETE.format(**{**full, "socket": "", "status": "ready"}),
        "only the first lines": f"{pid}\n{pgdata}\n1764580000\n5432\n",
        "the pid line alone": f"{pid}\n",
        "an empty file": "",
        "port 0": COMPLETE.format(**{**full, "port": "0", "status": "ready"}),
        "still starting": COMPLETE.format(**full, status="starting"),
        "no status line": COMPLETE.format(**full, status="").rstrip("\n") + "\n",
        "a socket directory without the socket": COMPLETE.format(**full, status="ready"),
    }


CASES = list(half_written(1, Path("/x"), Path("/x")))


@pytest.mark.parametrize("case", CASES)
def test_a_half_written_postmaster_pid_is_waited_for_never_guessed_from(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the server starts, postmaster.pid lacks its socket line for a moment: a
    URL built from it had an empty host, so libpq connected to the machine's own
    PostgreSQL (a `registry load` then would have written into it). Now the command
    waits for the server under the lock, then says it is not ready, and connects
    nowhere."""
    from typer.testing import CliRunner

    from registry import embedded
    from registry.cli import app

    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text("18\n")
    (tmp_path / ".ready").write_text("migrated and seeded\n")
    live = subprocess.Popen(["sleep", "60"])  # a live pid that is no server (never signalled)
    try:
        (pgdata / "postmaster.pid").write_text(half_written(live.pid, pgdata, tmp_path)[case])
        monkeypatch.setenv("REGISTRY_DATA_DIR", str(tmp_path))
        monkeypatch.delenv("REGISTRY_DATABASE_URL", raising=False)
        monkeypatch.setattr(embedded, "STARTUP_WAIT", 0.3)
        not_ready = (
            f"registry: the embedded PostgreSQL in {pgdata} is not ready after 0.3 s "
            f"({pgdata / 'postmaster.pid'} names no socket of a ready server): "
            "try again, or see its log in that directory\n"
        )
        for command in (["who-heads", "kabul"], ["load"], ["db", "status"], ["db", "stop"]):
            result = CliRunner().invoke(app, command)
            assert result.exit_code == 2, (command, result.output)
            assert result.stdout == ""
            assert result.stderr == not_ready, command
        assert live.poll() is None  # `db stop` signalled nothing
    finally:
        live.kill()
        live.wait()


def test_a_complete_postmaster_pid_of_a_ready_server_names_its_own_socket(tmp_path: Path) -> None:
    from registry import embedded

    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    import socket as sockets

    listener = sockets.socket(sockets.AF_UNIX)
    listener.bind(str(tmp_path / ".s.PGSQL.5432"))
    try:
        (pgdata / "postmaster.pid").write_text(
            COMPLETE.format(
                pid=os.getpid(), pgdata=pgdata, port=5432, socket=tmp_path, status="ready"
            )
        )
        assert embedded.server_state(pgdata).socket == (str(tmp_path), 5432)
        url = embedded._url(str(tmp_path), 5432, "registry")
        assert f"host={str(tmp_path).replace('/', '%2F')}" in url
    finally:
        listener.close()


def test_a_postmaster_pid_of_a_process_that_is_gone_is_a_stopped_server(tmp_path: Path) -> None:
    from registry import embedded

    gone = subprocess.Popen(["true"])
    gone.wait()
    (tmp_path / "postmaster.pid").write_text(f"{gone.pid}\n{tmp_path}\n")
    assert embedded.server_state(tmp_path) == embedded.ServerState(None, busy=False)


@pytest.mark.parametrize("command", [["who-heads", "kabul"], ["db", "start"], ["db", "stop"]])
def test_a_data_directory_that_cannot_be_one_is_one_line(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from registry.cli import app

    (tmp_path / "a-file").write_text("not a directory\n")
    monkeypatch.setenv("REGISTRY_DATA_DIR", str(tmp_path / "a-file"))
    monkeypatch.delenv("REGISTRY_DATABASE_URL", raising=False)
    result = CliRunner().invoke(app, command)
    if command == ["db", "stop"]:  # nothing there runs: nothing to stop
        assert (result.exit_code, result.stdout) == (0, "the embedded PostgreSQL was not running\n")
        return
    assert result.exit_code == 2
    assert result.stderr == (
        f"registry: cannot use {tmp_path / 'a-file'} for the embedded PostgreSQL: File exists "
        "(set REGISTRY_DATA_DIR to another directory, or REGISTRY_DATABASE_URL to your server)\n"
    )


def test_a_database_an_earlier_version_prepared_is_given_the_seeds_new_facts_once() -> None:
    """Issue 20: an embedded database made before the seeds stated the Kabul list is
    migrated and given it on first use, with nothing else added or duplicated."""
    import psycopg

    from registry import embedded

    data_dir = Path(tempfile.mkdtemp(prefix="registry-"))
    try:
        out, err = registry(data_dir, "who-heads", "kabul", "-f", "json").communicate(timeout=120)
        assert len(json.loads(out)) == 17, err
        url = embedded.ensure_running(data_dir)
        counts = "SELECT (SELECT count(*) FROM mission), (SELECT count(*) FROM tenure),"
        counts += " (SELECT count(*) FROM status_change), (SELECT count(*) FROM complete_list)"
        with psycopg.connect(url, autocommit=True) as conn:
            fresh = conn.execute(counts).fetchone()
            # As an earlier version left it: no list, and its own mark of readiness.
            conn.execute("DELETE FROM complete_list_mission")
            conn.execute("DELETE FROM complete_list")
        (data_dir / ".ready").write_text("migrated and seeded\n")
        out, err = registry(data_dir, "who-heads", "kabul", "-f", "json").communicate(timeout=120)
        assert len(json.loads(out)) == 17, err
        assert "prepared the embedded PostgreSQL" in err
        with psycopg.connect(url, autocommit=True) as conn:
            assert conn.execute(counts).fetchone() == fresh
        out, err = registry(data_dir, "who-heads", "kabul", "-f", "json").communicate(timeout=60)
        assert err == ""  # ready: prepared once
    finally:
        registry(data_dir, "db", "stop").communicate(timeout=60)
        shutil.rmtree(data_dir, ignore_errors=True)
