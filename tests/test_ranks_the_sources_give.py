"""Every role title pocom publishes is a rank of the registry, so the chiefs of the
dataset's other half (the country files m* to z*) are placed too; and the kinds of
office the Wikidata extract types are told apart by their classes."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry import vocabulary
from registry.importers.pocom_terms import ROLES
from registry.importers.wikidata import kind_of

ROLES_DIR = Path(__file__).parents[2] / "shared" / "data" / "pocom-sample" / "roles-country-chiefs"


@pytest.mark.skipif(not ROLES_DIR.is_dir(), reason=f"the pocom sample is not at {ROLES_DIR}")
def test_every_role_title_pocom_publishes_is_a_rank() -> None:
    ranks = {r.code for r in vocabulary.ranks()}
    published = sorted(p.stem for p in ROLES_DIR.glob("*.xml"))
    assert [role for role in published if role not in ROLES] == []
    assert ROLES["deputy-ambassador"] == ("deputy-ambassador", "embassy")
    assert {rank for rank, _kind in ROLES.values()} <= ranks


def test_a_de_facto_embassy_is_a_representative_office_not_a_liaison_office() -> None:
    assert kind_of("Q5244910", "de facto embassy") == "representative-office"
    assert kind_of("Q61881945", "de facto consulate") == "representative-office"
    assert kind_of("Q64779402", "liaison office") == "liaison-office"
    assert kind_of(None, "Taipei Economic and Cultural Representative Office") == (
        "representative-office"
    )
    labels = [k.label for k in vocabulary.mission_kinds()]
    assert len(labels) == len(set(labels))
    assert "liaison or representative office" not in labels
