"""`registry serve`: the read-only web view (registry.web) on 127.0.0.1 unless told."""

from __future__ import annotations

from typing import Annotated

import typer

from registry.cli_common import DatabaseUrl, app, fail, target


@app.command("serve")
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (a reverse proxy's upstream).")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)
    ] = 8000,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log each request.")
    ] = True,
    cache_mb: Annotated[
        int,
        typer.Option(
            "--cache-mb",
            help="Megabytes of answers kept while the data stays the same (each request "
            "checks it); 0 runs every request's statements.",
            min=0,
        ),
    ] = 64,  # registry.web.app.CACHE_BYTES, not imported: --help stays free of starlette
    database_url: DatabaseUrl = None,
) -> None:
    """A read-only web view: a city's corps, a post's timeline, a person, a party;
    every page a link to share, with its JSON twin (the same URL + .json, as
    --format json prints it). Reads as registry_analyst, read-only, with a statement
    timeout; no SQL entry.

    Example:

    \b
        registry serve
        registry serve --host 0.0.0.0 --port 8080   # behind a reverse proxy
    """
    from registry.db import CannotRead
    from registry.web.serve import open_pool

    where = target(database_url)
    try:
        pool = open_pool(where)
    except CannotRead as exc:
        fail(str(exc))
    import logging

    import uvicorn

    from registry.web.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(name)s: %(message)s")
    typer.echo(f"registry: serving {where.where} on http://{host}:{port}/", err=True)
    if cache_mb and several_servers(where.dsn):
        typer.echo(
            "registry: answers not kept: the URL names several hosts, and a page's "
            "statements could reach another server than the snapshot it is kept under",
            err=True,
        )
        cache_mb = 0
    try:
        uvicorn.run(
            create_app(pool, cache_mb * 1024 * 1024),
            host=host,
            port=port,
            access_log=access_log,
            server_header=False,
        )
    finally:
        pool.close()


def several_servers(dsn: str) -> bool:
    """Whether libpq may connect the pool's connections to different servers (a host
    list: primary and standbys, load_balance_hosts)."""
    from psycopg.conninfo import conninfo_to_dict

    params = conninfo_to_dict(dsn)
    return any("," in str(params.get(name) or "") for name in ("host", "hostaddr"))
