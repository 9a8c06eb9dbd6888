"""Every view and function of the current schema, one editable file each.

``registry/sql/reporting/<name>.sql`` holds a reporting view or function (with its
comments), ``registry/sql/functions/<name>.sql`` a function of the public schema, the
trigger functions that keep the derived timelines among them. These are the text at
head: a revision that changes an object copies nothing, it names the object
(registry.sql.replaceable). What applied revisions ran is frozen apart, in
``migrations/sql/versions/`` (registry.sql.frozen). tests/test_migrations.py checks
that these files give the migrated database's catalog.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

# The reporting schema in dependency order: the schema first, each view after the
# views it reads, the grants last.
REPORTING = (
    "_schema",
    "as_recorded",
    "mission",
    "head_of_mission",
    "accreditation",
    "mission_status_change",
    "mission_current_status",
    "recognition_act",
    "relation_event",
    "tenure_version",
    "mission_seat",
    "external_identifier",
    "schema_revision",
    "city",
    "city_name",
    "party",
    "party_name",
    "consular_district",
    "person",
    "person_name",
    "heads_timeline",
    "mission_timeline",
    "heads_as_of",
    "mission_evidence",
    "complete_list",
    "evidence_conflict",
    "post_form",
    "evidence_as_of",
    "_grants",
)

# Functions of the public schema (each CREATE OR REPLACE, its REVOKE and COMMENT):
# the append-only trigger, the timelines' definitions and refreshes, their triggers.
FUNCTIONS = (
    "keep_history",
    "heads_timeline_of",
    "refresh_heads_timeline",
    "mission_timeline_of",
    "refresh_mission_timeline",
    "fact_evidence_of",
    "refresh_fact_evidence",
    "refresh_timelines",
    "heads_timeline_stale",
    "heads_timeline_refresh_queued",
    "note_write",
    "forget_missions",
)


def path(name: str) -> Path:
    """The file of an object: ``reporting.mission`` or ``public.heads_timeline_stale``."""
    schema, _, short = name.rpartition(".")
    folder = {"reporting": "reporting", "public": "functions", "": "functions"}[schema]
    return HERE / folder / f"{short}.sql"


def source(name: str) -> str:
    """The current text of one object, as its file has it."""
    return path(name).read_text(encoding="utf-8")


def reporting_sql() -> str:
    """The whole reporting schema: registry/views/reporting.sql."""
    return "".join(source(f"reporting.{name}") for name in REPORTING)


def functions_sql() -> str:
    """Every function of the public schema, replacing what the database has."""
    return "".join(source(f"public.{name}") for name in FUNCTIONS)
