"""The seed-file format: pydantic models of what a YAML file may say.

A file may hold any of the top-level lists below; ``source`` names the source its
facts cite unless a fact names another. See ``seeds/README.md`` for examples.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from registry.dates import PartialDate


def _partial(value: Any) -> PartialDate:
    return PartialDate.parse(value)


Partial = Annotated[PartialDate, BeforeValidator(_partial)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SourceIn(Strict):
    key: str
    title: str
    publisher: str
    url: str | None = None
    published: Partial
    note: str | None = None


class PartyIn(Strict):
    code: str
    name: str
    kind: str = "organisation"
    aliases: list[str] = []
    source: str | None = None


class AliasIn(Strict):
    name: str
    from_: Partial | None = Field(None, alias="from")
    until: Partial | None = None


def _alias(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class CityIn(Strict):
    name: str
    country: str
    aliases: list[Annotated[AliasIn, BeforeValidator(_alias)]] = []
    source: str | None = None


class AuthorityIn(Strict):
    key: str
    party: str
    name: str
    from_: Partial = Field(alias="from")
    until: Partial | None = None
    source: str | None = None


class PersonIn(Strict):
    key: str
    name: str
    description: str | None = None
    aliases: list[str] = []
    source: str | None = None


class ChangeIn(Strict):
    """A dated status change: of a mission, or (under a head) of a tenure."""

    change: str
    date: Partial
    actor: str | None = None
    authority: str | None = None
    note: str | None = None
    source: str | None = None


class CredentialsIn(Strict):
    to: str
    date: Partial | None = None


class HeadIn(Strict):
    """A head-of-mission tenure. Give ``from`` when the start is known, otherwise
    ``attested``: the date a source first shows the head in post."""

    person: str | None = None
    rank: str
    from_: Partial | None = Field(None, alias="from")
    attested: Partial | None = None
    until: Partial | None = None
    credentials: CredentialsIn | None = None
    changes: list[ChangeIn] = []
    note: str | None = None
    source: str | None = None


class AccreditationIn(Strict):
    party: str
    resident: bool = True


def _accreditation(value: Any) -> Any:
    return {"party": value} if isinstance(value, str) else value


class MissionIn(Strict):
    sending: str
    kind: str
    city: str | None = None
    country: str | None = None
    accredited_to: list[Annotated[AccreditationIn, BeforeValidator(_accreditation)]] = []
    status: list[ChangeIn] = []
    heads: list[HeadIn] = []
    source: str | None = None

    @field_validator("country")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value


class SeedFile(Strict):
    source: str | None = None
    sources: list[SourceIn] = []
    parties: list[PartyIn] = []
    cities: list[CityIn] = []
    authorities: list[AuthorityIn] = []
    people: list[PersonIn] = []
    missions: list[MissionIn] = []
