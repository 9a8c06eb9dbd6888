"""The files each importer reads below the directory it is given, as Path.glob
patterns: the importers find their files through these, and an import's fingerprint
hashes what they match (registry/bundle/runs.py), so the two cannot differ
(tests/test_import_runs.py checks that nothing else is read). A module of its own so
that an unchanged re-import need not import the importer to find them."""

from __future__ import annotations

BUNDLE = ("*.csv",)  # a bundle directory's files (registry/bundle/load.py)
POCOM_MISSIONS = ("missions-countries", "missions-orgs")
POCOM_CONCURRENT = "concurrent-appointments/*.xml"
POCOM = (
    *(f"{folder}/*.xml" for folder in POCOM_MISSIONS),
    POCOM_CONCURRENT,
    "people/*/*.xml",  # people/<letter>/<person id>.xml; ids are checked (PERSON_ID)
)
RDCR = ("articles/*.xml",)
