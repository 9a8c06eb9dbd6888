"""What each import read and what it reported (revision 0024): an import of files
whose fingerprint matches an earlier one, with nothing written to the registry
since, has nothing to write, and says so without reading them again (issue 19;
registry/bundle/runs.py, docs/importing.md).

``write_mark`` is a sequence that every statement writing to a fact or reference
table advances (the statement trigger ``note_write``); an import keeps its value at
commit when no other writer was at work meanwhile.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Index, Text, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from registry.limits import TEXT
from registry.models.base import Base, int_pk, lengths


class ImportRun(Base):
    __tablename__ = "import_run"
    __table_args__ = (
        CheckConstraint("dataset ~ '^[a-z][a-z-]{0,39}$'", name="dataset_named"),
        CheckConstraint("fingerprint ~ '^[0-9a-f]{64}$'", name="fingerprint_sha256"),
        *lengths(("input", TEXT)),
        Index("ix_import_run_dataset_fingerprint", "dataset", "fingerprint"),
        {
            "comment": "One committed import (registry import ...): the dataset, what it read "
            "(a fingerprint of the files, the importer and its options), the write mark at "
            "its commit, and its report. Written by the importer in the import's own "
            "transaction; read to tell an unchanged re-import that it has nothing to write."
        },
    )

    id: Mapped[int_pk]
    dataset: Mapped[str] = mapped_column(
        Text, comment="The importer: bundle, pocom, rdcr or wikidata-embassies."
    )
    input: Mapped[str] = mapped_column(
        Text, comment="The file or directory imported, as the command was given it."
    )
    fingerprint: Mapped[str] = mapped_column(
        Text,
        comment="SHA-256 (hex) of every file read (path and bytes), the registry's own code "
        "and reference data, and the options that change what is written.",
    )
    write_mark: Mapped[int | None] = mapped_column(
        BigInteger,
        comment="write_mark's value at the import's commit; NULL when another writer was at "
        "work during the import (what it wrote may not be in this import's view).",
    )
    counts: Mapped[dict[str, Any]] = mapped_column(
        JSONB,
        comment="Per table, the rows inserted, superseded and found unchanged: "
        '{"tenure": [inserted, superseded, unchanged], ...}.',
    )
    problems: Mapped[list[Any]] = mapped_column(
        JSONB,
        comment="Every unmapped value and notice the import reported, each as "
        "[file, line, field, value, message, severity].",
    )
    imported_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=text("now()"),
        comment="When the import's transaction began (its commit followed).",
    )
    imported_by: Mapped[str] = mapped_column(
        Text, server_default=text("CURRENT_USER"), comment="The database user who ran the import."
    )
