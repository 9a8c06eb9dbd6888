"""`registry serve` over HTTP, against the real app and a real database: every JSON
twin is what the CLI's --format json prints for the same question, values are
escaped, unknown names get 404 with the did-you-mean, bad dates 400, and nothing
the pool's connections do can write."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import URL
from starlette.testclient import TestClient

from registry.db import resolve
from registry.web.app import create_app
from registry.web.serve import CannotServe, open_pool
from tests.conftest import Registry, _dsn


def _client(url: URL) -> Iterator[TestClient]:
    pool = open_pool(resolve(_dsn(url)), size=2)
    try:
        with TestClient(create_app(pool), raise_server_exceptions=False) as client:
            yield client
    finally:
        pool.close()


@pytest.fixture(scope="module")
def web(shared_db: URL) -> Iterator[TestClient]:
    yield from _client(shared_db)


# (URL, the same question asked of the CLI)
TWINS = [
    ("/cities/kabul.json", ["who-heads", "kabul"]),
    (
        "/cities/addis-ababa.json?as_of=2026-03-01",
        ["who-heads", "addis ababa", "--as-of", "2026-03-01"],
    ),
    ("/cities/kabul.json?as_of=2020-01-01", ["who-heads", "kabul", "--as-of", "2020-01-01"]),
    (
        "/cities/kabul.json?as_recorded_on=2000-01-01",
        ["who-heads", "kabul", "--as-recorded-on", "2000-01-01"],
    ),
    ("/cities/kabul/precedence.json", ["precedence", "kabul"]),
    ("/cities/kabul/kz.json", ["history", "kz", "kabul"]),
    ("/people/alimkhan-yesengeldiyev.json", ["person", "alimkhan-yesengeldiyev"]),
    ("/parties/kz.json", ["represents", "kz"]),
    ("/parties/et/received.json", ["accredited-to", "et"]),
    ("/parties/af/recognition.json", ["recognition", "af"]),
]


@pytest.mark.parametrize(("url", "command"), TWINS, ids=[u for u, _ in TWINS])
def test_each_json_twin_is_what_the_cli_prints(
    web: TestClient, registry: Registry, url: str, command: list[str]
) -> None:
    code, out, _ = registry(*command, "--format", "json")
    response = web.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.text == out
    assert code in (0, 1)  # 1: nothing on record, which the page says too (as [] here)


def test_the_city_page_shows_the_corps_in_precedence_with_sources_as_footnotes(
    web: TestClient,
) -> None:
    page = web.get("/cities/kabul?as_of=2020-01-01")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Missions in Kabul, Afghanistan, as of 2020-01-01</h1>" in text
    assert (
        '<a href="/people/alimkhan-yesengeldiyev?as_of=2020-01-01">Alimkhan Yesengeldiyev</a>'
        in text
    )
    assert '<a href="/cities/kabul/kz?as_of=2020-01-01">Kazakhstan</a>' in text
    assert '<sup><a href="#source-1">[1]</a></sup>' in text
    assert '<li id="source-1">' in text
    assert '<input id="as_of" type="date" name="as_of" value="2020-01-01">' in text


def test_the_as_of_date_changes_who_heads_the_post(web: TestClient) -> None:
    then = web.get("/cities/kabul/precedence.json?as_of=2020-01-01").json()
    now = web.get("/cities/kabul/precedence.json?as_of=2025-01-01").json()
    assert "Alimkhan Yesengeldiyev" in [e["head"] for e in then]
    assert "Alimkhan Yesengeldiyev" not in [e["head"] for e in now]


def test_an_unknown_city_is_404_with_the_did_you_mean_as_links(web: TestClient) -> None:
    page = web.get("/cities/kabull")
    assert page.status_code == 404
    assert "no city &#39;kabull&#39;" in page.text
    assert '<a href="/cities/kabul">Kabul</a>' in page.text
    twin = web.get("/cities/kabull.json")
    assert twin.status_code == 404
    assert twin.json() == [{"error": "no city 'kabull'", "did_you_mean": ["Kabul"]}]


def test_unknown_pages_and_bad_dates_are_clear_404_and_400(web: TestClient) -> None:
    assert web.get("/nowhere").status_code == 404
    bad = web.get("/cities/kabul?as_of=yesterday")
    assert bad.status_code == 400
    assert "as_of:" in bad.text
    assert web.get("/cities/kabul.json?as_recorded_on=soon").status_code == 400
    assert web.get("/cities/%20").status_code == 400  # an empty name matches nothing


def test_search_goes_to_the_one_match_or_suggests(web: TestClient) -> None:
    found = web.get("/search?q=Kābul", follow_redirects=False)
    assert found.status_code == 303
    assert found.headers["location"] == "/cities/kabul"
    missed = web.get("/search?q=kazakstan")
    assert missed.status_code == 404
    assert '<a href="/search?q=Kazakhstan">Kazakhstan</a>' in missed.text
    twin = web.get("/search.json?q=kabul")
    assert twin.json() == [{"kind": "city", "name": "Kabul, Afghanistan", "url": "/cities/kabul"}]


def test_a_post_page_has_its_timeline_chart(web: TestClient) -> None:
    page = web.get("/cities/kabul/kz")
    assert '<img src="/cities/kabul/kz.svg"' in page.text
    chart = web.get("/cities/kabul/kz.svg")
    assert chart.status_code == 200
    assert chart.headers["content-type"] == "image/svg+xml"
    assert chart.content.lstrip().startswith(b"<?xml")


def test_every_page_forbids_scripts(web: TestClient) -> None:
    page = web.get("/cities/kabul")
    assert "script-src" not in page.headers["content-security-policy"]  # default-src 'none'
    assert page.headers["content-security-policy"].startswith("default-src 'none'")
    assert "<script" not in page.text


@pytest.fixture
def hostile_web(seeded_db: URL) -> Iterator[tuple[TestClient, URL]]:
    with psycopg.connect(_dsn(seeded_db)) as conn:
        conn.execute(
            "UPDATE source SET title = '<script>alert(1)</script>' WHERE key = 'kabul-2024-09'"
        )
    for client in _client(seeded_db):
        yield client, seeded_db


def test_a_source_titled_as_a_script_is_shown_as_text(hostile_web: tuple[TestClient, Any]) -> None:
    web, _ = hostile_web
    page = web.get("/cities/kabul")
    assert "<script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_the_pool_cannot_write(hostile_web: tuple[TestClient, Any]) -> None:
    _, url = hostile_web
    pool = open_pool(resolve(_dsn(url)), size=1)
    try:
        with pool.connection() as conn:
            role, read_only, timeout = conn.execute(
                "SELECT current_user, current_setting('default_transaction_read_only'),"
                " current_setting('statement_timeout')"
            ).fetchone()
            assert (role, read_only, timeout) == ("registry_analyst", "on", "5s")
        with pool.connection() as conn, pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("DELETE FROM public.tenure")
        with pool.connection() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SET transaction_read_only = off")
            conn.execute("DELETE FROM public.tenure")
    finally:
        pool.close()


def test_a_login_that_is_no_analyst_is_refused(hostile_web: tuple[TestClient, Any]) -> None:
    _, url = hostile_web
    with psycopg.connect(_dsn(url), autocommit=True) as conn:
        conn.execute("DROP ROLE IF EXISTS h_web_outsider")
        # A writer reads the reporting schema too, but is no analyst: it may not serve.
        conn.execute("CREATE ROLE h_web_outsider LOGIN IN ROLE registry_writer")
    try:
        with pytest.raises(CannotServe, match="h_web_outsider cannot SET ROLE registry_analyst"):
            open_pool(resolve(_dsn(url.set(username="h_web_outsider"))), size=1)
    finally:
        with psycopg.connect(_dsn(url), autocommit=True) as conn:
            conn.execute("DROP ROLE h_web_outsider")


def test_a_failure_is_a_generic_500_and_logged_with_the_password_masked(
    shared_db: URL, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        def connection(self) -> Any:
            raise RuntimeError("cannot reach postgresql://web:s3cret@db.example/registry")

    with (
        TestClient(create_app(Broken()), raise_server_exceptions=False) as client,
        caplog.at_level(logging.ERROR, logger="registry.web"),
    ):
        page = client.get("/cities/kabul")
    assert page.status_code == 500
    assert "s3cret" not in page.text and "Traceback" not in page.text
    assert "something went wrong on the server" in page.text
    assert "RuntimeError" in caplog.text
    assert "s3cret" not in caplog.text


_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
_rows = st.lists(
    st.dictionaries(st.text(), _scalars | st.lists(_scalars, max_size=3), max_size=6), max_size=4
)


@settings(max_examples=500, deadline=None)
@given(_rows)
def test_the_json_text_is_json_dumps_with_an_indent(rows: list[dict[str, Any]]) -> None:
    from registry.output import _json_safe, json_text

    assert json_text(rows) == _json_safe(json.dumps(rows, ensure_ascii=False, indent=2)) + "\n"


def test_what_orjson_refuses_goes_through_json_dumps() -> None:
    from registry.output import json_text

    for rows in (
        [{"a": 10**30}],
        [{"b": "\ud800"}],
        [{"c": {"d": [1, [2]]}}, {}],
        [{1: "a key not a string"}],
    ):
        assert json_text(rows) == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def test_a_statement_timeout_is_a_503_not_a_500() -> None:
    class Slow:
        def connection(self) -> Any:
            raise psycopg.errors.QueryCanceled("canceling statement due to statement timeout")

    with TestClient(create_app(Slow()), raise_server_exceptions=False) as client:
        page = client.get("/cities/kabul.json")
    assert page.status_code == 503
    assert page.json()[0]["error"].startswith("the query took too long")


def test_serve_on_an_unreachable_server_is_one_line(registry: Registry) -> None:
    from typer.testing import CliRunner

    from registry.cli import app

    result = CliRunner().invoke(
        app, ["serve", "--database-url", "postgresql://web:s3cret@127.0.0.1:1/registry"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("registry: ")
    assert len(result.stderr.splitlines()) == 1
    assert "s3cret" not in result.stderr
