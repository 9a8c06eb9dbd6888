"""The parties every registry holds: ISO 3166-1 states and ISO 3166-3 historical
states from pycountry, named as registry/data/parties.csv names them.
"""

from __future__ import annotations

from typing import Any

from registry import world

ISO_SOURCE = "iso-3166"
REFERENCE_SOURCE = "registry-reference"


def iso_states() -> list[tuple[str, Any]]:
    import pycountry

    return [(c.alpha_2, c) for c in pycountry.countries]


def historic_states() -> list[tuple[str, Any]]:
    import pycountry

    return [(c.alpha_4, c) for c in pycountry.historic_countries]


def reference_name(code: str) -> str | None:
    ref = world.reference_parties().get(code)
    return ref.name if ref else None


def reference_kind(code: str, default: str) -> str:
    ref = world.reference_parties().get(code)
    return ref.kind if ref else default


def iso_name(country: Any) -> str:
    return str(getattr(country, "common_name", None) or country.name)


def iso_names(country: Any) -> set[str]:
    """The names pycountry gives an ISO 3166-1 state: each is one of its aliases."""
    names = (country.name, iso_name(country), getattr(country, "official_name", None))
    return {n for n in names if n}
