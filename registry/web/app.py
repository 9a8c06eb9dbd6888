"""`registry serve`'s ASGI app: the read commands' answers as pages a person can link
to, each with its JSON twin (the same URL + ``.json``), read-only by construction.

Read-only: every connection of the pool is opened with ``default_transaction_read_only``
and a ``statement_timeout``, then ``SET ROLE registry_analyst`` (the reporting schema,
SELECT only); a login that cannot take that role is refused at start. There is no SQL
entry: every URL names a city, party or person, looked up as the CLI looks them up.
Every value reaches HTML through Jinja2's autoescaping; no traceback reaches a client
(the error is logged, passwords masked).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from registry.urls import mask_text
from registry.web import pages
from registry.web.cache import Answers, Kept, Snapshots

log = logging.getLogger("registry.web")
HERE = Path(__file__).parent
ROLE = "registry_analyst"
STATEMENT_TIMEOUT_MS = 5000
# No script at all: the pages are plain HTML forms and links.
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
MOST_NAMES = 5  # as the CLI's did-you-mean


class BadRequest(ValueError):
    """A query-string value the page cannot use (an as-of that is no date)."""


@dataclass(frozen=True)
class Asked:
    """The query string's --as-of and --as-recorded-on."""

    day: dt.date
    recorded: str | None
    instant: dt.datetime | None
    given_day: bool = False  # as_of was in the query string (not today by default)
    every: bool = False  # all=1: who-heads --all

    def query(self) -> str:
        """The query string that carries them on to the pages linked: a reader who
        went back to 2020 in Kabul sees the party's missions in 2020 too."""
        given = {}
        if self.given_day:
            given["as_of"] = self.day.isoformat()
        if self.recorded:
            given["as_recorded_on"] = self.recorded
        return ("?" + urlencode(given)) if given else ""


def asked(request: Request) -> Asked:
    from registry.dates import PartialDate

    raw_day = request.query_params.get("as_of", "").strip()
    raw_recorded = request.query_params.get("as_recorded_on", "").strip() or None
    raw_all = request.query_params.get("all", "").strip()
    if raw_all not in ("", "0", "1"):
        raise BadRequest(f"all: {raw_all!r}: use all=1 (or leave it out)")
    # Today as registry.web.cache.Kept read it for this request's key, if it did.
    day = request.scope.get("state", {}).get("today") or dt.date.today()
    if raw_day:
        try:
            day = PartialDate.parse(raw_day).first_day
        except ValueError as exc:
            raise BadRequest(f"as_of: {exc}") from None
    return Asked(day, raw_recorded, recorded_instant(raw_recorded), bool(raw_day), raw_all == "1")


def recorded_instant(value: str | None) -> dt.datetime | None:
    """as_recorded_on as --as-recorded-on reads it (registry.cli_common.as_recorded)."""
    if value is None:
        return None
    usage = "use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM]"
    try:
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            instant = dt.datetime.fromisoformat(value)
            if instant.tzinfo is None:
                instant = instant.replace(tzinfo=dt.UTC)
        else:
            instant = dt.datetime.combine(day, dt.time.max, dt.UTC)
        return instant.astimezone(dt.UTC)
    except ValueError:
        raise BadRequest(f"as_recorded_on: {value!r} is not a date or time: {usage}") from None
    except OverflowError:
        raise BadRequest(f"as_recorded_on: {value!r} is out of range") from None


class Web:
    """The pool and the templates the routes share."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
        )

    def html(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        text = self.templates.get_template(template).render(**context)
        return HTMLResponse(text, status_code=status, headers=HEADERS)

    def ask(self, request: Request, question: Callable[[Any, Asked], Any]) -> Any:
        """The question in one read-only transaction, at the recorded time asked."""
        when = asked(request)
        with self.pool.connection() as conn:
            if when.instant is not None:
                conn.execute(
                    "SELECT set_config('registry.as_recorded', %s, true)",
                    (when.instant.isoformat(),),
                )
            return question(conn, when)

    def answer(self, request: Request, question: Callable[[Any, Asked], pages.Page]) -> Response:
        """A page, or its JSON twin when the path ends in .json."""
        page = self.ask(request, question)
        if request.url.path.endswith(".json"):
            from registry.output import json_bytes

            return Response(json_bytes(page.rows), media_type="application/json", headers=HEADERS)
        when = asked(request)
        toggle = None
        if page.toggle:  # the same question, with or without all=1
            label, extra = page.toggle
            kept = [(k, v) for k, v in request.query_params.multi_items() if k != "all"]
            query = urlencode(kept + ([("all", "1")] if extra else []))
            toggle = (label, request.url.path + (f"?{query}" if query else ""))
        return self.html(
            "page.html",
            page=pages.fill(page),
            toggle=toggle,
            day=when.day.isoformat(),
            recorded=when.recorded or "",
            carry=when.query(),
            json_url=request.url.path
            + ".json"
            + (f"?{request.url.query}" if request.url.query else ""),
            path=request.url.path,
        )


def _name(request: Request, key: str = "name") -> str:
    """A path parameter without its .json or .svg."""
    value: str = request.path_params[key]
    for suffix in (".json", ".svg"):
        if value.endswith(suffix):
            return value[: -len(suffix)]
    return value


def _svg(timeline: Any) -> Response:
    from registry.charts import draw

    if not timeline.bars:
        raise HTTPException(404, "nothing to draw: no head of mission on record")
    out = io.BytesIO()
    draw(timeline, out, ".svg")
    # An image, never a document: as <img> its text cannot run, and the CSP says so too.
    return Response(
        out.getvalue(),
        media_type="image/svg+xml",
        headers={
            **HEADERS,
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        },
    )


def routes(web: Web) -> list[Any]:
    def home(request: Request) -> Response:
        return web.html("home.html", title="Registry of diplomatic missions", q="")

    def search(request: Request) -> Response:
        """One box for a city, a party or a person: straight to the one that matches,
        else what each kind of name suggests."""
        from registry.read import names

        q = request.query_params.get("q", "").strip()
        if not q:
            if request.url.path.endswith(".json"):
                raise BadRequest("q: give a city, party or person to search for")
            return RedirectResponse("/", 303)
        found: list[tuple[str, str, str]] = []  # kind, name shown, URL
        suggested: list[tuple[str, str, str]] = []
        problems: list[str] = []
        kinds: list[tuple[str, Callable[[Any, str], Any], Callable[[Any], tuple[str, str]]]] = [
            ("city", names.city, lambda c: (f"{c.name}, {c.country}", pages.city_url(c.name))),
            ("party", names.party, lambda p: (p.name, pages.party_url(p.code))),
            ("person", names.person, lambda p: (p.name, pages.person_url(p.name))),
        ]

        def look(conn: Any, _: Asked) -> None:
            for kind, find, shown in kinds:
                try:
                    found.append((kind, *shown(find(conn, q))))
                except names.UnknownName as exc:
                    suggested.extend(
                        (kind, s, "/search?" + urlencode({"q": s}))
                        for s in exc.suggestions[:MOST_NAMES]
                    )
                except names.AmbiguousName as exc:
                    problems.append(str(exc))
                except names.InvalidName as exc:
                    raise BadRequest(str(exc)) from None

        web.ask(request, look)
        if request.url.path.endswith(".json"):
            from registry.output import json_text

            listed = [{"kind": k, "name": n, "url": u} for k, n, u in found]
            listed += [{"kind": k, "did_you_mean": n, "url": u} for k, n, u in suggested]
            listed += [{"ambiguous": p} for p in problems]
            return Response(
                json_text(listed),
                200 if found or problems else 404,
                media_type="application/json",
                headers=HEADERS,
            )
        if len(found) == 1 and not problems:
            return RedirectResponse(found[0][2], 303)
        status = 200 if found or problems else 404
        return web.html(
            "search.html",
            status,
            title=f"Search: {q}",
            q=q,
            found=found,
            suggested=suggested,
            problems=problems,
        )

    def city(request: Request) -> Response:
        name = _name(request)
        return web.answer(
            request, lambda c, a: pages.who_heads(c, name, a.day, a.recorded, a.every)
        )

    def city_conflicts(request: Request) -> Response:
        name = request.path_params["name"]
        return web.answer(request, lambda c, a: pages.conflicts(c, name, a.recorded))

    def relations(request: Request) -> Response:
        first, second = request.path_params["first"], _name(request, "second")
        return web.answer(request, lambda c, a: pages.relations(c, first, second, a.recorded))

    def subdivision(request: Request) -> Response:
        name = _name(request)
        return web.answer(request, lambda c, a: pages.accredited_to(c, name, a.day, a.recorded))

    def city_precedence(request: Request) -> Response:
        name = request.path_params["name"]
        return web.answer(request, lambda c, a: pages.precedence(c, name, a.day, a.recorded))

    def post(request: Request) -> Response:
        city, party = request.path_params["name"], _name(request, "party")
        if request.url.path.endswith(".svg"):
            return _svg(web.ask(request, lambda c, a: pages.history_chart(c, city, party)))
        response = web.answer(request, lambda c, a: pages.history(c, city, party, a.recorded))
        return response

    def person(request: Request) -> Response:
        name = _name(request)
        if request.url.path.endswith(".svg"):
            return _svg(web.ask(request, lambda c, a: pages.person_chart(c, name)))
        return web.answer(request, lambda c, a: pages.person(c, name, a.recorded))

    def party(request: Request) -> Response:
        name = _name(request)
        return web.answer(request, lambda c, a: pages.represents(c, name, a.day, a.recorded))

    def party_received(request: Request) -> Response:
        name = request.path_params["name"]
        return web.answer(request, lambda c, a: pages.accredited_to(c, name, a.day, a.recorded))

    def party_recognition(request: Request) -> Response:
        name = request.path_params["name"]
        return web.answer(request, lambda c, a: pages.recognition(c, name, a.day, a.recorded))

    return [
        Route("/", home),
        Route("/search", search),
        Route("/search.json", search),
        Route("/cities/{name}/precedence.json", city_precedence),
        Route("/cities/{name}/precedence", city_precedence),
        Route("/cities/{name}/conflicts.json", city_conflicts),
        Route("/cities/{name}/conflicts", city_conflicts),
        Route("/cities/{name}/{party}", post),
        Route("/cities/{name}", city),
        Route("/people/{name}", person),
        Route("/parties/{name}/received.json", party_received),
        Route("/parties/{name}/received", party_received),
        Route("/parties/{name}/recognition.json", party_recognition),
        Route("/parties/{name}/recognition", party_recognition),
        Route("/parties/{name}", party),
        Route("/relations/{first}/{second}", relations),
        Route("/accredited-to/{name}", subdivision),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


class Errors:
    """The outermost layer: the read library's name errors as 404 and 400 pages (the
    did-you-mean as links), anything else a generic 500 whose cause is logged with
    passwords masked. Nothing is re-raised to the server, which would log it unmasked."""

    def __init__(self, app: ASGIApp | None, web: Web) -> None:
        self.app, self.web = app, web

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            if started:
                log.error("error after the response began: %s", _masked(exc))
                return
            response = self.error(scope, exc)
            await response(scope, receive, send)

    def error(self, scope: Scope, exc: Exception) -> Response:
        from registry.read import AmbiguousName, InvalidName, UnknownMission, UnknownName

        wants_json = scope["path"].endswith(".json")
        suggestions: list[tuple[str, str]] = []
        if isinstance(exc, UnknownName):
            status, message = 404, f"no {exc.what} {exc.name!r}"
            link = {"city": pages.city_url, "party": pages.party_url, "person": pages.person_url}
            to = link.get(exc.what, pages.city_url)
            suggestions = [(s, _suggested(exc.what, s, to)) for s in exc.suggestions[:MOST_NAMES]]
        elif isinstance(exc, UnknownMission):
            status, message = 404, str(exc)
        elif isinstance(exc, HTTPException):
            status, message = exc.status_code, str(exc.detail)
        elif isinstance(exc, AmbiguousName) and exc.what == "city":
            # Each city it may be, on the same date: "Berlin (Germany)" names one.
            status, message = 400, str(exc)
            query = scope.get("query_string", b"").decode("latin-1")
            suggestions = [
                (c, f"/cities/{quote(c, safe='')}" + (f"?{query}" if query else ""))
                for c in exc.candidates[:MOST_NAMES]
            ]
        elif isinstance(exc, InvalidName | AmbiguousName | BadRequest):
            status, message = 400, str(exc)
        elif _cancelled(exc):
            status, message = 503, "the query took too long and was cancelled: try again later"
            log.warning("statement timeout on %s: %s", scope["path"], _masked(exc, brief=True))
        else:
            status, message = 500, "something went wrong on the server; it has been logged"
            log.error("%s %s failed: %s", scope.get("method"), scope["path"], _masked(exc))
        if wants_json:
            from registry.output import json_text

            body = json_text([{"error": message, "did_you_mean": [s for s, _ in suggestions]}])
            return Response(body, status, media_type="application/json", headers=HEADERS)
        return self.web.html(
            "error.html",
            status,
            title=f"{status}",
            code=status,
            message=message,
            suggestions=suggestions,
        )


def _suggested(what: str, shown: str, to: Callable[[str], str]) -> str:
    if what == "party" and shown.endswith(")") and " (" in shown:
        return to(shown.rsplit(" (", 1)[1][:-1])  # "Kazakhstan (KZ)": its code
    if what == "city" and shown.endswith(")") and " (" in shown:
        return to(shown.rsplit(" (", 1)[0])
    return to(shown)


def _cancelled(exc: BaseException) -> bool:
    import psycopg

    return isinstance(exc, psycopg.errors.QueryCanceled)


def _masked(exc: BaseException, brief: bool = False) -> str:
    text = str(exc) if brief else "".join(traceback.format_exception(exc))
    return mask_text(text)


CACHE_BYTES = 64 * 1024 * 1024  # registry serve --cache-mb's default


def create_app(pool: Any, cache_bytes: int = CACHE_BYTES) -> ASGIApp:
    """The app over ``pool``; answers kept while the data stays the same, in at most
    ``cache_bytes`` (0: none kept, every request runs its statements)."""
    web = Web(pool)
    errors = Errors(None, web)

    def guarded(endpoint: Callable[[Request], Response]) -> Callable[[Request], Response]:
        """Every error an endpoint raises answered here: never re-raised to Starlette's
        ServerErrorMiddleware, which would hand it on to uvicorn's unmasked traceback."""

        def guard(request: Request) -> Response:
            try:
                return endpoint(request)
            except Exception as exc:
                return errors.error(request.scope, exc)

        return guard

    async def handle(request: Request, exc: Exception) -> Response:
        return errors.error(request.scope, exc)

    table = [Route(r.path, guarded(r.endpoint)) if isinstance(r, Route) else r for r in routes(web)]
    inner: ASGIApp = Starlette(routes=table, exception_handlers={HTTPException: handle})
    if cache_bytes > 0:
        inner = Kept(inner, Answers(cache_bytes), Snapshots(pool))
    errors.app = inner
    return errors
