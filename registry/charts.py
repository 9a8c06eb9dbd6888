"""Timeline charts: a post's heads over time, or a person's posts, as SVG or PNG.

Two steps, so the picture's content can be tested without looking at pixels:
``post_timeline`` / ``person_timeline`` turn the read library's rows into a
:class:`Timeline` (bars, bands, markers: plain data), and :func:`draw` renders one
with matplotlib's object API (no pyplot, no GUI backend, no network; fonts ship with
matplotlib). Imported only by ``--chart``: matplotlib costs ~300 ms to import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

from registry import vocabulary

if TYPE_CHECKING:
    from registry.queries import Mission, StatusChange, Tenure

FORMATS = (".svg", ".png")

# What a bar's colour says: the Vienna Convention's Art. 14 class of the rank, with
# chargés d'affaires ad interim (no class: they act for an absent head) apart.
RANK_CLASSES: dict[str, tuple[str, str]] = {
    "a": ("ambassador, nuncio, high commissioner (Art. 14 a)", "#1f4e8c"),
    "b": ("envoy, minister (Art. 14 b)", "#3a9e8f"),
    "c": ("chargé d'affaires en pied (Art. 14 c)", "#d08a1e"),
    "ai": ("chargé d'affaires ad interim", "#f2c46d"),
    "other": ("other head (no Art. 14 class)", "#8a8a8a"),
}
BAND_COLOURS = {"closed": "#c9c9c9", "suspended": "#e3d3d3"}
FORM_COLOURS = ("#eef2f7", "#f5f0e4")  # successive forms of a post alternate


@dataclass(frozen=True)
class Bar:
    """One tenure: a head at a rank from ``start`` (or first attested) to ``end``."""

    row: str  # the y-axis label of its row
    label: str  # written on or beside the bar
    start: dt.date
    end: dt.date | None  # None: no end on record (drawn to the chart's end)
    rank_class: str  # a key of RANK_CLASSES
    ad_interim: bool = False
    start_known: bool = True  # False: only first attested then
    residence: str | None = None  # a non-resident head's city


@dataclass(frozen=True)
class Band:
    """A stretch of the background: a form of the mission, or a closure."""

    start: dt.date
    end: dt.date | None
    label: str
    kind: str  # form | closed | suspended


@dataclass(frozen=True)
class Marker:
    on: dt.date
    label: str
    row: str | None = None  # None: on the status lane above the bars


@dataclass
class Timeline:
    title: str
    until: dt.date  # the right end of the time axis (today, or the last event)
    bars: list[Bar] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    # Posts of their own, not drawn: a mission to an organisation in the same city.
    left_out: list[str] = field(default_factory=list)

    @property
    def start(self) -> dt.date:
        days = [b.start for b in self.bars] + [b.start for b in self.bands]
        days += [m.on for m in self.markers]
        return min(days, default=self.until)


def _rank_class(tenure: Tenure, ad_interim: bool) -> str:
    if ad_interim:
        return "ai"
    return tenure.rank_class if tenure.rank_class in RANK_CLASSES else "other"


def _bar(t: Tenure, row: str, ad_interim: bool, label: str) -> Bar | None:
    start = t.started_on or t.first_attested_on
    if start is None:
        return None
    return Bar(
        row=row,
        label=label,
        start=start,
        end=t.ended_on,
        rank_class=_rank_class(t, ad_interim),
        ad_interim=ad_interim,
        start_known=t.started_on is not None,
        residence=t.resident_city,
    )


def _short_rank(t: Tenure, ad_interim: bool) -> str:
    return "chargé a.i." if ad_interim else t.rank


def post_timeline(
    missions: Sequence[Mission],
    tenures: Iterable[Tenure],
    changes: Iterable[StatusChange],
    ad_interim: dict[int, bool],
    today: dt.date,
) -> Timeline:
    """A post (one sending party's missions in one place, across their forms): a row
    per tenure, oldest at the top; each mission's form as a band; closures and
    suspensions as grey bands; the missions' own status changes as markers."""
    # The post is the bilateral one (legation, embassy, ...) when there is one: missions
    # to an organisation seated in the same city are posts of their own.
    bilateral = [m for m in missions if m.organisation is None]
    others = [m for m in missions if m.organisation is not None] if bilateral else []
    missions = bilateral or list(missions)
    kept = {m.mission_id for m in missions}
    kind = {m.mission_id: m.mission_kind_code for m in missions}
    tenures = sorted(
        (t for t in tenures if t.mission_id in kept),
        key=lambda t: t.started_on or t.first_attested_on or dt.date.min,
    )
    changes = sorted(
        (c for c in changes if c.mission_id in kept),
        key=lambda c: (c.occurred_on, c.status_change_id),
    )
    place = missions[0].city or missions[0].host if missions else ""
    title = f"{missions[0].sending} in {place}: heads of mission" if missions else ""
    if len(missions) == 1 and missions[0].organisation:
        title = f"{missions[0].sending} to {missions[0].organisation}, {place}: heads of mission"
    timeline = Timeline(title=title, until=today)
    timeline.left_out = [f"mission {m.mission_id} (to {m.organisation})" for m in others]
    for t in tenures:
        ai = ad_interim.get(t.tenure_id, False)
        name = t.head or "(name not reported)"
        suffix = f", at {t.resident_city}" if t.resident_city else ""
        start = t.started_on or t.first_attested_on
        row = f"{name} ({start.year if start else '?'})"
        bar = _bar(t, row, ai, f"{_short_rank(t, ai)}{suffix}")
        if bar is not None:
            timeline.bars.append(bar)
    status_changes = [c for c in changes if c.tenure_id is None and c.mission_status]
    opened: dict[int, dt.date] = {}
    # Reports of a form of the post operating (docs/forms.md): a head's start, a change
    # to operating. A form reported after another ends it, as who-heads has it.
    forms = vocabulary.post_forms()
    reports: list[tuple[dt.date, int, str]] = [
        (b.start, t.mission_id, forms[kind[t.mission_id]])
        for t, b in _pairs(tenures, timeline.bars)
        if kind[t.mission_id] in forms
    ] + [
        (c.occurred_on, c.mission_id, forms[kind[c.mission_id]])
        for c in status_changes
        if c.mission_status == "operating" and kind[c.mission_id] in forms
    ]
    for mission in missions:
        own = [c for c in changes if c.mission_id == mission.mission_id]
        facts = [b for t, b in _pairs(tenures, timeline.bars) if t.mission_id == mission.mission_id]
        days = [b.start for b in facts] + [c.occurred_on for c in own]
        if not days:
            continue
        opened[mission.mission_id] = min(days)
        mine = [c for c in status_changes if c.mission_id == mission.mission_id]
        closed_on = mine[-1].occurred_on if mine and mine[-1].mission_status == "closed" else None
        if closed_on is None and kind[mission.mission_id] in forms:
            closed_on = _succeeded(mission.mission_id, reports)
        timeline.bands.append(Band(min(days), closed_on, mission.mission_kind, "form"))
        timeline.markers.extend(Marker(c.occurred_on, c.change) for c in own if c.tenure_id is None)
    timeline.bands.sort(key=lambda b: b.start)  # forms in the order the post took them
    timeline.bands.extend(_closures(opened, status_changes, reports))
    timeline.markers.sort(key=lambda m: m.on)
    return timeline


def _succeeded(mission_id: int, reports: Sequence[tuple[dt.date, int, str]]) -> dt.date | None:
    """The first report of another form of the post after this form's last one: the
    day it ended (docs/forms.md); None while no later form was reported."""
    own = [day for day, m, _ in reports if m == mission_id]
    if not own:
        return None
    post = next(name for _, m, name in reports if m == mission_id)
    later = [d for d, m, name in reports if m != mission_id and name == post and d > max(own)]
    return min(later, default=None)


def _pairs(tenures: Sequence[Tenure], bars: Sequence[Bar]) -> Iterable[tuple[Tenure, Bar]]:
    """Tenures with their bars (a tenure with no date has none)."""
    dated = [t for t in tenures if (t.started_on or t.first_attested_on) is not None]
    return zip(dated, bars, strict=True)


def _closures(
    opened: dict[int, dt.date],
    status_changes: Sequence[StatusChange],
    reports: Sequence[tuple[dt.date, int, str]] = (),
) -> list[Band]:
    """The stretches when the post had no form operating: every mission of it that had
    begun was closed or suspended (a legation closed the day its embassy opened is a
    change of form, not a closure). A mission operates from its first fact; a form of
    the post is ended by a later report of another form of it (``reports``: day,
    mission, post; docs/forms.md)."""
    points = sorted(
        [(day, 0, mission_id, "operating", None) for mission_id, day in opened.items()]
        + [(day, 0, mission_id, "operating", None) for day, mission_id, _ in reports]
        + [(c.occurred_on, 1, c.mission_id, c.mission_status, c) for c in status_changes],
        key=lambda p: (p[0], p[1]),
    )
    post = {mission_id: name for _, mission_id, name in reports}
    last: dict[int, dt.date] = {}
    state: dict[int, str | None] = {}
    bands: list[Band] = []
    down: tuple[dt.date, StatusChange] | None = None
    for day, _, mission_id, status, change in points:
        if change is None and mission_id in post:
            for other, name in post.items():  # the other forms reported before today end
                if (
                    other != mission_id
                    and name == post[mission_id]
                    and state.get(other) == "operating"
                    and last.get(other, day) < day
                ):
                    state[other] = "ended"
            last[mission_id] = day
        state[mission_id] = status
        all_down = all(s in ("closed", "suspended", "ended") for s in state.values())
        if all_down and down is None and change is not None:
            down = (day, change)
        elif not all_down and down is not None:
            if day > down[0]:
                bands.append(_closure(down[1], day))
            down = None
    if down is not None:
        bands.append(_closure(down[1], None))
    return bands


def _closure(change: StatusChange, end: dt.date | None) -> Band:
    kind = "closed" if change.mission_status == "closed" else "suspended"
    return Band(change.occurred_on, end, change.change, kind)


def person_timeline(
    name: str, tenures: Iterable[Tenure], ad_interim: dict[int, bool], today: dt.date
) -> Timeline:
    """A person's posts: a row per post (sending party's mission in a place)."""
    tenures = sorted(tenures, key=lambda t: t.started_on or t.first_attested_on or dt.date.min)
    # A life, not the registry's span: the axis ends with the last post (or today).
    until = max((t.ended_on or today for t in tenures), default=today)
    timeline = Timeline(title=f"{name}: posts as head of mission", until=until)
    for t in tenures:
        ai = ad_interim.get(t.tenure_id, False)
        row = f"{t.mission_kind}, {t.city or t.host}"
        suffix = f", at {t.resident_city}" if t.resident_city else ""
        bar = _bar(t, row, ai, f"{_short_rank(t, ai)}{suffix}")
        if bar is not None:
            timeline.bars.append(bar)
    return timeline


EPOCH = dt.date(1970, 1, 1)
FIGURE_WIDTH = 11.0  # inches
LABEL_SIZE = 6  # points: the status lane's labels
LABEL_STEP = 8.5  # points between two levels of labels


def _text_width(text: str, size: float) -> float:
    """The width in points of ``text`` in matplotlib's default font at ``size``."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    width, _, _ = TextToPath().get_text_width_height_descent(
        text, FontProperties(size=size), ismath=False
    )
    return float(width)


def _marker_levels(
    markers: Sequence[Marker], rows: Sequence[str], left: float, right: float
) -> list[int]:
    """The level of each marker's label, 0 on the lane, 1 above it and so on: each
    label on the lowest level where it clears the labels already there, so that
    labels of events close in time never overlap (issue 18). Widths are measured in
    points and the axis is taken as the figure's width less the rows' names."""
    if not markers:
        return []
    names = max((_text_width(r, 7) for r in rows), default=0.0)
    axis = FIGURE_WIDTH * 72 - names - 40  # the tick marks, padding and margins
    per_day = axis / max(right - left, 1.0)
    ends: list[float] = []  # each level's rightmost label end, in points
    levels = []
    for marker in markers:
        start = (x(marker.on) - left) * per_day + 3
        width = _text_width(marker.label, LABEL_SIZE) + 6
        level = next((i for i, e in enumerate(ends) if start >= e), len(ends))
        if level == len(ends):
            ends.append(0.0)
        ends[level] = start + width
        levels.append(level)
    return levels


def x(day: dt.date) -> float:
    """A date on the time axis: days since EPOCH, as matplotlib's date axis counts."""
    return float((day - EPOCH).days)


def draw(timeline: Timeline, out: IO[bytes], suffix: str) -> None:
    """Render ``timeline`` into ``out`` as ``suffix`` says: .svg or .png."""
    if suffix not in FORMATS:
        raise ValueError(f"not a chart format: {suffix!r}")
    import warnings

    import matplotlib
    from matplotlib import dates as mdates
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    matplotlib.rcParams["svg.hashsalt"] = "registry"  # the same SVG for the same data
    matplotlib.rcParams["svg.fonttype"] = "none"  # names as text: searchable, selectable
    matplotlib.rcParams["date.epoch"] = EPOCH.isoformat()  # x() counts days from it
    rows = list(dict.fromkeys(b.row for b in timeline.bars))
    end = timeline.until
    first = timeline.start
    span = max((end - first).days, 365)
    pad = span / 40
    markers = sorted(timeline.markers, key=lambda m: m.on)
    levels = _marker_levels(markers, rows, x(first) - pad, x(end) + pad)
    # The status lane: 1.5 rows, and LABEL_STEP points more for each further level of
    # labels (a row is 0.26 inch, about 19 points).
    lane = 0.0 if not markers else 1.5 + max(levels) * LABEL_STEP / 19
    height = 1.9 + 0.26 * (len(rows) + lane + (0.5 if markers else 0))
    fig = Figure(figsize=(FIGURE_WIDTH, height), layout="constrained")
    ax = fig.add_subplot()
    ax.set_xlim(x(first) - pad, x(end) + pad)
    top = len(rows) + lane
    ax.set_ylim(-0.8, top)
    forms = 0
    for band in timeline.bands:
        right = band.end or end
        if band.kind == "form":
            colour = FORM_COLOURS[forms % len(FORM_COLOURS)]
            forms += 1
            ax.axvspan(x(band.start), x(right), color=colour, zorder=0)
            ax.text(
                x(band.start),
                -0.65,
                f" {band.label}",
                fontsize=7,
                color="#4a5a70",
                va="bottom",
                clip_on=True,
            )
            ax.axvline(x(band.start), color="#b8c4d6", linewidth=0.8, zorder=0)
        else:
            ax.axvspan(
                x(band.start),
                x(right),
                facecolor=BAND_COLOURS[band.kind],
                hatch="xx",
                edgecolor="#9a9a9a",
                linewidth=0,
                alpha=0.8,
                zorder=0.5,
            )
    y_of = {row: len(rows) - 1 - i for i, row in enumerate(rows)}
    for bar in timeline.bars:
        colour = RANK_CLASSES[bar.rank_class][1]
        right = bar.end or end
        width = max((right - bar.start).days, 1)
        y = y_of[bar.row]
        ax.barh(
            y,
            width,
            left=x(bar.start),
            height=0.62,
            color=colour,
            hatch="///" if bar.residence else None,
            edgecolor="white" if bar.residence else colour,
            linewidth=0.4,
            linestyle="-" if bar.start_known else "--",
            zorder=2,
        )
        if not bar.start_known:  # the start is only a first attestation
            ax.plot([x(bar.start)], [y], marker="<", color=colour, markersize=4, zorder=3)
        # Beside the bar where there is room: right of its end, else inside a long bar,
        # else left of its start.
        late = (right - first).days > 0.6 * span
        inside = late and (right - bar.start).days > 0.3 * span
        if not late:
            at, align, ink = x(right) + pad / 4, "left", "#333333"
        elif inside:
            at, align, ink = x(bar.start) + pad / 4, "left", "white"
        else:
            at, align, ink = x(bar.start) - pad / 4, "right", "#333333"
        ax.text(
            at,
            y,
            bar.label + ("" if bar.end else " (no end on record)"),
            fontsize=7,
            va="center",
            ha=align,
            color=ink,
            clip_on=True,
            zorder=3,
        )
    if markers:
        lane_y = len(rows) + 0.6
        ax.axhline(lane_y - 0.6, color="#dddddd", linewidth=0.6)
        for marker, level in zip(markers, levels, strict=True):
            ax.plot([x(marker.on)], [lane_y], marker="D", color="#b03a2e", markersize=4, zorder=3)
            ax.annotate(
                marker.label,
                (x(marker.on), lane_y),
                xytext=(3, 3 + LABEL_STEP * level),
                textcoords="offset points",
                fontsize=LABEL_SIZE,
                va="bottom",
                color="#b03a2e",
                annotation_clip=True,
            )
            if level:  # a leader from the marker up to its raised label
                ax.annotate(
                    "",
                    (x(marker.on), lane_y),
                    xytext=(0, 3 + LABEL_STEP * level + LABEL_SIZE / 2),
                    textcoords="offset points",
                    arrowprops={"arrowstyle": "-", "color": "#d9a19b", "linewidth": 0.5},
                )
    ax.set_yticks([y_of[r] for r in rows], rows, fontsize=7)
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.5, zorder=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(timeline.title, loc="left", fontsize=11)
    used = list(dict.fromkeys(b.rank_class for b in timeline.bars))
    handles = [Patch(color=RANK_CLASSES[c][1], label=RANK_CLASSES[c][0]) for c in used]
    if any(b.residence for b in timeline.bars):
        handles.append(
            Patch(facecolor="#999999", hatch="///", edgecolor="white", label="non-resident")
        )
    if any(b.kind != "form" for b in timeline.bands):
        handles.append(
            Patch(
                facecolor=BAND_COLOURS["closed"],
                hatch="xx",
                edgecolor="#9a9a9a",
                label="closed or suspended",
            )
        )
    if handles:
        fig.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=7, frameon=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph missing from the font: drawn as a box
        fig.savefig(out, format=suffix[1:], dpi=150, metadata=_metadata(suffix))


def _metadata(suffix: str) -> dict[str, str | None]:
    """No creation date in the file: the same data draws the same bytes."""
    return {"Date": None} if suffix == ".svg" else {}
