"""Applied revisions never change: what `alembic upgrade PREV:REV --sql` prints for each
is byte-identical to the reviewed copy in migrations/offline/ (offline: no server)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from registry import schema
from registry.paths import migrations_dir

OFFLINE = Path(__file__).resolve().parents[1] / "migrations" / "offline"
REVISIONS = list(reversed(list(ScriptDirectory(str(migrations_dir())).walk_revisions())))


def offline_sql(revision: str, down: str | None, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("REGISTRY_DATABASE_URL", "postgresql://ci@offline.invalid/registry")
    buffer = io.StringIO()
    config = schema.alembic_config()
    config.output_buffer = buffer  # type: ignore[attr-defined]
    command.upgrade(config, f"{down}:{revision}" if down else revision, sql=True)  # type: ignore[arg-type]
    return buffer.getvalue()


@pytest.mark.parametrize("script", REVISIONS, ids=lambda s: s.revision)
def test_an_applied_revision_emits_the_sql_that_was_reviewed(
    script: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    revision, down = script.revision, script.down_revision  # type: ignore[attr-defined]
    frozen = OFFLINE / f"{revision}.sql"
    assert frozen.exists(), (
        f"revision {revision} has no reviewed offline SQL: see migrations/offline/README.md"
    )
    assert offline_sql(revision, down, monkeypatch) == frozen.read_text(encoding="utf-8")
