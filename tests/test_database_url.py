"""Database URLs as people have them; never a password on screen; one-line errors."""

from __future__ import annotations

import pytest
from sqlalchemy import URL
from typer.testing import CliRunner

from registry.cli import app
from registry.db import DatabaseError, mask_text, parse_url, to_dsn


def test_psql_and_sqlalchemy_urls_are_both_accepted() -> None:
    assert parse_url("postgresql://postgres@127.0.0.1/registry").drivername == "postgresql+psycopg"
    assert parse_url("postgresql+psycopg://u:p@h/db").database == "db"
    assert parse_url("postgres://u@h/db").drivername == "postgresql+psycopg"


def test_other_schemes_are_refused() -> None:
    with pytest.raises(DatabaseError):
        parse_url("mysql://u@h/db")
    with pytest.raises(DatabaseError, match="unsupported database URL scheme 'mysql'"):
        to_dsn("mysql://u:secret@h/db")


def test_the_read_path_takes_psql_and_sqlalchemy_urls() -> None:
    assert to_dsn("postgresql+psycopg://u@h/db") == "postgresql://u@h/db"
    assert to_dsn("postgres://u@h:5433/db") == "postgresql://u@h:5433/db"


def test_passwords_are_masked() -> None:
    assert mask_text("postgresql://ops:s3cret@db.example/registry") == (
        "postgresql://ops:***@db.example/registry"
    )


def test_a_masked_password_leaves_the_quote_and_the_message_after_it() -> None:
    assert mask_text("no party 'host=h password=s3cret'; did you mean Haiti?") == (
        "no party 'host=h password=***'; did you mean Haiti?"
    )
    assert mask_text("not a database URL: 'password=s3cret': use postgresql://") == (
        "not a database URL: 'password=***': use postgresql://"
    )
    assert mask_text("password=ab'cd x") == "password=*** x"  # a quote inside is the password's


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    assert not (result.exception and not isinstance(result.exception, SystemExit))
    return result.exit_code, result.stdout + result.stderr


def test_a_server_that_is_down_is_a_one_line_error_without_the_password() -> None:
    code, out = run(
        "who-heads", "kabul", "--database-url", "postgresql://ops:s3cret@127.0.0.1:1/registry"
    )
    assert code == 2
    assert "s3cret" not in out
    assert "cannot connect to postgresql://ops:***@127.0.0.1:1/registry" in out
    assert len(out.strip().splitlines()) == 1


def test_a_wrong_url_is_a_one_line_error() -> None:
    code, out = run("who-heads", "kabul", "--database-url", "not a url")
    assert code == 2
    assert len(out.strip().splitlines()) == 1


def test_an_unmigrated_server_is_never_migrated_behind_ops_back(empty_db: URL) -> None:
    code, out = run(
        "who-heads", "kabul", "--database-url", empty_db.render_as_string(hide_password=False)
    )
    assert code == 2
    assert "alembic upgrade head" in out


def test_a_database_migrated_by_newer_code_asks_for_newer_code(seeded_db: URL) -> None:
    import psycopg

    from tests.conftest import _dsn

    with psycopg.connect(_dsn(seeded_db)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    code, out = run(
        "who-heads", "kabul", "--database-url", seeded_db.render_as_string(hide_password=False)
    )
    assert code == 2
    assert "newer than this registry" in out
    assert "alembic upgrade head" not in out


def test_options_the_url_gives_reach_the_server_before_the_registrys_own(
    seeded_db: URL, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libpq takes an `options` passed beside a DSN instead of the DSN's own (and of
    PGOPTIONS): the registry passes both, its own last."""
    from registry.db import with_given_options

    assert with_given_options("postgresql://h/db?options=-c%20a.b%3D1", "-c jit=off") == (
        "-c a.b=1 -c jit=off"
    )
    plain = seeded_db.render_as_string(hide_password=False)
    separator = "&" if "?" in plain else "?"
    read_only = f"{plain}{separator}options=-c%20default_transaction_read_only%3Don"
    for url in (read_only, plain):
        if url is plain:
            monkeypatch.setenv("PGOPTIONS", "-c default_transaction_read_only=on")
        code, out = run("import", "bundle", "tests/data/bundle-small", "--database-url", url)
        assert code == 2 and "this connection is read-only" in out, out


def test_a_plus_in_the_query_is_read_as_the_form_given_means_it() -> None:
    """SQLAlchemy's form reads "+" in a query as a space, libpq's as a "+": the DSN
    spells it out, so SQLAlchemy (the loader) and libpq (the read commands) agree."""
    from psycopg.conninfo import conninfo_to_dict

    for given, key, meant in (
        ("postgresql+psycopg://u@h/db?options=-c+lock_timeout%3D200", "options",
         "-c lock_timeout=200"),
        ("postgresql://u@h/db?application_name=a+b", "application_name", "a+b"),
    ):  # fmt: skip
        assert conninfo_to_dict(to_dsn(given))[key] == meant
        assert parse_url(given).query[key] == meant
