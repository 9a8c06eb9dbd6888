"""`registry serve` under load: the city page's JSON twin (/cities/CITY.json?as_of=DATE)
at 1, 10 and 50 concurrent clients, with wrk (Debian's, a real HTTP load generator),
side by side in one run with a bare endpoint: uvicorn and a pool of the same size
running the same SQL through psycopg (the statements the page sends, recorded from
the read library) and returning the rows as JSON; and with the same page served with
--cache-mb 0, where every request runs those statements (the page as it runs keeps
each answer while the database's snapshot stands: registry/web/cache.py).

    .venv/bin/python benchmarks/web_load.py --database-url postgresql://.../WORLD \\
        [--city KEY] [--as-of 2025-06-01] [--duration 10] [--clients 1,10,50] [--json OUT]

The database holds a world (benchmarks/generate.py, then `registry import bundle`);
the city is the one with the most missions unless given. The three servers run as
subprocesses on free ports, one uvicorn worker each, access log off; each level is
measured for the bare endpoint, then the page, after a 2 s warm-up of each.
Targets (issue 18): p50 at most 1.5x the bare endpoint's, 500 requests/s at 10
clients, p99 under 50 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pickle
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
POOL_SIZE = 8  # registry.web.serve.open_pool's default


def record(dsn: str, city: str, day: dt.date) -> list[tuple[str, Any]]:
    """The statements the city page's JSON sends, in order (recorded, not guessed)."""
    import psycopg

    from registry.web import pages
    from registry.web.serve import OPTIONS

    log: list[tuple[str, Any]] = []

    class Recording:
        def __init__(self, conn: Any) -> None:
            self.conn = conn

        def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
            log.append((str(query), params))
            return self.conn.execute(query, params, **kwargs)

    with psycopg.connect(dsn, options=OPTIONS) as conn:
        pages.who_heads(Recording(conn), city, day, None)
    return log


def _as_analyst(conn: Any) -> None:
    from registry.web.serve import _as_analyst as same

    same(conn)


def bare_app(job_path: str) -> Any:
    """The floor: an ASGI app that runs the statements (in a worker thread, as the page
    does) through a psycopg pool and returns every row as JSON."""
    import anyio.to_thread
    from psycopg_pool import ConnectionPool

    job = pickle.loads(Path(job_path).read_bytes())
    pool = ConnectionPool(
        job["dsn"],
        min_size=POOL_SIZE,
        max_size=POOL_SIZE,
        kwargs={"options": job["options"]},
        configure=_as_analyst,
        open=True,
    )

    def run() -> bytes:
        out: list[list[str | None]] = []
        with pool.connection() as conn:
            for sql, params in job["statements"]:
                cur = conn.execute(sql, params)
                if cur.description is not None:
                    out.extend([None if v is None else str(v) for v in row] for row in cur)
        return json.dumps(out).encode()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = await anyio.to_thread.run_sync(run)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    return app


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(cmd: list[str], port: int) -> Iterator[None]:
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    err = process.stderr.read().decode() if process.stderr else ""
                    raise SystemExit(f"server did not start: {' '.join(cmd[:3])}: {err}") from None
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(10)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, clients: int, seconds: int) -> dict[str, float]:
    """One wrk run: p50 and p99 in ms, requests/s, and the non-2xx count."""
    threads = min(clients, 2)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{clients}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "5s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(pct: str) -> float:
        found = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert found, out
        return float(found.group(1)) * UNITS[found.group(2)]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    assert rate, out
    return {
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "rps": float(rate.group(1)),
        "non_2xx": float(bad.group(1)) if bad else 0.0,
        "socket_errors": 1.0 if errors else 0.0,
    }


def busiest_city(dsn: str) -> str:
    import psycopg

    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT c.key FROM mission m JOIN city c ON c.id = m.city_id"
            " GROUP BY c.key ORDER BY count(*) DESC, c.key LIMIT 1"
        ).fetchone()
    assert row is not None
    return str(row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--city", help="city key; default: the one with the most missions")
    parser.add_argument("--as-of", default="2025-06-01")
    parser.add_argument("--duration", type=int, default=10, help="seconds a level")
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--serve-bare", help=argparse.SUPPRESS)  # internal: the bare server
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.serve_bare:
        import uvicorn

        uvicorn.run(bare_app(args.serve_bare), host="127.0.0.1", port=args.port, access_log=False)
        return
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    from registry.db import resolve
    from registry.web.serve import OPTIONS

    dsn = resolve(args.database_url).dsn
    city = args.city or busiest_city(dsn)
    day = dt.date.fromisoformat(args.as_of)
    statements = record(dsn, city, day)
    work = Path(tempfile.mkdtemp(prefix="web-load-"))
    job = work / "bare.pickle"
    # The bare endpoint's pool connects as the page's does: same options, same role.
    job.write_bytes(pickle.dumps({"dsn": dsn, "options": OPTIONS, "statements": statements}))
    registry = shutil.which("registry", path=str(Path(sys.executable).parent)) or "registry"
    web_port, bare_port = _free_port(), _free_port()
    path = f"/cities/{city}.json?as_of={day.isoformat()}"
    levels = [int(c) for c in args.clients.split(",")]
    web_cmd = [registry, "serve", "--port", str(web_port), "--no-access-log"]
    web_cmd += ["--database-url", args.database_url]
    # The same page with no answer kept: every request runs the statements.
    cold_port = _free_port()
    cold_cmd = [*web_cmd[:3], str(cold_port), *web_cmd[4:], "--cache-mb", "0"]
    bare_cmd = [sys.executable, __file__, "--database-url", "-", "--serve-bare", str(job)]
    bare_cmd += ["--port", str(bare_port)]
    results: dict[str, Any] = {
        "city": city,
        "as_of": day.isoformat(),
        "statements": len(statements),
        "duration_s": args.duration,
        "cpus": os.cpu_count(),
        "levels": {},
    }
    with serving(web_cmd, web_port), serving(bare_cmd, bare_port), serving(cold_cmd, cold_port):
        web_url, bare_url = f"http://127.0.0.1:{web_port}{path}", f"http://127.0.0.1:{bare_port}/"
        cold_url = f"http://127.0.0.1:{cold_port}{path}"
        import urllib.request

        with urllib.request.urlopen(web_url) as r:
            results["response_bytes"] = len(r.read())
        with urllib.request.urlopen(cold_url) as r:
            assert r.read() == urllib.request.urlopen(web_url).read(), "kept != computed"
        results["rows"] = len(json.loads(urllib.request.urlopen(web_url).read()))
        for url in (bare_url, web_url, cold_url):
            wrk(url, 10, 2)  # warm-up: connections, caches, the JIT-free plans
        for clients in levels:
            bare = wrk(bare_url, clients, args.duration)
            web = wrk(web_url, clients, args.duration)
            cold = wrk(cold_url, clients, args.duration)
            results["levels"][clients] = {"bare": bare, "web": web, "uncached": cold}
    shutil.rmtree(work, ignore_errors=True)
    print(
        f"GET {path}  ({results['rows']} rows, {results['response_bytes']:,} bytes; "
        f"{len(statements)} statements; wrk {args.duration}s a level, {os.cpu_count()} cpus)"
    )
    print(
        "page: registry serve as it runs (answers kept while the snapshot stands); "
        "uncached: --cache-mb 0 (every request runs the statements)\n"
        "targets: page p50 <= 1.5x bare, >= 500 req/s at 10 clients, p99 < 50 ms"
    )
    head = f"{'p50':>9} {'p99':>8} {'req/s':>7} {'ratio':>6}"
    print(f"{'':>7}  {'bare':<32}  {'page':<32}  {'uncached':<32}")
    print(f"{'clients':>7}  {head}  {head}  {head}")
    for clients, level in results["levels"].items():
        b = level["bare"]
        cells = [
            f"{m['p50_ms']:>7.2f}ms {m['p99_ms']:>6.1f}ms {m['rps']:>7.0f} "
            f"{m['p50_ms'] / b['p50_ms']:>5.2f}x"
            for m in (b, level["web"], level["uncached"])
        ]
        bad = any(m["non_2xx"] for m in level.values())
        print(f"{clients:>7}  " + "  ".join(cells) + ("  (non-2xx!)" if bad else ""))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
