"""What applied revisions ran, each distinct text of an object stored once.

``migrations/sql/versions/<object>/<rev>.sql`` is the text of ``<object>`` (a view,
a function, a table with its indexes, or ``reporting``: the schema's opening
comments) as revision ``<rev>`` first ran it; a revision that ran the same text
again stores nothing. A revision reads the version current at itself, so a file
added for a later revision cannot change what an earlier one emits:
tests/test_offline_sql.py holds each revision's SQL byte for byte. These files are
frozen; the text to edit is registry/sql/.
"""

from __future__ import annotations

from registry.paths import migrations_dir


def text(name: str, revision: str) -> str:
    """The text of object ``name`` as revision ``revision`` ran it."""
    folder = migrations_dir() / "sql" / "versions" / name
    versions = sorted(p.stem for p in folder.glob("*.sql") if p.stem <= revision)
    if not versions:
        raise LookupError(f"no frozen text of {name} at or before revision {revision}")
    return (folder / f"{versions[-1]}.sql").read_text(encoding="utf-8")


def join(revision: str, *names: str) -> str:
    """Several objects' texts at ``revision``, in the order given (dependency order)."""
    return "".join(text(name, revision) for name in names)
