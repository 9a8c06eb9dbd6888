"""Answers `registry serve` has given, kept while the database holds the same data.

A shared link is asked again and again (a city's corps, sent round a newsroom); the
statements behind it cost the same each time although nothing changed. Whether
anything changed is what a PostgreSQL snapshot says: ``pg_current_snapshot()`` names
the transactions a statement sees as finished (below its xmax, not in progress), so two
statements given the same snapshot see the same committed data, in every table. Each
request reads it (no table, no lock; one query for all the requests waiting, never one
sent before a request came: Snapshots), and a page asked before under the same
snapshot is sent again without its statements, from the event loop (Kept); any
transaction that wrote and ends makes the kept answers unreachable. Nothing to add to
the schema or to the writers, and never a stale answer. The snapshot spans the
server: on one shared with busy databases (or while autovacuum analyses) answers are
kept for less long, never wrongly.

The key is the whole request a page reads: its path, its query string and today's
date (a page with no as_of is today's). Each answer carries an ETag (a digest of its
bytes) and ``Cache-Control: no-cache``: a browser or a reverse proxy may keep it and
ask again with If-None-Match, and gets 304 Not Modified while it stands. Bounded in
bytes, least recently used first out.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The answers worth keeping: a page, and a 404's did-you-mean (asked again by a link).
KEPT = frozenset({200, 404})
# On a primary, the snapshot; on a hot standby, whose snapshots list no transaction in
# progress (they are all subtransactions there, which pg_current_snapshot() leaves out),
# how far it has replayed: nothing becomes visible there but by replay.
VERSION = (
    "SELECT CASE WHEN pg_is_in_recovery() THEN 'lsn:' || pg_last_wal_replay_lsn()"
    " ELSE pg_current_snapshot()::text END"
)
# A query string longer than this is answered, never kept: keys are counted in the
# bound too, and no one shares such a link.
LONGEST_KEPT_QUERY = 1024
# What an answer costs beyond its body and key: the objects, the headers' tuples.
OVERHEAD = 512


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: tuple[tuple[bytes, bytes], ...]  # raw, as the response had them (content-type)
    etag: str | None  # a 2xx answer's; a 404 has none (no condition applies to it)

    def size(self, key: tuple[Any, ...]) -> int:
        """What keeping it costs, roughly: body, key, headers, overhead."""
        return (
            len(self.body)
            + len(key[1])
            + len(key[2])
            + sum(len(k) + len(v) for k, v in self.headers)
            + OVERHEAD
        )


def etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


class Answers:
    """Answers by request and snapshot, at most ``limit`` bytes (bodies, keys and
    headers). Once a newer snapshot is seen (a higher xmax, or a standby's later replay)
    the older answers are dropped: no request reaches them again."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.newest = -1  # the highest xmax seen
        self._kept: OrderedDict[tuple[Any, ...], Answer] = OrderedDict()
        self._lock = threading.Lock()  # endpoints run in worker threads

    @staticmethod
    def key(snapshot: str, path: str, query: str, today: dt.date) -> tuple[Any, ...]:
        return (snapshot, path, query, today)

    def _seen(self, snapshot: str) -> int:
        """How late the snapshot is: its xmax ("xmin:xmax:xip,...") or a standby's replay
        position ("lsn:16/B374D848"); older answers dropped."""
        if snapshot.startswith("lsn:"):
            high, _, low = snapshot[4:].partition("/")
            late = int(high, 16) << 32 | int(low, 16)
        else:
            late = int(snapshot.split(":")[1])
        if late > self.newest:
            self._kept.clear()
            self.size, self.newest = 0, late
        return late

    def get(self, key: tuple[Any, ...]) -> Answer | None:
        with self._lock:
            self._seen(key[0])
            found = self._kept.get(key)
            if found is None:
                return None
            self._kept.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], answer: Answer) -> None:
        size = answer.size(key)
        if size > self.limit // 4 or len(key[2]) > LONGEST_KEPT_QUERY:
            return  # one page never crowds out the rest
        with self._lock:
            if self._seen(key[0]) < self.newest:  # older than what another request saw
                return
            old = self._kept.pop(key, None)
            if old is not None:
                self.size -= old.size(key)
            self._kept[key] = answer
            self.size += size
            while self.size > self.limit:
                dropped_key, dropped = self._kept.popitem(last=False)
                self.size -= dropped.size(dropped_key)

    def __len__(self) -> int:
        return len(self._kept)


class Snapshots:
    """The database's current snapshot, asked once for every request waiting for it:
    a request shares only a query sent after it arrived, so it sees every transaction
    that ended before it came, as its own query would. Up to ``at_once`` queries are on
    their way together (a request that comes while they all are joins the next one):
    under load one query answers a batch, no request waits for a worker thread of its
    own. One query at a time by default: on two cores a second one on its way cost
    more than it saved (benchmarks/README.md)."""

    def __init__(self, pool: Any, at_once: int = 1) -> None:
        self.pool, self.at_once = pool, at_once
        self._waiting: list[asyncio.Future[str]] = []
        self._asking = 0
        self._tasks: set[asyncio.Task[None]] = set()  # held until done (asyncio keeps weak ones)

    async def current(self) -> str:
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._waiting.append(future)
        self._ask_more()
        return await future

    def _ask_more(self) -> None:
        if self._waiting and self._asking < self.at_once:
            batch, self._waiting = self._waiting, []
            self._asking += 1
            task = asyncio.get_running_loop().create_task(self._ask(batch))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _ask(self, batch: list[asyncio.Future[str]]) -> None:
        try:
            snapshot = await anyio.to_thread.run_sync(self._query)
        except Exception as exc:
            for future in batch:
                if not future.done():
                    future.set_exception(exc)
        else:
            for future in batch:
                if not future.done():
                    future.set_result(snapshot)
        finally:
            self._asking -= 1
            self._ask_more()

    def _query(self) -> str:
        with self.pool.connection() as conn:
            row = conn.execute(VERSION).fetchone()
        return str(row[0])


class Kept:
    """The ASGI layer that sends a kept answer, or asks the app and keeps what it
    answers (200 and 404 only). Static files pass by (their server has its own ETags)."""

    def __init__(self, app: ASGIApp, answers: Answers, snapshots: Snapshots) -> None:
        self.app, self.answers, self.snapshots = app, answers, snapshots

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or scope["path"].startswith("/static/")
        ):
            await self.app(scope, receive, send)
            return
        snapshot = await self.snapshots.current()
        # The day a page with no as_of is of, read once: the key and the page agree on
        # it at midnight too (registry.web.app.asked reads it back).
        today = dt.date.today()
        scope.setdefault("state", {})["today"] = today
        key = Answers.key(snapshot, scope["path"], scope["query_string"], today)
        found = self.answers.get(key)
        if found is None:
            found = await self._answer(scope, receive, send)
            if found is None:  # sent as it was
                return
            self.answers.put(key, found)
        await _send(scope, found, send)

    async def _answer(self, scope: Scope, receive: Receive, send: Send) -> Answer | None:
        """The app's answer to keep, held back until whole; one not to keep (a 400, a
        500, a redirect) is sent as it is, and None returned."""
        start: Message = {}
        body: list[bytes] = []
        kept: list[Answer] = []

        async def holding(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            whole = b"".join(body)
            if start["status"] not in KEPT:
                await send(start)
                await send({"type": "http.response.body", "body": whole})
                return
            status = start["status"]
            tag = etag(whole) if 200 <= status < 300 else None
            headers = (
                *((bytes(k), bytes(v)) for k, v in start.get("headers", [])),
                *([(b"etag", tag.encode())] if tag else []),
                (b"cache-control", b"no-cache"),
            )
            kept.append(Answer(status, whole, headers, tag))

        await self.app(scope, receive, holding)
        return kept[0] if kept else None


async def _send(scope: Scope, found: Answer, send: Send) -> None:
    """The answer, or 304 Not Modified when the client holds it already (a 2xx only:
    RFC 9110 13.2.1 leaves a condition out when the answer would be an error)."""
    held = ", ".join(v.decode("latin-1") for k, v in scope["headers"] if k == b"if-none-match")
    if found.etag is not None and matches(held, found.etag):
        headers = [
            (k, v) for k, v in found.headers if k not in (b"content-length", b"content-type")
        ]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send(
        {"type": "http.response.start", "status": found.status, "headers": list(found.headers)}
    )
    await send({"type": "http.response.body", "body": found.body})


def matches(if_none_match: str | None, tag: str) -> bool:
    """Whether If-None-Match names this ETag (weakly compared, RFC 9110 13.1.2)."""
    if not if_none_match:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or tag in tags
