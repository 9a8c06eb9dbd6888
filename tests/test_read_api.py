"""The read library (registry.read) from Python: the same answers as the commands,
its own errors, no CLI imported, and the README's example as written."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import URL

from registry.read import AmbiguousName, InvalidName, Registry, UnknownName
from registry.render import mission_row, rows_of
from tests.conftest import Registry as Cli

README = Path(__file__).resolve().parent.parent / "README.md"
DAY = dt.date(2024, 1, 1)
SEED = ("--source", "kabul-2024-09")  # a source the seeds hold


def _url(db: URL) -> str:
    return db.render_as_string(hide_password=False)


@pytest.fixture
def lib(shared_db: URL) -> Iterator[Registry]:
    with Registry.connect(_url(shared_db)) as registry:
        yield registry


def cli_json(cli: Cli, *args: str) -> list[dict[str, object]]:
    code, out, err = cli(*args, "--format", "json")
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def test_presumed_closed_missions_and_conflicts_are_asked_as_on_the_command_line(
    fresh_registry: Cli, tmp_path: Path
) -> None:
    """Germany's embassy in Kabul, last reported in 2022, is left out by the 2024 list:
    `who_heads(every=True)` is `who-heads --all`, `conflicts()` is `registry conflicts`."""
    seed = tmp_path / "de-kabul.yaml"
    seed.write_text(
        "sources:\n  - {key: de-kabul-2022-11, title: Wikidata extract, publisher: Wikidata,"
        " published: 2022-11}\n"
        "missions:\n  - {sending: DE, kind: embassy, city: Kabul, source: de-kabul-2022-11,"
        " status: [{change: reported-operating, date: 2022-11}]}\n",
        encoding="utf-8",
    )
    assert fresh_registry("load", str(seed))[0] == 0
    day = dt.date(2025, 1, 1)
    asked = ["--as-of", day.isoformat()]
    with Registry.connect(_url(fresh_registry.url)) as lib:
        every = lib.who_heads("kabul", as_of=day, every=True)
        shown = lib.who_heads("kabul", as_of=day)
        found = lib.conflicts("kabul")
    assert "DE" in {p.sending_code for p in every.missions} - {
        p.sending_code for p in shown.missions
    }
    assert [mission_row(p) for p in every.missions] == cli_json(
        fresh_registry, "who-heads", "kabul", "--all", *asked
    )
    assert found.where == "Kabul, Afghanistan"
    assert found.conflicts == ()


def test_the_library_imports_neither_typer_nor_rich() -> None:
    code = (
        "import sys, registry.read, registry.render; "
        "assert not {'typer', 'rich', 'click'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_answers_are_the_commands_rows(lib: Registry, registry: Cli) -> None:
    asked = ["--as-of", DAY.isoformat()]
    heads = lib.who_heads("kabul", as_of=DAY)
    assert [mission_row(p) for p in heads.missions] == cli_json(
        registry, "who-heads", "kabul", *asked
    )
    assert heads.city.name == "Kabul"
    history = lib.history("kazakhstan", "kabul")
    assert rows_of(history.events) == cli_json(registry, "history", "kazakhstan", "kabul")
    assert rows_of(lib.precedence("kabul", as_of=DAY).entries) == cli_json(
        registry, "precedence", "kabul", *asked
    )
    assert rows_of(lib.summary("kabul", as_of=DAY).lines) == cli_json(
        registry, "summary", "kabul", *asked
    )
    assert rows_of(lib.recognition("afghanistan").missions) == cli_json(
        registry, "recognition", "afghanistan"
    )


def test_history_by_mission_id_and_the_doyen(lib: Registry) -> None:
    mission = lib.history("kazakhstan", "kabul").missions[0]
    assert lib.history(mission.mission_id).missions == (mission,)
    doyen = lib.precedence("kabul", as_of=DAY).doyen
    assert doyen is not None and doyen.head == "Alimkhan Yesengeldiyev"


def test_names_fail_with_the_librarys_errors(lib: Registry) -> None:
    with pytest.raises(UnknownName) as unknown:
        lib.who_heads("kabull")
    assert "Kabul" in unknown.value.suggestions
    with pytest.raises(InvalidName, match="empty city name"):
        lib.who_heads("  ")
    with pytest.raises(AmbiguousName):
        lib.person("a")


def test_recorded_time_is_per_answer(fresh_registry: Cli, seeded_db: URL) -> None:
    before = dt.datetime.now(dt.UTC)
    code, _, err = fresh_registry(
        "record", "status", "suspended", "CN", "kabul", "--on", "2025-02", *SEED
    )  # fmt: skip
    assert code == 0, err
    with Registry.connect(_url(seeded_db)) as lib:
        now = lib.history("CN", "kabul")
        then = lib.history("CN", "kabul", as_recorded=before)
        assert len(then.events) < len(now.events)
        assert lib.history("CN", "kabul") == now  # back at the session's time


def test_the_readme_example_runs_as_written(shared_db: URL) -> None:
    text = README.read_text()
    found = re.search(r"<!-- from-python.*?```python\n(.*?)```\n\n```text\n(.*?)```", text, re.S)
    assert found, "README.md has no From Python example"
    code, expected = found.groups()
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "REGISTRY_DATABASE_URL": _url(shared_db)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected
