"""Names as people type them: a city, party or person, checked before any lookup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from registry.limits import NAME, text_problem
from registry.queries import AmbiguousName, City, Party, Person, UnknownName
from registry.queries import find_city as _find_city
from registry.queries import find_party as _find_party
from registry.queries import find_person as _find_person

__all__ = ["AmbiguousName", "InvalidName", "UnknownName", "city", "party", "person", "resolve"]

T = TypeVar("T")


class InvalidName(ValueError):
    """A name no name could be: empty (it would match, and list, everyone), holding a
    control character, or too long. Refused before any query."""


def resolve(find: Callable[..., T], conn: Any, name: str, **given: Any) -> T:
    """``find(conn, name, **given)`` (a ``registry.queries.find_*``) after the checks
    every lookup makes. Raises InvalidName, UnknownName (with suggestions) or
    AmbiguousName."""
    what = find.__name__.removeprefix("find_")
    if not name.strip():
        raise InvalidName(f"an empty {what} name matches nothing: give a name, alias or code")
    problem = text_problem(name, NAME)
    if problem:
        raise InvalidName(f"the {what} name {problem}")
    return find(conn, name, **given)


def city(conn: Any, name: str, on: dt.date | None = None) -> City:
    """A city by name, alias or slug (KABUL, kābul, Kabul District, addis-ababa); a
    name cities of several countries share, ``on`` a date, is the one whose country
    existed then (Berlin in 2020: Germany's, not the GDR's), if only one did."""
    return resolve(_find_city, conn, name, on=on)


def party(conn: Any, name: str) -> Party:
    """A state or organisation by ISO code (KZ, KAZ), code slug, name or alias."""
    return resolve(_find_party, conn, name)


def person(conn: Any, name: str) -> Person:
    """A person by name, alias, transliteration or part of a name."""
    return resolve(_find_person, conn, name)
