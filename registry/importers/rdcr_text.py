"""Reading the rdcr guide's text: its TEI files as trees of nodes with their lines,
the timeline headings classified by registry/data/rdcr_headings.csv, the mission
words of registry/data/rdcr_missions.csv, and the days the prose gives."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from registry.importers.common import DatasetError, data_rows
from registry.importers.common import _xml_bytes as xml_bytes

TEI = "http://www.tei-c.org/ns/1.0 "

MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
# "July 26, 1921", "26 July 1921"; months abbreviated too ("Aug. 9, 1919").
FULL_DATE = re.compile(
    rf"\b(?P<month>(?:{MONTHS})|(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?)\s+"
    r"(?P<day>\d{1,2}),?\s+(?P<year>\d{4})\b"
    rf"|\b(?P<day2>\d{{1,2}})\s+(?P<month2>{MONTHS})\s+(?P<year2>\d{{4}})\b",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
# "October, 1820": a month's precision
MONTH_YEAR = re.compile(rf"\b(?P<month>{MONTHS}),?\s+(?P<year>\d{{4}})\b", re.IGNORECASE)
# The first sentence of a paragraph: it ends at a full stop after a lower-case word or
# a number, not after an initial or "U.S.".
SENTENCE_END = re.compile(r"(?<=[a-z0-9)\]’”])\.(?=\s+[A-Z“‘]|\s*$)")


def first_sentence(text: str) -> str:
    m = SENTENCE_END.search(text)
    return text[: m.end()] if m else text


def day_after(label: str, text: str) -> str | None:
    """The day (or month, or year) written right after ``label`` ("Earliest Date:
    August 31, 1852"), at the precision the text gives."""
    at = re.search(rf"\b{label}\s*:\s*", text, re.IGNORECASE)
    if not at:
        return None
    rest = text[at.end() : at.end() + 40]
    full = FULL_DATE.match(rest)
    if full:
        return text_day(full)
    month = MONTH_YEAR.match(rest)
    if month:
        number = MONTHS.split("|").index(month.group("month").lower()) + 1
        return f"{month.group('year')}-{number:02d}"
    year = YEAR.match(rest)
    return year.group(1) if year else None


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(
            "".join(c if isinstance(c, str) else c.text() for c in self.children).split()
        )

    def find(self, tag: str) -> list[Node]:
        out: list[Node] = []
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag:
                    out.append(c)
                out.extend(c.find(tag))
        return out

    def kids(self, tag: str) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node) and c.tag == tag]


def parse(path: Path, name: str) -> Node:
    """The TEI file as a tree of nodes with their lines; refused like pocom's files (no
    entities, the declared encoding, well-formed): a DatasetError naming file:line."""
    data = xml_bytes(path, name)
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root = Node("", {}, 0)
    stack = [root]

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = Node(tag.removeprefix(TEI), attrs, parser.CurrentLineNumber)
        stack[-1].children.append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        stack[-1].children.append(text)

    def entity(name: str, *_: Any) -> None:
        raise DatasetError(
            f"{name_}:{parser.CurrentLineNumber}: declares the entity {name!r} (<!ENTITY ...>):"
            " entities are not read"
        )

    name_ = name
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.EntityDeclHandler = entity
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) or str(exc)
        raise DatasetError(
            f"{name}:{exc.lineno}:{exc.offset + 1}: not well-formed XML ({message})"
        ) from None
    tops = root.kids("TEI")
    if not tops:
        raise DatasetError(f"{name}:1: not a TEI document (no <TEI> element)")
    return tops[0]


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern[str]
    fact: str
    kind: str
    direction: str
    mission: str
    why: str
    line: int
    section: re.Pattern[str] | None  # the sections (by xml:id) it applies in; None: all


def patterns() -> list[Pattern]:
    out = []
    for i, row in enumerate(data_rows("rdcr_headings.csv")):
        out.append(
            Pattern(
                re.compile(row["pattern"], re.IGNORECASE),
                row["fact"],
                row["kind"],
                row["direction"],
                row["mission"],
                row["why"],
                i,
                re.compile(row["section"], re.IGNORECASE) if row["section"] else None,
            )
        )
    return out


MISSION_WORDS = [(r["words"], r["mission_kind"]) for r in data_rows("rdcr_missions.csv")]
MISSION_WORD = re.compile(
    r"\b(" + "|".join(re.escape(w) for w, _ in MISSION_WORDS) + r")\b", re.IGNORECASE
)


def mission_kind(words: str | None) -> str | None:
    if not words:
        return None
    words = " ".join(words.lower().split())
    return next((k for w, k in MISSION_WORDS if words.startswith(w)), None)


@dataclass(frozen=True)
class Match:
    pattern: Pattern
    groups: dict[str, str]


def classify(heading: str, table: list[Pattern], section: str = "") -> list[Match] | None:
    """What the heading says happened: one match, or one per part of a heading joining
    events with "and" when every part matches; None when nothing matches. ``section``:
    the xml:id of the section it is in (a pattern may apply in some sections only)."""
    bare = YEAR.sub("", heading)
    table = [p for p in table if p.section is None or p.section.search(section)]

    def one(text: str) -> Match | None:
        for p in table:
            m = p.regex.search(text)
            if m:
                groups = {k.rstrip("2"): v for k, v in m.groupdict().items() if v}
                return Match(p, groups)
        return None

    parts = [p for p in re.split(r",?\s+and\s+", bare) if p.strip(" ,.")]
    if len(parts) > 1:
        each = [one(p) for p in parts]
        if all(each) and len({(m.pattern.fact, m.pattern.kind) for m in each if m}) > 1:
            return [m for m in each if m]
    whole = one(bare)
    return [whole] if whole else None


@dataclass
class Day:
    day: str  # ISO 8601 at its precision
    when: str | None  # the <date when> attribute, if the day came from a <date>


def text_day(m: re.Match[str]) -> str | None:
    month = (m.group("month") or m.group("month2") or "").lower().rstrip(".")[:3]
    day = m.group("day") or m.group("day2")
    year = m.group("year") or m.group("year2")
    try:
        return dt.datetime.strptime(f"{month} {day} {year}", "%b %d %Y").date().isoformat()
    except ValueError:
        return None
