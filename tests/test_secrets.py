"""A password never reaches the screen, in any form libpq accepts, from any output:
`registry db status`, a failing connection, a URL refused, and `alembic upgrade head`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import URL
from typer.testing import CliRunner

from registry.cli import app
from registry.db import DatabaseError, mask_text, parse_url, to_dsn
from tests.conftest import Registry

ROOT = Path(__file__).resolve().parent.parent
SECRET = "s3cr3t"

# Every form of a password libpq takes, each on a server that is down (port 1).
UNREACHABLE = {
    "userinfo": f"postgresql://ops:{SECRET}@127.0.0.1:1/registry",
    "an @ in the password": f"postgresql://ops:p@{SECRET}@127.0.0.1:1/registry",
    "a : in the password": f"postgresql://ops:p:{SECRET}@127.0.0.1:1/registry",
    "a / in the password": f"postgresql://ops:p/{SECRET}@127.0.0.1:1/registry",
    "a ? in the password": f"postgresql://ops:p?{SECRET}@127.0.0.1:1/registry",
    "a space in the password": f"postgresql://ops:p {SECRET}@127.0.0.1:1/registry",
    "percent-encoded": f"postgresql://ops:p%40{SECRET}%3A@127.0.0.1:1/registry",
    "a % that is no escape": f"postgresql://ops:100%{SECRET}@127.0.0.1:1/registry",
    "an @ in the user": f"postgresql://ops@example:{SECRET}@127.0.0.1:1/registry",
    "postgres://": f"postgres://ops:{SECRET}@127.0.0.1:1/registry",
    "postgresql+psycopg://": f"postgresql+psycopg://ops:{SECRET}@127.0.0.1:1/registry",
    "?password=": f"postgresql://ops@127.0.0.1:1/registry?password={SECRET}",
    "?password= with more after": (
        f"postgresql://ops@127.0.0.1:1/registry?password={SECRET}&sslmode=disable"
    ),
    "?password= percent-encoded key": f"postgresql://ops@127.0.0.1:1/registry?pass%77ord={SECRET}",
    "IPv6 host": f"postgresql://ops:{SECRET}@[::1]:1/registry",
    "several hosts": f"postgresql://ops:{SECRET}@127.0.0.1:1,[::1]:1/registry",
}

# Refused before any connection: the refusal quotes the URL, masked.
REFUSED = {
    "keyword/value": f"host=db.example password={SECRET} dbname=registry",
    "keyword/value, quoted": f"host=db.example password='a {SECRET}\\'c' dbname=registry",
    "keyword/value, spaced": f"host=db.example password = {SECRET}",
    "keyword/value with ://": f"host=db.example password=a://{SECRET}",
    "?PASSWORD= (not a libpq parameter)": f"postgresql://ops@db.example/r?PASSWORD={SECRET}",
    "?password= repeated, one bad": (
        f"postgresql://ops@db.example/r?password={SECRET}&password={SECRET}%zz"
    ),
    "a space in the query": f"postgresql://ops@db.example/r?password=a {SECRET}",
    "a port that is no number": f"postgresql://ops:{SECRET}@db.example:x1/r",
    "sslpassword": f"host=db.example sslpassword={SECRET}",
}


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("url", UNREACHABLE.values(), ids=UNREACHABLE.keys())
def test_a_failing_connection_never_shows_the_password(url: str) -> None:
    for command in (("who-heads", "kabul"), ("db", "status"), ("load",)):
        code, out = run(*command, "--database-url", url)
        assert code == 2, out
        assert SECRET not in out, (command, out)
        assert out.startswith("registry: cannot connect to postgresql://ops"), out
        assert len(out.strip().splitlines()) == 1, out


@pytest.mark.parametrize("url", UNREACHABLE.values(), ids=UNREACHABLE.keys())
def test_the_environment_variable_is_masked_the_same(url: str) -> None:
    code, out = run("who-heads", "kabul", env={"REGISTRY_DATABASE_URL": url})
    assert code == 2 and SECRET not in out and len(out.strip().splitlines()) == 1, out


@pytest.mark.parametrize("raw", REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_url_is_quoted_masked(raw: str) -> None:
    code, out = run("db", "status", "--database-url", raw)
    assert code == 2
    assert out.startswith("registry: not a database URL: "), out
    assert SECRET not in out, out
    assert "***" in out
    assert len(out.strip().splitlines()) == 1


def test_mask_text_masks_every_form() -> None:
    assert mask_text("postgresql://user:p@ss@host/db") == "postgresql://user:***@host/db"
    assert mask_text("postgresql://user:a:b@[::1]:5432/db") == "postgresql://user:***@[::1]:5432/db"
    assert mask_text("postgres://u@h/db?sslmode=require&PassWord=x&password=y") == (
        "postgres://u@h/db?sslmode=require&PassWord=***&password=***"
    )
    assert mask_text("host=h password='a b\\'c' user=u") == "host=h password=*** user=u"
    assert mask_text("host=h PASSWORD=a\\ b user=u") == "host=h PASSWORD=*** user=u"
    assert mask_text("postgresql://u@h/db") == "postgresql://u@h/db"  # nothing to mask
    assert mask_text("postgresql://h:5432/db") == "postgresql://h:5432/db"


def test_the_read_path_and_the_loader_read_a_url_alike() -> None:
    """libpq (read commands) and SQLAlchemy (loader, migrations) must reach the same
    server as the same user: a password's @ is never a host name to one of them."""
    url = parse_url("postgresql://ops@example:p@ss:w/rd@db.example:5433/registry")
    assert (url.username, url.password, url.host, url.port) == (
        "ops@example",
        "p@ss:w/rd",
        "db.example",
        5433,
    )
    assert to_dsn("postgresql://ops:p@ss@db.example/registry") == (
        "postgresql://ops:p%40ss@db.example/registry"
    )
    from psycopg.conninfo import conninfo_to_dict

    assert conninfo_to_dict(to_dsn("postgresql://u:a?b@c@h/db?application_name=x@y")) == {
        "user": "u",
        "password": "a?b@c",
        "host": "h",
        "dbname": "db",
        "application_name": "x@y",
    }
    several = parse_url(f"postgresql://ops:{SECRET}@h1:5432,h2:5433/registry")
    assert several.password == SECRET and dict(several.query) == {
        "host": "h1,h2",
        "port": "5432,5433",
    }


def test_an_empty_database_url_option_is_an_error_not_another_database() -> None:
    code, out = run("who-heads", "kabul", "--database-url", "")
    assert code == 2
    assert out.startswith("registry: --database-url is empty"), out


def test_other_schemes_never_show_what_precedes_their_colon() -> None:
    with pytest.raises(DatabaseError) as caught:
        to_dsn(f"host=h password={SECRET}://x")
    assert SECRET not in str(caught.value)


def test_db_status_shows_the_database_with_the_password_masked(empty_db: URL) -> None:
    """A reachable server (the test server trusts its logins, so any password works)."""
    for password in (f"p@{SECRET}", f"p:{SECRET}", SECRET, f"p {SECRET}"):
        url = empty_db.set(password=password).render_as_string(hide_password=False)
        url = url.replace("%40", "@").replace("%3A", ":").replace("%20", " ")  # as typed
        code, out = run("db", "status", "--database-url", url)
        assert code == 1, out  # reached: no registry schema there
        assert out.splitlines()[0].startswith(f"database: postgresql://{empty_db.username}:***@")
        assert SECRET not in out


# -- alembic upgrade head, as ops run it ---------------------------------------------------


def alembic(url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REGISTRY_DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "alembic", "upgrade", "head"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


ALEMBIC_CASES = {
    "a wrong host": f"postgresql://ops:{SECRET}@host.invalid/registry",
    "a server that is down": f"postgresql://ops:p@{SECRET}@127.0.0.1:1/registry",
    "?password=": f"postgresql://ops@127.0.0.1:1/registry?password={SECRET}",
    "a keyword/value string": f"host=db.example password={SECRET}",
}


@pytest.mark.parametrize("url", ALEMBIC_CASES.values(), ids=ALEMBIC_CASES.keys())
def test_alembic_fails_in_one_line_without_the_password(url: str) -> None:
    done = alembic(url)
    assert done.returncode != 0
    said = done.stdout + done.stderr  # alembic prints its FAILED line on stdout
    assert SECRET not in said
    assert "Traceback" not in said
    assert len(said.strip().splitlines()) == 1, said


def test_alembic_with_a_wrong_login_says_so_in_one_line(server: URL) -> None:
    """A login the server does not know, with a password: the server's reason, masked."""
    url = server.set(username="no_such_login", password=SECRET, database="no_such_database")
    done = alembic(url.render_as_string(hide_password=False))
    assert done.returncode != 0
    line = (done.stdout + done.stderr).strip()
    assert line.startswith("FAILED: cannot connect to postgresql+psycopg://no_such_login:***@")
    assert SECRET not in line and len(line.splitlines()) == 1


def test_a_url_typed_where_a_name_goes_is_masked_too(registry: Registry) -> None:
    code, _, err = registry("who-heads", f"postgresql://ops:{SECRET}@db.example/r")
    assert code == 2
    assert err.startswith("registry: no city 'postgresql://ops:***@db.example/r'")


def test_a_url_that_is_no_utf_8_is_refused_masked() -> None:
    code, out = run("who-heads", "kabul", "--database-url", f"postgresql://ops:{SECRET}\udcff@h/r")
    assert code == 2
    assert out == "registry: not a database URL: 'postgresql://ops:***@h/r' (not valid UTF-8)\n"
