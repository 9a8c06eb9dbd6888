"""Answers `registry serve` has given, kept while the database holds the same data.

A shared link is asked again and again (a city's corps, sent round a newsroom); the
statements behind it cost the same each time although nothing changed. Whether
anything changed is what a PostgreSQL snapshot says: ``pg_current_snapshot()`` names
the transactions a statement sees as finished (below its xmax, not in progress), so two
statements given the same snapshot see the same committed data, in every table. Each
request reads it (no table, no lock: microseconds), and a page asked before under the
same snapshot is sent again without its statements; any transaction that ends makes
the kept answers unreachable. Nothing to add to the schema or to the writers, and
never a stale answer. The snapshot spans the server: on one shared with busy
databases (or while autovacuum analyses) answers are kept for less long, never wrongly.

The key is the whole request a page reads: its path, its query string and today's
date (a page with no as_of is today's). Each answer carries an ETag (a digest of its
bytes) and ``Cache-Control: no-cache``: a browser or a reverse proxy may keep it and
ask again with If-None-Match, and gets 304 Not Modified while it stands. Bounded in
bytes, least recently used first out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

# The answers worth keeping: a page, and a 404's did-you-mean (asked again by a link).
KEPT = frozenset({200, 404})
VERSION = "SELECT pg_current_snapshot()::text"


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    headers: tuple[tuple[bytes, bytes], ...]  # raw, as the response had them (content-type)
    etag: str


def etag(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


class Answers:
    """Answers by request and snapshot, at most ``limit`` bytes of bodies. Once a newer
    snapshot is seen (a higher xmax) the older answers are dropped: no request reaches
    them again."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.newest = -1  # the highest xmax seen
        self._kept: OrderedDict[tuple[Any, ...], Answer] = OrderedDict()
        self._lock = threading.Lock()  # endpoints run in worker threads
        self.hits = self.misses = 0

    @staticmethod
    def key(snapshot: str, path: str, query: str, today: dt.date) -> tuple[Any, ...]:
        return (snapshot, path, query, today)

    def _seen(self, snapshot: str) -> int:
        """The snapshot's xmax ("xmin:xmax:xip,..."); older answers dropped."""
        xmax = int(snapshot.split(":")[1])
        if xmax > self.newest:
            self._kept.clear()
            self.size, self.newest = 0, xmax
        return xmax

    def get(self, key: tuple[Any, ...]) -> Answer | None:
        with self._lock:
            self._seen(key[0])
            found = self._kept.get(key)
            if found is None:
                self.misses += 1
                return None
            self._kept.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: tuple[Any, ...], answer: Answer) -> None:
        if len(answer.body) > self.limit // 4:  # one page never crowds out the rest
            return
        with self._lock:
            if self._seen(key[0]) < self.newest:  # older than what another request saw
                return
            old = self._kept.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self._kept[key] = answer
            self.size += len(answer.body)
            while self.size > self.limit:
                _, dropped = self._kept.popitem(last=False)
                self.size -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._kept)
