"""Timeline charts: `history PARTY CITY --chart FILE` and `person NAME --chart FILE`."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import psycopg
import pytest

from registry import charts, queries
from tests.conftest import Registry, _dsn
from tests.test_import_pocom import SAMPLE, needs_sample

US_HEADS_IN_KABUL = [
    "William Harrison Hornibrook",
    "Louis Goethe Dreyfus Jr.",
    "Cornelius Van Hemert Engert",
    "Ely Eliot Palmer",
    "Adolph Dubs",
    "J. Bruce Amstutz",
    "Ryan Clark Crocker",
    "Zalmay Khalilzad",
    "John R. Bass",
]


@pytest.fixture(scope="module")
def with_pocom(databases: object, seeded_template: str) -> Registry:
    """A seeded database with the pocom sample imported, shared by this module."""
    reg = Registry(databases.create(template=seeded_template))  # type: ignore[attr-defined]
    code, _, err = reg("import", "pocom", str(SAMPLE))
    assert code == 0, err
    return reg


def us_in_kabul(reg: Registry) -> charts.Timeline:
    with psycopg.connect(_dsn(reg.url)) as conn:
        missions = queries.missions_of(
            conn, queries.find_party(conn, "united states"), queries.find_city(conn, "kabul")
        )
        tenures, changes = queries.timeline_of_missions(conn, missions)
        interim = queries.ad_interim_tenures(conn, [t.tenure_id for t in tenures])
    return charts.post_timeline(missions, tenures, changes, interim, dt.date(2026, 12, 1))


@needs_sample
def test_the_us_heads_in_kabul_since_1935_are_named_in_the_chart(
    with_pocom: Registry, tmp_path: Path
) -> None:
    chart = tmp_path / "kabul.svg"
    code, _, err = with_pocom("history", "united states", "kabul", "--chart", str(chart))
    assert code == 0, err
    assert err.strip().startswith("registry: drew ") and err.strip().endswith(f"to {chart}")
    svg = chart.read_text(encoding="utf-8")
    assert all(name in svg for name in US_HEADS_IN_KABUL)
    assert "United States in Kabul: heads of mission" in svg


@needs_sample
def test_the_us_embassy_in_kabul_closed_in_1989_and_resumed_operations_in_2002(
    with_pocom: Registry,
) -> None:
    timeline = us_in_kabul(with_pocom)
    closures = [b for b in timeline.bands if b.kind != "form"]
    assert [(b.start.year, b.end and b.end.year) for b in closures] == [(1989, 2002)]
    forms = [
        (b.label, b.start.year, b.end and b.end.year) for b in timeline.bands if b.kind == "form"
    ]
    assert forms == [("legation", 1935, 1948), ("embassy", 1948, None)]


@needs_sample
def test_the_first_us_ministers_to_afghanistan_resided_at_tehran(with_pocom: Registry) -> None:
    first = us_in_kabul(with_pocom).bars[0]
    assert first.row == "William Harrison Hornibrook (1935)"
    assert (first.residence, first.rank_class) == ("Tehran", "b")
    interim = [b for b in us_in_kabul(with_pocom).bars if b.ad_interim]
    assert "J. Bruce Amstutz (1979)" in [b.row for b in interim]
    assert all(b.rank_class == "ai" for b in interim)


@needs_sample
def test_the_same_data_draws_the_same_svg_and_a_png_is_a_png(
    with_pocom: Registry, tmp_path: Path
) -> None:
    a, b, png = tmp_path / "a.svg", tmp_path / "b.svg", tmp_path / "c.png"
    for path in (a, b, png):
        assert with_pocom("history", "united states", "kabul", "--chart", str(path))[0] == 0
    assert a.read_bytes() == b.read_bytes()
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_a_persons_posts_are_drawn(registry: Registry, tmp_path: Path) -> None:
    chart = tmp_path / "posts.svg"
    code, out, err = registry("person", "yesengeldiyev", "--chart", str(chart))
    assert code == 0, err
    svg = chart.read_text(encoding="utf-8")
    assert "Alimkhan Yesengeldiyev: posts as head of mission" in svg
    assert "embassy, Kabul" in svg
    assert "Yesengeldiyev" in out  # the table is printed as without --chart


def test_a_chart_in_another_format_is_refused_before_any_query(
    registry: Registry, tmp_path: Path
) -> None:
    code, _, err = registry("history", "kazakhstan", "kabul", "--chart", str(tmp_path / "k.pdf"))
    assert (code, err.strip()) == (
        2,
        f"registry: --chart: '{tmp_path / 'k.pdf'}': give a file ending in .svg or .png",
    )
    assert not (tmp_path / "k.pdf").exists()


def test_a_chart_is_written_through_a_symlink_never_replacing_it(
    registry: Registry, tmp_path: Path
) -> None:
    real, link = tmp_path / "real.svg", tmp_path / "link.svg"
    real.write_text("old")
    os.symlink(real, link)
    assert registry("history", "kazakhstan", "kabul", "--chart", str(link))[0] == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("<?xml")


def test_a_chart_into_a_missing_directory_is_one_line(registry: Registry, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "k.svg"
    code, _, err = registry("history", "kazakhstan", "kabul", "--chart", str(target))
    assert (code, err.strip()) == (
        2,
        f"registry: --chart: cannot write {target}: No such file or directory",
    )


def test_nothing_to_draw_is_said_and_no_file_is_written(registry: Registry, tmp_path: Path) -> None:
    chart = tmp_path / "none.svg"
    code, _, err = registry("history", "united states", "kabul", "--chart", str(chart))
    assert code == 2
    assert "nothing to draw" in err and not chart.exists()


@needs_sample
def test_the_us_post_in_paris_is_drawn_without_its_missions_to_the_oecd_and_unesco(
    with_pocom: Registry, tmp_path: Path
) -> None:
    chart = tmp_path / "paris.svg"
    code, _, err = with_pocom("history", "united states", "paris", "--chart", str(chart))
    assert code == 0, err
    notice = err.splitlines()[1]
    assert notice.startswith("registry: not drawn, posts of their own: mission ")
    assert "(to Organisation for Economic Co-operation and Development)" in notice
    svg = chart.read_text(encoding="utf-8")
    assert "Benjamin Franklin (1779)" in svg and "Permanent Representative" not in svg


def test_labels_of_events_days_apart_are_stacked_and_of_events_decades_apart_share_a_level() -> (
    None
):
    """The US embassy in Kabul closed on 1989-01-30 and was suspended the next day: the
    two labels would overlap on the status lane, so the second goes a level up; the
    reopening in 2002 is far enough to sit on the lane again."""
    markers = [
        charts.Marker(dt.date(1989, 1, 30), "closed"),
        charts.Marker(dt.date(1989, 1, 31), "suspended for security reasons"),
        charts.Marker(dt.date(1989, 2, 1), "interests represented by Qatar"),
        charts.Marker(dt.date(2002, 1, 17), "reopened"),
    ]
    left, right = charts.x(dt.date(1930, 1, 1)), charts.x(dt.date(2027, 1, 1))
    assert charts._marker_levels(markers, ["Adolph Dubs (1978)"], left, right) == [0, 1, 2, 0]
