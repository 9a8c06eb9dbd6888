"""The one bulk write path, as importers and the CLI know it: ``load_bundle`` and
what it reports. The bundle itself, its specification and the stages of a load
live in registry/bundle/ (spec, read, stage, checks, reference, facts, load)."""

from registry.bundle.load import load_bundle
from registry.bundle.read import FileProblem, csv_records, read_problems
from registry.bundle.report import (
    BulkError,
    BulkReport,
    ConnectionLost,
    EmptyBundle,
    Locate,
    Problem,
    Progress,
    TableCounts,
)
from registry.bundle.spec import BUNDLE_FILES

__all__ = [
    "BUNDLE_FILES",
    "BulkError",
    "BulkReport",
    "ConnectionLost",
    "EmptyBundle",
    "FileProblem",
    "Locate",
    "Problem",
    "Progress",
    "TableCounts",
    "csv_records",
    "load_bundle",
    "read_problems",
]
