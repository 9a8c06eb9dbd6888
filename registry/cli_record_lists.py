"""`registry record complete-list`: on record_app (registry.cli_record_common)."""

from __future__ import annotations

from typing import Annotated

import typer

from registry.cli_common import DatabaseUrl
from registry.cli_record_common import (
    DryRun,
    Note,
    On,
    Source,
    SourceDate,
    SourcePublisher,
    SourceTitle,
    SourceUrl,
    check_options,
    record_app,
    required_day,
    run,
    source_ref,
)


@record_app.command("complete-list")
def complete_list(
    city: Annotated[str, typer.Argument(help="The city whose missions the source lists.")],
    on: On = ...,  # type: ignore[assignment]
    mission: Annotated[
        list[str],
        typer.Option(
            "--mission",
            help="A mission the list names, seated in CITY on the date: SENDING or "
            "SENDING:KIND (KZ, IN:technical-team); once per mission.",
        ),
    ] = [],  # noqa: B006 (typer's way to say a repeatable option)
    kinds: Annotated[
        str | None,
        typer.Option("--kinds", help="The kinds it is complete for, a,b (default: every kind)."),
    ] = None,
    note: Note = None,
    source: Source = None,
    source_title: SourceTitle = None,
    source_publisher: SourcePublisher = None,
    source_date: SourceDate = None,
    source_url: SourceUrl = None,
    dry_run: DryRun = False,
    database_url: DatabaseUrl = None,
) -> None:
    """A source's list of every mission (of some kinds) seated in CITY on a date: a
    mission seated there then that it leaves out, with no newer evidence of its own, is
    presumed not operating from then (docs/evidence.md; a mission that moved: its seat
    on the date, docs/seats.md).

    Example:

    \b
        registry record complete-list kabul --on 2025-06 --kinds embassy \\
          --mission CN --mission PK --source dl-kabul-2025-06
    """
    check_options()
    from registry.record.lists import CompleteList, record_complete_list

    named = []
    for value in mission:
        sending, _, kind = value.partition(":")
        named.append((sending.strip(), kind.strip() or None))
    fact = CompleteList(
        city=city,
        on=required_day("--on", on),
        missions=tuple(named),
        source=source_ref(source, source_title, source_publisher, source_date, source_url),
        kinds=tuple(k.strip() for k in kinds.split(",") if k.strip()) if kinds else None,
        note=note,
    )
    run(database_url, dry_run, lambda conn: record_complete_list(conn, fact))
