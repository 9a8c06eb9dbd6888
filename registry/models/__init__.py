"""The registry's schema as typed SQLAlchemy models.

The database, not Python, enforces the invariants: foreign keys, CHECKs and an
exclusion constraint that forbids two heads of one mission at the same time.
Every table and column carries a comment, which lands in the catalog as
``COMMENT ON`` so analysts can read the schema with ``\\d+``.

``base``: the declarative base and the columns tables share; ``parties``: sources,
parties, authorities, cities; ``vocabulary``: kinds and ranks; ``facts``: missions,
accreditations, people, tenures, status changes; ``timelines``: the derived tables;
``evidence``, ``world``, ``relations``, ``forms``, ``seats``, ``imports``: the tables of later
issues.
Importing this package declares them all on ``Base.metadata`` (Alembic and the tests read it).

Vocabulary in the domain's words: a *mission* is a sending party's post in a
place; its *head of mission* holds a *rank* for a *tenure*; a mission is
*accredited* to one or more parties; *credentials* go to an *authority*; every
fact row cites a *source*.
"""

from __future__ import annotations

# The order tables are declared in is the order Base.metadata holds them.
# isort: off
from registry.models import parties, vocabulary, facts, timelines  # noqa: F401
from registry.models import evidence, world, relations, forms, seats, imports  # noqa: F401

# isort: on
from registry.models.base import APPEND_ONLY_TABLES, PRECISIONS, Base

__all__ = ["APPEND_ONLY_TABLES", "PRECISIONS", "Base"]
