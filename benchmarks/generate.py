"""A deterministic synthetic world of diplomatic missions, written as a registry bundle.

Usage (from the repository root):

    .venv/bin/python benchmarks/generate.py OUT_DIR --tenures 1000000 [--seed 1815]

The same --seed and --tenures always give byte-identical files. --tenures N scales
everything: about N/4 missions (embassies and legations in capitals, consulates
general, consulates and honorary consulates in other cities, permanent missions to
a few organisations), about 0.8 N people, 1.4 N status changes. Each mission's heads
follow one another from 1815 on (one head at a time, vacancies between some),
with dates at day, month or year precision. The bundle is the format
`registry import bundle` reads (see docs/importing.md): sources, parties, cities,
people, missions, accreditations, tenures, status_changes and external_ids CSV
files, plus world.json (the counts and the parameters, which the loader ignores).

Files are written row by row as each mission is made: memory stays flat whatever N.
Every row is valid against the schema's constraints: seats lie in the host,
(sending, host, city, kind) is unique, tenures of a mission never overlap, ranks,
kinds and changes come from the vocabulary tables of migrations 0001 and 0004.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registry.bundle.spec import FILES

FIRST_DAY = dt.date(1815, 6, 9).toordinal()  # the Final Act of the Congress of Vienna
NOW = dt.date(2025, 6, 30).toordinal()  # the world's "today": fixed, so output is stable
AS_OF = "2025-06-01"  # a date run.py asks about, inside the world's present

SOURCES = [
    ("bench-almanach-de-gotha", "Almanach de Gotha (synthetic)", "Justus Perthes", "1900"),
    ("bench-foreign-office-list", "Foreign Office List (synthetic)", "HMSO", "1935-01"),
    ("bench-diplomatic-list", "Diplomatic List (synthetic)", "Protocol Office", "2024-09-09"),
    ("bench-cow-dipcon", "COW Diplomatic Exchange (synthetic)", "Correlates of War", "2006"),
    ("bench-wikidata", "Wikidata extract (synthetic)", "Wikimedia", "2022-11-16"),
]

# kind: (weight, mean tenures, chance the mission has closed, ranks to draw from)
KINDS: dict[str, tuple[float, int, float, tuple[str, ...]]] = {
    "embassy": (0.12, 15, 0.15, ("ambassador-e-p",) * 6 + ("charge-d-affaires-a-i", "ambassador")),
    "legation": (0.05, 4, 0.9, ("envoy-e-mp", "envoy-e-mp", "minister", "minister-resident")),
    "consulate-general": (0.25, 3, 0.4, ("consul-general",)),
    "consulate": (0.25, 3, 0.4, ("consul",)),
    "honorary-consulate": (0.28, 2, 0.5, ("consul",)),
    "permanent-mission": (0.05, 5, 0.1, ("permanent-representative",)),
}
TENURE_ENDS = ("recalled", "left-post", "presented-recall", "superseded", "died", "ended")
SYLLABLES = (
    *("ka", "ri", "lo", "ma", "ven", "tor", "sa", "bel", "an", "du", "mi", "ra", "go"),
    *("ne", "vi", "sta", "lin", "por", "al", "ber", "cas", "ta", "zor", "el", "mun"),
    *("dra", "ko", "pe", "ush", "ar", "ten", "gal", "fi", "ro", "den", "ham", "bur"),
)

# The optional columns the world fills; every other column of the specification is
# in each file's header (registry/bundle/spec.py), in its order.
FILLED = {
    "missions.csv": ("seat_inferred", "organisation_code"),
    "accreditations.csv": ("resident",),
}
HEADERS = {f.file.removesuffix(".csv"): f.header(*FILLED.get(f.file, ())) for f in FILES}


@dataclass
class World:
    """The scale-dependent shape of the world, derived from --tenures and --seed."""

    tenures: int
    seed: int
    rng: random.Random = field(init=False)
    states: list[str] = field(init=False)
    cities: dict[str, list[str]] = field(init=False)  # host code -> city keys, capital first
    orgs: list[tuple[str, str, str]] = field(init=False)  # (code, seat host, seat city key)
    people: int = field(init=False)

    def __post_init__(self) -> None:
        import pycountry

        self.rng = random.Random(self.seed)
        codes = sorted(c.alpha_2 for c in pycountry.countries)
        # Enough states and cities that ~N/4 distinct (sending, host, city, kind) exist.
        n_states = min(200, max(10, round(self.tenures**0.5 / 5)))
        self.states = sorted(self.rng.sample(codes, n_states))
        per_host = min(25, max(3, round(self.tenures / 40_000)))
        taken: set[str] = set()
        self.cities = {h: [self._city_name(taken) for _ in range(per_host)] for h in self.states}
        n_orgs = min(5, max(1, n_states // 20))
        seats = self.rng.sample(self.states, n_orgs)
        self.orgs = [
            (f"bench-org-{i + 1}", h, city_key(self.cities[h][0], h)) for i, h in enumerate(seats)
        ]
        self.people = max(1, self.tenures * 4 // 5)

    def _city_name(self, taken: set[str]) -> str:
        while True:
            name = self.word(2, 3).title()
            if name.lower() not in taken:
                taken.add(name.lower())
                return name

    def word(self, low: int, high: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(low, high)))


def city_key(name: str, host: str) -> str:
    """Unique in the bundle and unlike any real city's key: made-up names can come out
    as real ones ('ber' + 'lin'), which the seeds already hold."""
    return f"{name.lower()}-{host.lower()}"


def render(ordinal: int, precision: str) -> tuple[str, int]:
    """A date as a source gives it, and the first day that text stands for."""
    day = dt.date.fromordinal(ordinal)
    if precision == "year":
        return f"{day.year:04d}", dt.date(day.year, 1, 1).toordinal()
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}", dt.date(day.year, day.month, 1).toordinal()
    return day.isoformat(), ordinal


def render_increasing(rng: random.Random, ordinals: list[int]) -> list[str]:
    """Render strictly increasing days at mixed precision so that the first days the
    texts stand for still strictly increase: a coarse date that would fall on or
    before the previous one is given to the day instead (one head at a time)."""
    out, previous = [], -1
    for ordinal in ordinals:
        roll = rng.random()
        precision = "day" if roll < 0.6 else "month" if roll < 0.85 else "year"
        text, first = render(ordinal, precision)
        if first <= previous:
            text, first = render(ordinal, "day")
        out.append(text)
        previous = first
    return out


@dataclass
class Writers:
    """One csv writer per bundle file, and a count of the rows written."""

    files: dict[str, Any]
    counts: dict[str, int] = field(default_factory=dict)

    def row(self, name: str, *values: object) -> None:
        self.files[name].writerow(["" if v is None else v for v in values])
        self.counts[name] = self.counts.get(name, 0) + 1


def generate(out: Path, tenures: int, seed: int = 1815) -> dict[str, Any]:
    """Write the bundle for a world of `tenures` tenures into `out`; return its manifest."""
    out.mkdir(parents=True, exist_ok=True)
    world = World(tenures, seed)
    with ExitStack() as stack:
        files = {}
        for name, header in HEADERS.items():
            handle = stack.enter_context(
                (out / f"{name}.csv").open("w", encoding="utf-8", newline="")
            )
            files[name] = csv.writer(handle, lineterminator="\n")
            files[name].writerow(header)
        w = Writers(files)
        write_reference_rows(world, w)
        missions = write_missions(world, w)
    manifest = {
        "seed": seed,
        "tenures": tenures,
        "as_of": AS_OF,
        "states": len(world.states),
        "cities_per_host": len(world.cities[world.states[0]]),
        "organisations": [code for code, _, _ in world.orgs],
        "missions": missions,
        "rows": w.counts,
    }
    (out / "world.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def write_reference_rows(world: World, w: Writers) -> None:
    for key, title, publisher, published in SOURCES:
        w.row("sources", key, title, publisher, f"https://example.org/{key}", published)
    for code, _, _ in world.orgs:
        w.row("parties", code, f"Organisation {code[-1]} (synthetic)", "organisation")
    for n, (host, names) in enumerate(world.cities.items()):
        for i, name in enumerate(names):
            w.row("cities", host, city_key(name, host), name)
            if i == 0:
                w.row(
                    "external_ids", "wikidata", f"Q{20_000_000 + n}", "city", city_key(name, host)
                )
    for i in range(world.people):
        name = f"{world.word(2, 3).title()} {world.word(2, 4).title()}"
        w.row("people", f"p{i}", name, "diplomat (synthetic)")
        if i % 5 == 0:
            w.row("external_ids", "wikidata", f"Q{30_000_000 + i}", "person", f"p{i}")


def draw_mission(world: World, seen: set[tuple[str, str, str, str]]) -> tuple[str, ...]:
    """(sending, host, city key, kind, accredited to) not yet taken."""
    rng, kinds = world.rng, list(KINDS)
    weights = [KINDS[k][0] for k in kinds]
    for _ in range(100_000):
        kind = rng.choices(kinds, weights)[0]
        sending = rng.choice(world.states)
        if kind == "permanent-mission":
            org, host, city = rng.choice(world.orgs)
            accredited = org
        else:
            host = rng.choice(world.states)
            cities = world.cities[host]
            capital = kind in ("embassy", "legation") or rng.random() < 0.1
            city = city_key(cities[0] if capital else rng.choice(cities[1:]), host)
            accredited = host
        if host == sending:
            continue
        if (sending, host, city, kind) not in seen:
            seen.add((sending, host, city, kind))
            return sending, host, city, kind, accredited
    raise RuntimeError("the world is full: no free (sending, host, city, kind) left")


def periods(rng: random.Random, count: int, closed: bool) -> tuple[list[int], list[int | None]]:
    """Start and end days of `count` consecutive heads, with some vacancies between;
    an operating mission's last head is usually still in post (no end)."""
    lengths = [rng.randint(300, 2400) for _ in range(count)]
    gaps = [rng.randint(30, 900) if rng.random() < 0.1 else 0 for _ in range(count)]
    span = sum(lengths) + sum(gaps)
    room = NOW - 400 - FIRST_DAY
    if span > room:  # too long a history for two centuries: shorten every period
        lengths = [max(40, x * room // span) for x in lengths]
        gaps = [g * room // span for g in gaps]
        span = sum(lengths) + sum(gaps)
    if closed:
        day = FIRST_DAY + rng.randint(0, max(0, room - span))
    else:
        day = NOW - span + gaps[-1] - rng.randint(0, 200)
    starts: list[int] = []
    ends: list[int | None] = []
    for length, gap in zip(lengths, gaps, strict=True):
        starts.append(day)
        day += length
        ends.append(day)
        day += gap
    if not closed and rng.random() < 0.85:
        ends[-1] = None
    return starts, ends


def write_missions(world: World, w: Writers) -> int:
    rng = world.rng
    seen: set[tuple[str, str, str, str]] = set()
    written = index = 0
    tenure_no = 0
    while written < world.tenures:
        sending, host, city, kind, accredited = draw_mission(world, seen)
        _, mean, closed_share, ranks = KINDS[kind]
        count = min(max(1, round(rng.expovariate(1 / mean))), 80, world.tenures - written)
        closed = rng.random() < closed_share
        key = f"m{index}"
        source = SOURCES[index % len(SOURCES)][0]
        inferred = kind == "embassy" and rng.random() < 0.05
        organisation = accredited if kind == "permanent-mission" else ""
        w.row(
            "missions", key, sending, host, city, kind, str(inferred).lower(), source, organisation
        )
        w.row("accreditations", key, accredited, "true", source)
        if kind == "embassy" and rng.random() < 0.05:
            other = rng.choice(world.states)
            if other not in (host, sending):
                w.row("accreditations", key, other, "false", source)
        if index % 3 == 0:
            w.row("external_ids", "wikidata", f"Q{10_000_000 + index}", "mission", key)
        starts, ends = periods(rng, count, closed)
        write_heads(world, w, key, sending, starts, ends, ranks, source, tenure_no, closed)
        tenure_no += count
        written += count
        index += 1
    return index


def write_heads(
    world: World,
    w: Writers,
    mission: str,
    sending: str,
    starts: list[int],
    ends: list[int | None],
    ranks: tuple[str, ...],
    source: str,
    first_tenure: int,
    closed: bool,
) -> None:
    rng = world.rng
    days = sorted({d for d in (*starts, *ends) if d is not None})
    text = dict(zip(days, render_increasing(rng, days), strict=True))
    suspended = rng.random() < 0.08
    w.row("status_changes", mission, "", "opened", text[starts[0]], "", source)
    for i, (start, end) in enumerate(zip(starts, ends, strict=True)):
        tenure = f"t{first_tenure + i}"
        person = "" if rng.random() < 0.05 else f"p{rng.randrange(world.people)}"
        credentials = ""
        if ranks[0] in ("ambassador-e-p", "envoy-e-mp") and rng.random() < 0.7:
            presented = start + rng.randint(5, 120)
            if end is None or presented < end:
                credentials = dt.date.fromordinal(presented).isoformat()
        resident_city = ""
        if ranks[0] == "envoy-e-mp" and rng.random() < 0.05:
            elsewhere = rng.choice(world.states)
            resident_city = city_key(world.cities[elsewhere][0], elsewhere)
        ended = "" if end is None else text[end]
        w.row(
            "tenures",
            tenure,
            mission,
            person,
            rng.choice(ranks),
            text[start],
            ended,
            credentials,
            "",
            source,
            resident_city,
        )
        if rng.random() < 0.5:
            w.row("status_changes", "", tenure, "appointed", text[start], "", source)
        if end is not None and rng.random() < 0.6:
            how = rng.choice(TENURE_ENDS)
            w.row("status_changes", "", tenure, how, text[end], f"synthetic: {how}", source)
        following = starts[i + 1] if i + 1 < len(starts) else None
        if suspended and end is not None and following is not None and following > end:
            w.row("status_changes", mission, "", "suspended", text[end], "", source)
            w.row("status_changes", mission, "", "resumed", text[following], "", source)
            suspended = False
    last = ends[-1]
    if closed and last is not None:
        w.row("status_changes", mission, "", "closed", text[last], "", source)


def rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of one bundle file, streamed."""
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="directory to write the bundle into")
    parser.add_argument("--tenures", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1815)
    args = parser.parse_args()
    manifest = generate(args.out, args.tenures, args.seed)
    print(json.dumps(manifest["rows"]))


if __name__ == "__main__":
    main()
