"""The embedded default as a new user meets it: no database configured at all."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


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
