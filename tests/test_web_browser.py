"""`registry serve` in a real browser: Debian's chromium, driven by Playwright, against
the real command serving the test database on a free port. A reader searches, goes
from a city to a post to a person, changes the as-of date, and reads the pages.

Screenshots are saved under the test's tmp dir (or $REGISTRY_SCREENSHOTS): look at
them. Without chromium these tests fail, saying how to install it; they skip only
when REGISTRY_SKIP_BROWSER=1 says so (never in CI, which installs chromium).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import URL

from tests.conftest import Databases, _dsn
from tests.test_web import evidenced_db

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def chromium() -> str:
    if not Path(CHROMIUM).exists():
        if os.environ.get("REGISTRY_SKIP_BROWSER") == "1":
            pytest.skip("REGISTRY_SKIP_BROWSER=1 and no chromium")
        pytest.fail(
            f"no {CHROMIUM}: the browser tests need Debian's chromium "
            "(apt-get install -y chromium; .ci/run installs it), never a downloaded browser"
        )
    return CHROMIUM


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def evidenced(
    databases: Databases, seeded_template: str, tmp_path_factory: pytest.TempPathFactory
) -> URL:
    """The seeds, and the evidence they lack (tests.test_web.EVIDENCE): Germany's
    embassy in Kabul presumed not operating, France's disputed."""
    return evidenced_db(databases, seeded_template, tmp_path_factory.mktemp("evidence"))


@pytest.fixture(scope="module")
def served(evidenced: URL) -> Iterator[str]:
    """`registry serve` itself, in a subprocess, until it answers."""
    port = _free_port()
    registry = shutil.which("registry", path=str(Path(sys.executable).parent)) or "registry"
    process = subprocess.Popen(
        [
            registry,
            "serve",
            "--port",
            str(port),
            "--no-access-log",
            "--database-url",
            _dsn(evidenced),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.stdout else ""
                    pytest.fail(f"registry serve did not start: {output}")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("REGISTRY_SCREENSHOTS")
    where = Path(given) if given else tmp_path_factory.mktemp("screenshots")
    where.mkdir(parents=True, exist_ok=True)
    return where


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
        launched = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A narrow screen: 400 px."""
    context = browser.new_context(viewport={"width": 400, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def test_a_reader_goes_from_a_search_to_a_city_a_post_and_a_person(
    page: Any, served: str, shots: Path
) -> None:
    page.goto(served + "/")
    page.screenshot(path=shots / "home.png")
    page.fill("input#q", "Kābul")
    page.press("input#q", "Enter")
    page.wait_for_url(served + "/cities/kabul")
    assert page.inner_text("h1").startswith("Missions in Kabul, Afghanistan, as of ")

    # Back to 2020: Kazakhstan's ambassador was still in post.
    page.fill("input#as_of", "2020-01-01")
    page.click("form.as-of button")
    page.wait_for_url(served + "/cities/kabul?as_of=2020-01-01")
    assert page.inner_text("h1") == "Missions in Kabul, Afghanistan, as of 2020-01-01"
    row = page.locator("tbody tr", has_text="Kazakhstan")
    assert "Alimkhan Yesengeldiyev" in row.inner_text()
    assert page.input_value("input#as_of") == "2020-01-01"
    page.screenshot(path=shots / "city.png", full_page=True)

    row.get_by_role("link", name="Kazakhstan").click()  # the date goes along
    page.wait_for_url(served + "/cities/kabul/kz?as_of=2020-01-01")
    assert page.inner_text("h1") == "History of Kazakhstan embassy, Kabul"
    chart = page.locator("figure.chart img")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    assert "head dismissed by decree" in page.inner_text("table")
    page.screenshot(path=shots / "post.png", full_page=True)

    page.get_by_role("link", name="Alimkhan Yesengeldiyev").first.click()
    page.wait_for_url(served + "/people/alimkhan-yesengeldiyev?as_of=2020-01-01")
    assert page.inner_text("h1").startswith("Alimkhan Yesengeldiyev")
    assert "Kabul" in page.inner_text("table")
    page.screenshot(path=shots / "person.png", full_page=True)


def test_after_the_decree_the_ambassador_is_gone(page: Any, served: str, shots: Path) -> None:
    page.goto(served + "/cities/kabul?as_of=2025-01-01")
    row = page.locator("tbody tr", has_text="Kazakhstan")
    assert "Alimkhan Yesengeldiyev" not in row.inner_text()
    assert page.locator("tbody tr").count() > 10
    page.screenshot(path=shots / "city-2025.png", full_page=True)


def test_a_misspelt_city_gets_the_did_you_mean(page: Any, served: str, shots: Path) -> None:
    response = page.goto(served + "/cities/kabull")
    assert response.status == 404
    assert page.inner_text("h1") == "Not found"
    page.screenshot(path=shots / "not-found.png")
    page.get_by_role("link", name="Kabul").click()
    page.wait_for_url(served + "/cities/kabul")


def test_a_party_page_has_its_missions_abroad_received_and_recognition(
    page: Any, served: str, shots: Path
) -> None:
    page.goto(served + "/parties/af")
    assert page.inner_text("h1").startswith("Where Afghanistan is represented")
    page.get_by_role("link", name="Recognition").click()
    page.wait_for_url(served + "/parties/af/recognition")
    assert page.inner_text("h1").startswith("Missions of Afghanistan abroad and their recognition")
    page.screenshot(path=shots / "recognition.png", full_page=True)


def test_each_row_shows_its_evidence_and_show_all_reveals_a_mission_presumed_closed(
    page: Any, served: str, shots: Path
) -> None:
    page.goto(served + "/cities/kabul?as_of=2025-01-01")
    assert page.locator("th.c-evidence").inner_text() == "Last reported"
    assert page.locator("th.c-evidence").is_visible()
    kazakhstan = page.locator("tbody tr", has_text="Kazakhstan")
    assert kazakhstan.locator("td.c-evidence").inner_text() == (
        "2024-09-09, head dismissed by decree[1]"
    )
    assert "Germany" not in page.inner_text("table")
    # France's embassy: reported operating in the month the list left it out.
    france = page.locator("tbody tr.conflict", has_text="France")
    assert "reported as operating (sources disagree)" in france.inner_text()
    page.screenshot(path=shots / "city-evidence.png", full_page=True)

    page.get_by_role("link", name="Show all: also the missions a complete list left out").click()
    page.wait_for_url(served + "/cities/kabul?as_of=2025-01-01&all=1")
    germany = page.locator("tbody tr", has_text="Germany")
    assert germany.locator("td.c-evidence").inner_text() == (
        "not in the list of 2024-09[1]; last reported 2022-11[3]"
    )
    assert page.inner_text("li#source-3") == "Wikidata extract"
    page.screenshot(path=shots / "city-all.png", full_page=True)
    # A new date keeps all=1.
    page.fill("input#as_of", "2025-02-01")
    page.click("form.as-of button")
    page.wait_for_url(served + "/cities/kabul?as_of=2025-02-01&all=1")
    assert page.locator("tbody tr", has_text="Germany").count() == 1

    page.locator("tbody tr.conflict td.c-evidence a", has_text="sources disagree").click()
    page.wait_for_url(served + "/cities/kabul/conflicts?as_of=2025-02-01")
    assert page.inner_text("h1") == "Where sources disagree: Kabul, Afghanistan"
    assert "not in the complete list" in page.inner_text("tbody")
    page.screenshot(path=shots / "conflicts.png", full_page=True)


def test_the_relations_of_a_pair_are_reached_from_the_party_page(
    page: Any, served: str, shots: Path
) -> None:
    page.goto(served + "/parties/kz")
    page.locator("section.see").get_by_role("link", name="Afghanistan").click()
    page.wait_for_url(served + "/relations/kz/af")
    assert page.inner_text("h1") == (
        "Kazakhstan and Afghanistan: recognition, relations and missions"
    )
    assert "host accredited its diplomats" in page.inner_text("tbody")
    page.screenshot(path=shots / "relations.png", full_page=True)


def test_on_a_narrow_screen_each_row_is_a_block_the_page_no_wider(
    phone: Any, served: str, shots: Path
) -> None:
    phone.goto(served + "/cities/kabul?as_of=2025-01-01")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the page is {width} px wide on a 400 px screen"
    # Each row a block, each cell under its column's name: the evidence is on screen.
    evidence = phone.locator("tbody tr", has_text="Kazakhstan").locator("td.c-evidence")
    box = evidence.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 400
    assert evidence.evaluate("td => getComputedStyle(td, '::before').content") == (
        '"Last reported"'
    )
    phone.screenshot(path=shots / "city-narrow.png", full_page=True)
    phone.goto(served + "/parties/kz")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 400
    phone.screenshot(path=shots / "party-narrow.png", full_page=True)
