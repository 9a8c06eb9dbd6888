"""`registry record correction` and `retraction`: a new version of a fact, or its
withdrawal; the versions before are kept."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from registry.cli_common import DatabaseUrl
from registry.cli_record_common import (
    DryRun,
    Source,
    SourceDate,
    SourcePublisher,
    SourceTitle,
    SourceUrl,
    check_options,
    day,
    fail,
    person_ref,
    record_app,
    run,
    source_ref,
)

if TYPE_CHECKING:
    from registry.dates import PartialDate
    from registry.record import Unchanged

FactKind = Annotated[
    str, typer.Argument(help="tenure or status-change.", show_default=False, metavar="KIND")
]
FactId = Annotated[
    int, typer.Argument(help="Its id (Ref in `registry history`).", show_default=False)
]


def maybe(value: str | None) -> str | Unchanged | None:
    """A correction option: absent leaves the field, 'none' clears it."""
    from registry.record import UNCHANGED

    if value is None:
        return UNCHANGED
    return None if value.strip().lower() == "none" else value


def maybe_day(option: str, value: str | None) -> PartialDate | Unchanged | None:
    kept = maybe(value)
    return kept if not isinstance(kept, str) else day(option, kept)


@record_app.command("correction")
def correction(
    what: FactKind,
    fact_id: FactId,
    person: Annotated[str | None, typer.Option("--person", help="Tenure: the head.")] = None,
    new_person: Annotated[
        str | None, typer.Option("--new-person", help="Tenure: the head, a new person.")
    ] = None,
    unnamed: Annotated[bool, typer.Option("--unnamed", help="Tenure: no name reported.")] = False,
    rank: Annotated[str | None, typer.Option("--rank", help="Tenure: the rank.")] = None,
    ad_interim: Annotated[
        bool, typer.Option("--ad-interim", help="Tenure: chargé d'affaires a.i.")
    ] = False,
    start: Annotated[str | None, typer.Option("--from", help="Tenure: the start.")] = None,
    attested: Annotated[
        str | None, typer.Option("--attested", help="Tenure: start unknown, first attested.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Tenure: the end ('none': no end known).")
    ] = None,
    credentials: Annotated[
        str | None, typer.Option("--credentials", help="Tenure: credentials date ('none').")
    ] = None,
    credentials_to: Annotated[
        str | None, typer.Option("--credentials-to", help="Tenure: to which authority ('none').")
    ] = None,
    resident_at: Annotated[
        str | None, typer.Option("--resident-at", help="Tenure: residence if non-resident.")
    ] = None,
    change: Annotated[
        str | None, typer.Option("--change", help="Status change: what happened.")
    ] = None,
    on: Annotated[str | None, typer.Option("--on", help="Status change: when.")] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="Status change: who acted ('none').")
    ] = None,
    authority: Annotated[
        str | None, typer.Option("--authority", help="Status change: the authority ('none').")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="The note ('none' clears it).")] = None,
    source: Source = None,
    source_title: SourceTitle = None,
    source_publisher: SourcePublisher = None,
    source_date: SourceDate = None,
    source_url: SourceUrl = None,
    dry_run: DryRun = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Correct a tenure or a status change: a new version with the fields given,
    citing the source of the correction; the old version stays in history (see
    --as-recorded-on). 'none' clears an optional field. Prints old and new.

    Example:

    \b
        registry record correction tenure 57 --until 2025-04 --source kabul-2024-09
    """
    check_options()
    from registry.record import (
        UNCHANGED,
        ChangeCorrection,
        TenureCorrection,
        record_change_correction,
        record_tenure_correction,
    )

    src = source_ref(source, source_title, source_publisher, source_date, source_url)
    if what == "tenure":
        if any(x is not None for x in (change, on, actor, authority)):
            fail("--change, --on, --actor and --authority correct a status-change, not a tenure")
        who = person_ref(person, new_person, unnamed, None)
        tenure_fix = TenureCorrection(
            tenure_id=fact_id,
            source=src,
            person=UNCHANGED if who is None else who,
            rank=UNCHANGED if rank is None else rank,
            ad_interim=ad_interim,
            start=maybe_day("--from", start),
            attested=maybe_day("--attested", attested),
            until=maybe_day("--until", until),
            credentials_on=maybe_day("--credentials", credentials),
            credentials_to=maybe(credentials_to),
            resident_at=maybe(resident_at),
            note=maybe(note),
        )
        run(database_url, dry_run, lambda conn: record_tenure_correction(conn, tenure_fix))
    elif what == "status-change":
        tenure_only = [person, new_person, rank, start, attested, until, credentials]
        tenure_only += [credentials_to, resident_at, "unnamed" if unnamed else None]
        tenure_only += ["ad-interim" if ad_interim else None]
        if any(x is not None for x in tenure_only):
            fail("that option corrects a tenure, not a status-change")
        on_day = maybe_day("--on", on)
        if on_day is None:
            fail("--on: a status change has a date")
        change_fix = ChangeCorrection(
            status_change_id=fact_id,
            source=src,
            change=UNCHANGED if change is None else change,
            on=on_day,
            actor=maybe(actor),
            authority=maybe(authority),
            note=maybe(note),
        )
        run(database_url, dry_run, lambda conn: record_change_correction(conn, change_fix))
    else:
        fail(f"KIND must be tenure or status-change, not {what!r}")


RetractedKind = Annotated[
    str,
    typer.Argument(help="tenure, status-change or seat.", show_default=False, metavar="KIND"),
]


@record_app.command("retraction")
def retraction(
    what: RetractedKind,
    fact_id: FactId,
    dry_run: DryRun = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Retract a tenure (with its status changes), a status change or a mission's
    seat recorded in error: the registry stops asserting it from now on, and still
    shows it with --as-recorded-on an earlier date. Nothing is deleted.

    Example:

        registry record retraction status-change 12
    """
    check_options()
    from registry.record import record_retraction

    if what not in ("tenure", "status-change", "seat"):
        fail(f"KIND must be tenure, status-change or seat, not {what!r}")
    run(database_url, dry_run, lambda conn: record_retraction(conn, what, fact_id))
