"""The seed-file format: pydantic models of what a YAML file may say.

A file may hold any of the top-level lists below; ``source`` names the source its
facts cite unless a fact names another. See ``seeds/README.md`` for examples.

Every text field is one of the types below (Name, Key, Title, Url, Note), each
checked by registry.limits: the NUL byte and control characters never reach the
database, nor does a value too long for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from registry import limits
from registry.dates import PartialDate


def _partial(value: Any) -> PartialDate:
    return PartialDate.parse(value)


Partial = Annotated[PartialDate, BeforeValidator(_partial)]


def _stored(limit: int, *, multiline: bool = False, blank: bool = False) -> Callable[[str], str]:
    """A check that ``value`` can be stored as it is (registry.limits); names and
    keys must also say something: an empty one can be neither shown nor found."""

    def check(value: str) -> str:
        problem = limits.text_problem(value, limit, multiline=multiline)
        if problem:
            raise ValueError(problem)
        if not blank and not value.strip():
            raise ValueError("is empty")
        return value

    return check


Name = Annotated[str, AfterValidator(_stored(limits.NAME))]
# Person keys are made from names (registry record --new-person), so they are as long.
PersonKey = Name
Key = Annotated[str, AfterValidator(_stored(limits.KEY))]
Title = Annotated[str, AfterValidator(_stored(limits.TITLE))]
Url = Annotated[str, AfterValidator(_stored(limits.TEXT))]
Note = Annotated[str, AfterValidator(_stored(limits.TEXT, multiline=True, blank=True))]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class SourceIn(Strict):
    key: Key
    title: Title
    publisher: Title
    url: Url | None = None
    published: Partial
    note: Note | None = None


class PartyIn(Strict):
    code: Key
    name: Name
    # An ISO 3166-1 code is a state whatever the file says; otherwise an organisation
    # unless the file says otherwise.
    kind: Key | None = None
    aliases: list[Name] = []
    source: Key | None = None


class AliasIn(Strict):
    name: Name
    from_: Partial | None = Field(None, alias="from")
    until: Partial | None = None


def _alias(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class CityIn(Strict):
    name: Name
    country: Key
    aliases: list[Annotated[AliasIn, BeforeValidator(_alias)]] = []
    source: Key | None = None


class AuthorityIn(Strict):
    key: Key
    party: Key
    name: Name
    from_: Partial = Field(alias="from")
    until: Partial | None = None
    source: Key | None = None


class PersonIn(Strict):
    key: PersonKey
    name: Name
    description: Note | None = None
    aliases: list[Name] = []
    source: Key | None = None


class ChangeIn(Strict):
    """A dated status change: of a mission, or (under a head) of a tenure."""

    change: Key
    date: Partial
    actor: Key | None = None
    authority: Key | None = None
    note: Note | None = None
    source: Key | None = None


class CredentialsIn(Strict):
    to: Key
    date: Partial | None = None


class HeadIn(Strict):
    """A head-of-mission tenure. Give ``from`` when the start is known, otherwise
    ``attested``: the date a source first shows the head in post."""

    person: PersonKey | None = None
    rank: Key
    from_: Partial | None = Field(None, alias="from")
    attested: Partial | None = None
    until: Partial | None = None
    credentials: CredentialsIn | None = None
    changes: list[ChangeIn] = []
    note: Note | None = None
    source: Key | None = None


class AccreditationIn(Strict):
    party: Key
    resident: bool = True


def _accreditation(value: Any) -> Any:
    return {"party": value} if isinstance(value, str) else value


class MissionIn(Strict):
    sending: Key
    kind: Key
    city: Name | None = None
    country: Key | None = None
    accredited_to: list[Annotated[AccreditationIn, BeforeValidator(_accreditation)]] = []
    status: list[ChangeIn] = []
    heads: list[HeadIn] = []
    source: Key | None = None

    @field_validator("country")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value


class ListedMissionIn(Strict):
    sending: Key
    kind: Key


class CompleteListIn(Strict):
    """A source's list of every mission (of ``kinds``; every kind when not given)
    seated in ``city`` as of ``date`` (registry/seeds/complete_lists.py)."""

    city: Name
    country: Key | None = None
    date: Partial
    kinds: list[Key] | None = None
    note: Note | None = None
    source: Key | None = None
    missions: list[ListedMissionIn]


class SeedFile(Strict):
    source: Key | None = None
    sources: list[SourceIn] = []
    parties: list[PartyIn] = []
    cities: list[CityIn] = []
    authorities: list[AuthorityIn] = []
    people: list[PersonIn] = []
    missions: list[MissionIn] = []
    complete_lists: list[CompleteListIn] = []


# --- the YAML a seed file is written in ----------------------------------------------
#
# Plain YAML: mappings, lists and scalars. Whatever YAML offers beyond that either
# silently changes what a file says (a key given twice: the last wins) or lets a small
# file grow without bound (aliases: "billion laughs"), so it is refused, with its line.

MAX_BYTES = 50 * 1024 * 1024
# Far more than any reviewed file holds (all the bundled seeds: about 1,300); at about
# 600 bytes of memory a node, the most a file may cost. Bulk data: `registry import bundle`.
MAX_NODES = 250_000
MAX_DEPTH = 32  # the seed format nests 7 deep; PyYAML's composer recurses

Path_ = tuple[str | int, ...]
Lines = dict[Path_, int]

_STR = "tag:yaml.org,2002:str"
# YAML 1.1 reads 2024-13-45 as a timestamp (and fails), "2024-09-09 12:00" as a
# datetime, "<<" as a merge: a date stays text for PartialDate to check, and a key is a
# key.
_NOT_RESOLVED = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"}


def _resolvers(
    base: dict[Any, list[tuple[str, Any]]],
) -> dict[Any, list[tuple[str, Any]]]:
    return {
        first: [(tag, regexp) for tag, regexp in entries if tag not in _NOT_RESOLVED]
        for first, entries in base.items()
    }


class _PyLoader(yaml.SafeLoader):
    pass


_PyLoader.yaml_implicit_resolvers = _resolvers(yaml.SafeLoader.yaml_implicit_resolvers)
# The class, not typed: PyYAML's stubs leave the event API untyped.
_Loader: Any = _PyLoader
if getattr(yaml, "__with_libyaml__", False):  # the same YAML, parsed by libyaml: 3x faster

    class _CLoader(yaml.CSafeLoader):
        pass

    _CLoader.yaml_implicit_resolvers = _PyLoader.yaml_implicit_resolvers
    _Loader = _CLoader


@dataclass(frozen=True)
class YamlProblem:
    """What is wrong in a file's YAML: its line (None: the whole file), the field
    path when known, and one phrase."""

    line: int | None
    loc: Path_
    message: str


class _Refused(Exception):
    def __init__(self, problem: YamlProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _line_of(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


def _reader_problem(text: str) -> YamlProblem:
    """The first character YAML refuses raw, with its line (libyaml gives a byte
    offset, PyYAML a character index: find it again)."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if found is None:
        return YamlProblem(None, (), "invalid YAML: an unacceptable character")
    index = found.start()
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    ch = found.group()
    what = "a NUL character" if ch == "\x00" else f"the control character U+{ord(ch):04X}"
    hint = " (is this a binary file?)" if ch == "\x00" else ""
    return YamlProblem(line, (), f"{what} at column {column}: not allowed in a seed file{hint}")


def _check_events(text: str) -> None:
    """Refuse anchors, aliases, tags, deep nesting and too many values before any
    node is built, so none of them costs memory."""
    loader = _Loader(text)
    depth = nodes = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            line = _line_of(event.start_mark)
            if isinstance(event, yaml.AliasEvent):
                raise _Refused(YamlProblem(line, (), f"an alias (*{event.anchor}): {_NO_ANCHORS}"))
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            if event.anchor is not None:
                raise _Refused(YamlProblem(line, (), f"an anchor (&{event.anchor}): {_NO_ANCHORS}"))
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                raise _Refused(
                    YamlProblem(line, (), f"a tag ({shown}): seed files hold plain values only")
                )
            nodes += 1
            if nodes > MAX_NODES:
                raise _Refused(
                    YamlProblem(
                        line,
                        (),
                        f"more than {MAX_NODES:,} values: too large for a seed file "
                        "(bulk data goes through `registry import bundle`)",
                    )
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Refused(YamlProblem(line, (), _TOO_DEEP))
    finally:
        loader.dispose()


_NO_ANCHORS = "seed files use no anchors or aliases: write each value out"
_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"


def parse_yaml(text: str) -> tuple[Any, Lines, list[YamlProblem]]:
    """The file's data, the line of every field path, and what is wrong with it.

    With any problem the data is None: a file is read whole or not at all."""
    try:
        _check_events(text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}, []
            built = _Built(loader)
            data = built.value(node, ())
        finally:
            loader.dispose()
    except _Refused as exc:
        return None, {}, [exc.problem]
    except yaml.reader.ReaderError:
        return None, {}, [_reader_problem(text)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if problem == "exceeded maximum nesting depth":  # libyaml's own limit, deeper
            return None, {}, [YamlProblem(_line_of(mark), (), _TOO_DEEP)]
        if problem == "but found another document":
            problem = "a second document (---): a seed file is one mapping"
        return None, {}, [YamlProblem(_line_of(mark), (), f"invalid YAML: {problem}")]
    if built.problems:
        return None, built.lines, built.problems
    return data, built.lines, []


class _Built:
    """Builds a node's value by hand, noting each field's line, a key given twice and
    a key that is not a name (YAML 1.1 reads `on:` as true, `1:` as a number)."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.lines: Lines = {}
        self.problems: list[YamlProblem] = []

    def value(self, node: yaml.Node, path: Path_) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            first: dict[str, int] = {}
            for key, item in node.value:
                line = key.start_mark.line + 1
                if not isinstance(key, yaml.ScalarNode) or key.tag != _STR:
                    shown = key.value if isinstance(key, yaml.ScalarNode) else "a list or mapping"
                    self.problems.append(YamlProblem(line, path, f"unknown field {shown!r}"))
                    continue
                name = key.value
                if name in first:
                    self.problems.append(
                        YamlProblem(
                            line,
                            (*path, name),
                            f"duplicate key {_short(name)!r} (first at line {first[name]})",
                        )
                    )
                    continue
                first[name] = line
                out[name] = self.value(item, (*path, name))
                self.lines[(*path, name)] = line
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self.loader.construct_object(node)
        except (ValueError, OverflowError) as exc:  # an integer of 5,000 digits, say
            reason = str(exc).split(":")[0]
            self.problems.append(YamlProblem(node.start_mark.line + 1, path, reason))
            return None


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."
