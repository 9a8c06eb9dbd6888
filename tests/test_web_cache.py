"""`registry serve` keeps the answers it gave while the database holds the same data
(the same PostgreSQL snapshot): a link asked again is sent again without its
statements, and the first request after any write sees the write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import URL
from starlette.testclient import TestClient

from registry.db import resolve
from registry.web.app import create_app
from registry.web.cache import VERSION
from registry.web.serve import open_pool
from tests.conftest import Registry, _dsn

BRAZIL = [
    "record", "status", "opened", "brazil", "kabul", "--new-mission", "--kind", "embassy",
    "--accredited-to", "AF", "--on", "2025-03-01", "--source-title",
    "Brazil opens an embassy in Kabul", "--source-publisher", "Test Wire",
    "--source-date", "2025-03-12",
]  # fmt: skip


class Counting:
    """A pool whose connections count the statements sent through them."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self.statements: list[str] = []

    @contextmanager
    def connection(self) -> Iterator[Any]:
        with self.pool.connection() as conn:
            yield _Counted(conn, self.statements)


class _Counted:
    def __init__(self, conn: Any, log: list[str]) -> None:
        self._conn, self._log = conn, log

    def execute(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self._log.append(str(query))
        return self._conn.execute(query, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@contextmanager
def serving(url: URL, cache_bytes: int = 8 * 1024 * 1024) -> Iterator[tuple[TestClient, Counting]]:
    pool = open_pool(resolve(_dsn(url)), size=2)
    counting = Counting(pool)
    try:
        with TestClient(create_app(counting, cache_bytes), raise_server_exceptions=False) as client:
            yield client, counting
    finally:
        pool.close()


def asked_twice(client: TestClient, pool: Counting, url: str) -> tuple[Any, Any, list[str]]:
    """The page asked twice, and the statements the second time sent. The snapshot
    spans the server: a transaction ending elsewhere in between (autovacuum analysing
    another database) makes the second an answer of its own, so try a few times."""
    for _ in range(5):
        first = client.get(url)
        ran = len(pool.statements)
        again = client.get(url)
        if pool.statements[ran:] == [VERSION]:
            break
    return first, again, pool.statements[ran:]


def test_kabul_asked_again_is_sent_again_without_its_statements(seeded_db: URL) -> None:
    with serving(seeded_db) as (client, pool):
        first, again, sent = asked_twice(client, pool, "/cities/kabul.json")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert sent == [VERSION]
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["cache-control"] == "no-cache"
    assert again.headers["content-type"] == "application/json"
    assert again.headers["content-security-policy"].startswith("default-src 'none'")


def test_brazils_embassy_recorded_after_the_page_was_shown_is_on_the_next_request(
    seeded_db: URL,
) -> None:
    with serving(seeded_db) as (client, pool):
        before, _, sent = asked_twice(client, pool, "/cities/kabul.json?as_of=2025-06-01")
        assert sent == [VERSION]  # kept
        tag = before.headers["etag"]
        code, _, err = Registry(seeded_db)(*BRAZIL)
        assert code == 0, err
        after = client.get("/cities/kabul.json?as_of=2025-06-01", headers={"If-None-Match": tag})
    assert "Brazil" not in before.text
    assert after.status_code == 200
    assert any(row["sending"] == "Brazil" for row in after.json())
    assert after.headers["etag"] != tag


def test_a_browser_that_kept_the_page_is_told_it_has_not_changed(seeded_db: URL) -> None:
    with serving(seeded_db) as (client, _):
        page = client.get("/cities/kabul")
        tag = page.headers["etag"]
        for sent in (tag, f"W/{tag}", f'"other", {tag}', "*"):
            again = client.get("/cities/kabul", headers={"If-None-Match": sent})
            assert again.status_code == 304, sent
            assert again.content == b""
            assert again.headers["etag"] == tag
        other = client.get("/cities/kabul", headers={"If-None-Match": '"other"'})
    assert other.status_code == 200
    assert other.content == page.content


def test_every_date_and_question_is_an_answer_of_its_own(seeded_db: URL) -> None:
    with serving(seeded_db) as (client, _):
        today = client.get("/cities/kabul.json")
        in_2020 = client.get("/cities/kabul.json?as_of=2020-01-01")
        order = client.get("/cities/kabul/precedence.json")
        html = client.get("/cities/kabul")
    assert len({today.content, in_2020.content, order.content, html.content}) == 4
    assert [r["sending"] for r in in_2020.json()] != [r["sending"] for r in today.json()]


def test_an_unknown_city_keeps_its_did_you_mean_but_no_etag_and_a_bad_date_is_not_kept(
    seeded_db: URL,
) -> None:
    with serving(seeded_db) as (client, pool):
        missing, again, sent = asked_twice(client, pool, "/cities/kabull")
        assert sent == [VERSION]
        held = client.get("/cities/kabull", headers={"If-None-Match": "*"})
        bad = client.get("/cities/kabul?as_of=yesterday")
    assert missing.status_code == again.status_code == held.status_code == 404
    assert "Kabul" in again.text and "Kabul" in held.text  # a 404 is never "not modified"
    assert "etag" not in again.headers
    assert bad.status_code == 400 and "cache-control" not in bad.headers


def test_at_midnight_the_page_and_its_key_are_of_the_same_day(
    seeded_db: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt
    import types

    from registry.web import cache

    day = [dt.date(2025, 6, 1)]

    class Day:
        @staticmethod
        def today() -> dt.date:
            return day[0]

    monkeypatch.setattr(cache, "dt", types.SimpleNamespace(date=Day))
    with serving(seeded_db) as (client, _):
        first = client.get("/cities/kabul")
        day[0] = dt.date(2025, 6, 2)
        second = client.get("/cities/kabul")
    assert "as of 2025-06-01" in first.text
    assert "as of 2025-06-02" in second.text


def test_with_no_cache_every_request_runs_its_statements(seeded_db: URL) -> None:
    with serving(seeded_db, cache_bytes=0) as (client, pool):
        client.get("/cities/kabul.json")
        ran = len(pool.statements)
        page = client.get("/cities/kabul.json")
    assert len(pool.statements) == 2 * ran
    assert "etag" not in page.headers


def test_a_request_shares_only_a_snapshot_asked_after_it_arrived() -> None:
    """Under load one query answers every request waiting, but never one that came
    while the queries allowed at once were all on their way: that one waits for the
    next query."""
    import asyncio
    import threading

    from registry.web.cache import Snapshots

    class Pool:
        def __init__(self) -> None:
            self.asked = 0
            self.lock = threading.Lock()
            self.release = threading.Event()

        @contextmanager
        def connection(self) -> Iterator[Any]:
            pool = self

            class Conn:
                def execute(self, query: str) -> Any:
                    with pool.lock:
                        pool.asked += 1
                        n = pool.asked
                    pool.release.wait(5)

                    class Row:
                        def fetchone(self) -> tuple[str]:
                            return (f"{n}:{n}:",)

                    return Row()

            yield Conn()

    async def scenario(at_once: int) -> tuple[int, list[str]]:
        pool = Pool()
        snapshots = Snapshots(pool, at_once=at_once)
        early = [asyncio.create_task(snapshots.current()) for _ in range(3)]
        for _ in range(500):  # until the first queries are on their way
            if pool.asked == at_once:
                break
            await asyncio.sleep(0.01)
        late = [asyncio.create_task(snapshots.current()) for _ in range(2)]
        await asyncio.sleep(0.05)
        pool.release.set()
        answers = list(await asyncio.gather(*early, *late))
        return pool.asked, answers

    asked, answers = asyncio.run(scenario(1))
    assert asked == 2
    assert answers == ["1:1:"] + ["2:2:"] * 4  # the first alone; those that came after, together
    asked, answers = asyncio.run(scenario(2))
    assert asked == 3
    assert len(set(answers[:2])) == 2 and set(answers[2:]) == {"3:3:"}


def test_head_is_answered_as_get_and_static_files_pass_by(seeded_db: URL) -> None:
    with serving(seeded_db) as (client, _):
        head = client.head("/cities/kabul.json")
        page = client.get("/cities/kabul.json")
        css = client.get("/static/style.css")
    assert head.status_code == 200 and head.content == b""
    assert page.headers["etag"] == head.headers["etag"]
    assert int(page.headers["content-length"]) == len(page.content) > 1000
    assert css.status_code == 200 and "cache-control" not in css.headers


def test_what_is_kept_stays_within_its_bound_keys_and_headers_counted() -> None:
    import datetime as dt

    from registry.web.cache import Answer, Answers

    answers = Answers(100_000)
    headers = ((b"content-type", b"application/json"), (b"content-security-policy", b"x" * 200))
    for n in range(2_000):
        query = f"x={n}&pad={'y' * 900}".encode()
        key = Answers.key("5:9:", f"/cities/nowhere-{n}.json", query, dt.date(2025, 6, 1))
        answers.put(key, Answer(404, b"[]", headers, None))
    assert answers.size <= 100_000
    assert 0 < len(answers) < 100  # each costs its key and headers, not its 2 bytes
    long = Answers.key("5:9:", "/cities/kabul.json", b"x" * 2_000, dt.date(2025, 6, 1))
    answers.put(long, Answer(200, b"[]", headers, '"t"'))
    assert answers.get(long) is None  # a query string no one shares is answered, not kept


def test_a_standby_is_followed_by_how_far_it_has_replayed() -> None:
    import datetime as dt

    from registry.web.cache import Answer, Answers

    answers = Answers(100_000)
    at = [Answers.key(f"lsn:{lsn}", "/cities/kabul.json", b"", dt.date(2025, 6, 1)) for lsn in (
        "0/16B3748", "0/16B3750", "1/0")]  # fmt: skip
    answers.put(at[1], Answer(200, b"[]", (), '"t"'))
    answers.put(at[0], Answer(200, b"[1]", (), '"u"'))  # older than one seen: not kept
    assert answers.get(at[0]) is None and answers.get(at[1]) is not None
    assert answers.get(at[2]) is None and answers.get(at[1]) is None  # replayed further


@pytest.mark.parametrize(
    ("url", "several"),
    [
        ("postgresql://web@db.example/registry", False),
        ("host=/var/run/postgresql dbname=registry", False),
        ("postgresql://web@primary.example,standby.example/registry", True),
        ("host=primary.example,standby.example dbname=registry", True),
        ("postgresql:///registry?host=a.example,b.example&load_balance_hosts=random", True),
        ("hostaddr=10.0.0.1,10.0.0.2 dbname=registry", True),
    ],
)
def test_a_url_naming_several_servers_keeps_no_answer(url: str, several: bool) -> None:
    """The pool's connections could reach different servers: a page's statements
    another than its snapshot's (registry serve then runs with --cache-mb 0)."""
    from registry.cli_serve import several_servers

    assert several_servers(url) is several
