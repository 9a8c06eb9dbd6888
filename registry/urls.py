"""Database URLs as people give them, the errors worth one line, and masking
passwords in anything shown. Imported by registry.db and registry.embedded alike
(neither imports the other back); nothing here imports SQLAlchemy or psycopg at
module level, so that ``registry --help`` stays fast.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import URL

ENV_URL = "REGISTRY_DATABASE_URL"
ENV_DATA_DIR = "REGISTRY_DATA_DIR"
EMBEDDED_DB = "registry"


class DatabaseError(Exception):
    """A database problem worth one line to the user, never a traceback."""


def parse_url(raw: str) -> URL:
    """Accept what people already have: psql-style ``postgresql://user@host/db``,
    SQLAlchemy's ``postgresql+psycopg://...`` and the ``postgres://`` of Heroku and friends.
    Always returns a psycopg 3 URL, read the way libpq reads it (``to_dsn``): the
    loader and the read commands reach the same server as the same user."""
    from sqlalchemy.engine import URL, make_url
    from sqlalchemy.exc import ArgumentError

    dsn = to_dsn(raw)
    from psycopg.conninfo import conninfo_to_dict

    params = {k: str(v) for k, v in conninfo_to_dict(dsn).items()}
    if "," in params.get("host", "") or "," in params.get("port", ""):
        # Several hosts (h1:5432,h2:5433): SQLAlchemy takes them as query parameters.
        user, password, database = (params.pop(k, None) for k in ("user", "password", "dbname"))
        return URL.create(
            "postgresql+psycopg", username=user, password=password, database=database, query=params
        )
    try:
        url = make_url(dsn)
    except ArgumentError:  # libpq read it (to_dsn): SQLAlchemy should too
        raise DatabaseError(f"not a database URL: {mask_text(dsn)!r}") from None
    return url.set(drivername="postgresql+psycopg")


_SCHEME = re.compile(r"^(postgres|postgresql)(\+psycopg3?)?://", re.IGNORECASE)
_ANY_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
# RFC 3986 userinfo characters that libpq and SQLAlchemy both take literally.
_USERINFO_SAFE = "!$&'()*+,;="


def to_dsn(raw: str) -> str:
    """The libpq form of a URL people give (psql's or SQLAlchemy's), checked but
    without importing SQLAlchemy: read commands connect with plain psycopg.

    The user and password are re-encoded: a password may hold ``@``, ``:``, ``/``,
    ``%`` or spaces as typed (the userinfo ends at the last ``@`` before the query),
    and libpq then sees exactly what SQLAlchemy sees, never a fragment of the
    password as a host name or port.
    """
    raw = raw.strip()
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:  # bytes from the shell that are no UTF-8
        raise DatabaseError(f"not a database URL: {_shown(raw)!r} (not valid UTF-8)") from None
    if not _SCHEME.match(raw):
        scheme = _ANY_SCHEME.match(raw)
        if scheme:
            raise DatabaseError(
                f"unsupported database URL scheme {scheme.group(1)!r}: "
                "use postgresql://user@host/db"
            )
        if "=" not in raw:  # one bare word may be a password pasted in the wrong place
            raise DatabaseError(
                "not a database URL (no postgresql:// scheme; the value is not shown, "
                "in case it is a password): use postgresql://user@host/db"
            )
        raise DatabaseError(f"not a database URL: {_shown(raw)!r}: use postgresql://user@host/db")
    scheme = _SCHEME.match(raw)
    rest = _canonical_userinfo(raw[scheme.end() :] if scheme else raw)
    # A "+" in the query: a space to SQLAlchemy (its own postgresql+psycopg:// form), a
    # "+" to libpq; spelt out so that both read it the same, as the form given means it.
    path, question, query = rest.partition("?")
    sqlalchemy_form = bool(scheme and scheme.group(2))
    dsn = f"postgresql://{path}{question}{query.replace('+', '%20' if sqlalchemy_form else '%2B')}"
    from psycopg.conninfo import conninfo_to_dict

    try:
        params = conninfo_to_dict(dsn)
    except Exception as exc:  # psycopg.ProgrammingError: libpq's own parse
        raise DatabaseError(
            f"not a database URL: {_shown(raw)!r} ({_libpq_problem(exc)})"
        ) from None
    if not all(p.isascii() and p.isdigit() for p in str(params.get("port", "0")).split(",") if p):
        # libpq parses host:x and fails only when connecting, quoting the "port"
        raise DatabaseError(f"not a database URL: {_shown(raw)!r} (the port must be a number)")
    return dsn


def _shown(raw: str) -> str:
    """A URL or connection string someone gave, as an error may show it: masked, and
    a URL's whitespace percent-encoded first, so that masking sees one token."""
    if _ANY_SCHEME.match(raw):
        raw = re.sub(r"\s", lambda m: f"%{ord(m.group(0)):02X}", raw)
    return mask_text(raw)


def _canonical_userinfo(rest: str) -> str:
    """``user:password@`` of a URL after its ``scheme://``, percent-encoded the one way.

    The userinfo ends at the last ``@`` before the query. A ``?`` before any ``@`` and
    after ``user:`` (not ``host:port``) is part of the password, the query cannot
    start inside the userinfo: then it ends at the last ``@`` before the path.
    """
    from urllib.parse import quote, unquote_to_bytes

    end = query = rest.find("?")
    if query < 0:
        end = len(rest)
    elif (
        "@" not in rest[:query]
        and "/" not in rest[:query]
        and re.search(r":(?!\d*$)", rest[:query])
    ):
        path = rest.find("/", query)
        end = path if path >= 0 else len(rest)
    at = rest.rfind("@", 0, end)
    user, colon, password = rest[:at].partition(":") if at >= 0 else ("", "", "")
    if at < 0 or "/" in user:  # no userinfo; ``host/db@x``: an @ in the path, not a user
        return _query_at_encoded(rest)
    host_and_after = _query_at_encoded(rest[at + 1 :])

    def encoded(part: str) -> str:
        # Lenient like SQLAlchemy: a % not starting an escape is a literal %.
        return quote(unquote_to_bytes(part), safe=_USERINFO_SAFE)

    return f"{encoded(user)}{colon}{encoded(password) if colon else ''}@{host_and_after}"


def _query_at_encoded(rest: str) -> str:
    """An ``@`` in the query (application_name=me@host) as ``%40``: libpq and
    SQLAlchemy would otherwise both take what precedes it for a user and password."""
    query = rest.find("?")
    return rest if query < 0 else rest[:query] + rest[query:].replace("@", "%40")


def _libpq_problem(exc: BaseException) -> str:
    """libpq's complaint about a URL, without the fragments of it that it quotes: a
    fragment may be part of a password. Names of connection options stay."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else "unparseable"

    def fragment(match: re.Match[str]) -> str:
        quoted = match.group(1)
        return match.group(0) if quoted.lower() in _libpq_keywords() else '"..."'

    return mask_text(re.sub(r'"([^"]*)"', fragment, first))


def _libpq_keywords() -> frozenset[str]:
    from psycopg import pq

    return frozenset(o.keyword.decode() for o in pq.Conninfo.get_defaults())


# Masking: every form libpq accepts, and then some (over-masking is harmless).
# URL userinfo: from the first ':' after the user to the last '@' of the token.
_URL_PASSWORD = re.compile(r"(?P<keep>[A-Za-z][A-Za-z0-9+.-]*://[^\s:/?#]*:)\S*@")
# URL query parameters, the key possibly percent-encoded (libpq decodes it).
_QUERY_PARAMETER = re.compile(r"(?P<keep>[?&](?P<key>[^=&\s]+)=)(?P<value>[^&\s]*)")
# Keyword/value connection strings: password=x, password = 'a b\'c', and sslpassword.
# An unquoted value ends at whitespace; a quote just before the end, whitespace or
# punctuation is the message's own ('password=secret': ...), and stays.
_KEYWORD_PASSWORD = re.compile(
    r"(?P<keep>(?<![\w%?&])(?:ssl)?password\s*=\s*)"
    r"(?:'(?:[^'\\]|\\.)*(?:'|$)|(?:[^\s\\]|\\.)+?(?=\s|$|['\"](?:[\s;:,)]|$)))",
    re.IGNORECASE,
)
_SECRET_KEYS = ("password", "sslpassword")


def mask_text(text: str) -> str:
    """The text with every password in it masked as ``***``: URLs (user:password@,
    an ``@`` or ``:`` in the password, ``?password=`` in any case, repeated),
    keyword/value connection strings (``password='a b'``), and driver errors that
    echo either. Every URL, connection string or driver error shown goes through it."""
    from urllib.parse import unquote

    text = _URL_PASSWORD.sub(r"\g<keep>***@", text)

    def parameter(match: re.Match[str]) -> str:
        if unquote(match.group("key")).strip().lower() in _SECRET_KEYS:
            return match.group("keep") + "***"
        return match.group(0)

    text = _QUERY_PARAMETER.sub(parameter, text)
    return _KEYWORD_PASSWORD.sub(r"\g<keep>***", text)


def describe_connect_error(exc: BaseException, where: str) -> str:
    """One line for a server that is down or a URL that is wrong."""
    msg = str(getattr(exc, "orig", exc)).strip().splitlines()
    first = msg[0] if msg else type(exc).__name__
    return f"cannot connect to {where}: {mask_text(first)}"


def warn(message: str) -> None:
    print(message, file=sys.stderr)
