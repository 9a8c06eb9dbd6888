"""Where the migrations and seeds are: beside the package in a source checkout,
inside it (``registry/_bundled``) when installed from a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"registry installation is missing its {name!r}")


def migrations_dir() -> Path:
    return _find("migrations")


def seeds_dir() -> Path:
    return _find("seeds")


def alembic_ini() -> Path:
    return _find("alembic.ini")
