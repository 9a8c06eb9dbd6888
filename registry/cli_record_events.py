"""`registry record appointment`, `credentials`, `departure`, a mission's move and
the events of a mission or its head (opened, closed, recognition...): one fact each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

import typer

from registry import vocabulary
from registry.cli_common import DatabaseUrl
from registry.cli_record_common import (
    AccreditedTo,
    Actor,
    Authority,
    City,
    DryRun,
    Kind,
    NewMission,
    Note,
    On,
    OptSending,
    Sending,
    Source,
    SourceDate,
    SourcePublisher,
    SourceTitle,
    SourceUrl,
    TenureId,
    check_options,
    day,
    fail,
    mission_ref,
    person_ref,
    record_app,
    required_day,
    run,
    source_ref,
)


@record_app.command("appointment")
def appointment(
    sending: Sending,
    city: City = None,
    kind: Kind = None,
    person: Annotated[
        str | None, typer.Option("--person", help="The head, on record (name, alias or key).")
    ] = None,
    new_person: Annotated[
        str | None, typer.Option("--new-person", help="The head, recorded as a new person.")
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="Who the new person is.")
    ] = None,
    unnamed: Annotated[
        bool, typer.Option("--unnamed", help="The source gives the rank but not the name.")
    ] = False,
    rank: Annotated[
        str, typer.Option("--rank", help="Rank code or title (ambassador-e-p, charge-d-affaires).")
    ] = ...,  # type: ignore[assignment]
    ad_interim: Annotated[
        bool, typer.Option("--ad-interim", help="A chargé d'affaires ad interim.")
    ] = False,
    start: Annotated[
        str | None, typer.Option("--from", help="Start: YYYY, YYYY-MM or YYYY-MM-DD.")
    ] = None,
    attested: Annotated[
        str | None,
        typer.Option("--attested", help="Start unknown: when a source first shows them in post."),
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="End, if known already.")] = None,
    credentials: Annotated[
        str | None, typer.Option("--credentials", help="When credentials were presented.")
    ] = None,
    credentials_to: Annotated[
        str | None, typer.Option("--credentials-to", help="To which authority (af-emirate).")
    ] = None,
    resident_at: Annotated[
        str | None,
        typer.Option("--resident-at", help="A non-resident head: the city they reside in."),
    ] = None,
    note: Note = None,
    ends_previous: Annotated[
        bool,
        typer.Option(
            "--ends-previous",
            help="End the open-ended tenure of the previous head on the new head's start.",
        ),
    ] = False,
    source: Source = None,
    source_title: SourceTitle = None,
    source_publisher: SourcePublisher = None,
    source_date: SourceDate = None,
    source_url: SourceUrl = None,
    dry_run: DryRun = False,
    database_url: DatabaseUrl = None,
) -> None:
    """A head of mission appointed, or first attested in post, at a rank.

    Name the head with --person (on record), --new-person or --unnamed. Give --from
    when the start is known, else --attested. Another head with no end on record
    is an error unless --ends-previous ends their tenure on this start.

    Example:

    \b
        registry record appointment kazakhstan kabul --new-person "Alibek Bakayev" \\
          --rank charge-d-affaires --ad-interim --from 2025-03 --ends-previous \\
          --source-title "New chargé d'affaires in Kabul" --source-publisher Kazinform \\
          --source-date 2025-03-12
    """
    check_options()
    from registry.record import Appointment, MissionRef, record_appointment

    who = person_ref(person, new_person, unnamed, description)
    if who is None:
        fail("name the head: --person NAME, --new-person NAME, or --unnamed")
    fact = Appointment(
        mission=MissionRef(sending, city, kind),
        person=who,
        rank=rank,
        source=source_ref(source, source_title, source_publisher, source_date, source_url),
        start=day("--from", start),
        attested=day("--attested", attested),
        until=day("--until", until),
        ad_interim=ad_interim,
        credentials_on=day("--credentials", credentials),
        credentials_to=credentials_to,
        resident_at=resident_at,
        note=note,
        ends_previous=ends_previous,
    )
    run(database_url, dry_run, lambda conn: record_appointment(conn, fact))


@record_app.command("credentials")
def credentials(
    sending: OptSending = None,
    city: City = None,
    kind: Kind = None,
    tenure: TenureId = None,
    to: Annotated[
        str, typer.Option("--to", help="The authority they were presented to (af-emirate).")
    ] = ...,  # type: ignore[assignment]
    on: Annotated[
        str | None, typer.Option("--on", help="When: YYYY, YYYY-MM or YYYY-MM-DD; omit if unknown.")
    ] = None,
    source: Source = None,
    source_title: SourceTitle = None,
    source_publisher: SourcePublisher = None,
    source_date: SourceDate = None,
    source_url: SourceUrl = None,
    dry_run: DryRun = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Credentials presented by the head of a mission, to an authority.

    The tenure gets a new version with the credentials; the old one stays in its
    history. Refused before the appointment, after the tenure ended, or to an
    authority not in power on the date.

    Example:

        registry record credentials CN kabul --to af-emirate --on 2023-09-13 --source kabul-2024-09
    """
    check_options()
    from registry.record import Credentials, record_credentials

    fact = Credentials(
        source=source_ref(source, source_title, source_publisher, source_date, source_url),
        to=to,
        on=day("--on", on),
        mission=mission_ref(sending, city, kind),
        tenure_id=tenure,
    )
    run(database_url, dry_run, lambda conn: record_credentials(conn, fact))


@record_app.command("departure")
def departure(
    cause: Annotated[
        str,
        typer.Argument(
            help="How it ended: dismissed-by-decree, recalled, died, superseded, left-post, "
            "presented-recall, relinquished-charge, appointment-terminated, ended.",
            show_default=False,
        ),
    ],
    sending: OptSending = None,
    city: City = None,
    kind: Kind = None,
    tenure: TenureId = None,
    on: On = ...,  # type: ignore[assignment]
    actor: Actor = None,
    authority: Authority = None,
    note: Note = None,
    source: Source = None,
    source_title: SourceTitle = None,
    source_publisher: SourcePublisher = None,
    source_date: SourceDate = None,
    source_url: SourceUrl = None,
    dry_run: DryRun = False,
    database_url: DatabaseUrl = None,
) -> None:
    """A head's tenure ended: it gets an end (a new version), and the cause is
    recorded as a dated change of the tenure.

    Example:

    \b
        registry record departure dismissed-by-decree kazakhstan kabul --on 2024-09-09 \\
          --actor KZ --source kabul-2024-09
    """
    check_options()
    from registry.record import Departure, record_departure

    fact = Departure(
        source=source_ref(source, source_title, source_publisher, source_date, source_url),
        cause=cause,
        on=required_day("--on", on),
        mission=mission_ref(sending, city, kind),
        tenure_id=tenure,
        actor=actor,
        authority=authority,
        note=note,
    )
    run(database_url, dry_run, lambda conn: record_departure(conn, fact))


@record_app.command("moved")
def moved(
    sending: Sending,
    city: Annotated[
        str,
        typer.Argument(
            help="The city the mission left: its seat the day before it moved.",
            show_default=False,
        ),
    ],
    kind: Kind = None,
    to: Annotated[
        str, typer.Option("--to", help="The city it moved to (its name, alias or PARTY:key).")
    ] = ...,  # type: ignore[assignment]
    on: On = ...,  # type: ignore[assignment]
    source: Source = None,
    source_title: SourceTitle = None,
    source_publisher: SourcePublisher = None,
    source_date: SourceDate = None,
    source_url: SourceUrl = None,
    dry_run: DryRun = False,
    database_url: DatabaseUrl = None,
) -> None:
    """A mission moved its seat to another city, and stayed the same mission: its
    seat in CITY ends on --on and its seat in --to begins (who-heads lists it in
    each city on its dates; history shows the move).

    A mission with no dated seat yet was in its own city since it opened; a mission
    that closed and a new one that opened elsewhere are `record status` instead.

    Example:

    \b
        registry record moved "united states" bonn --to berlin --on 1999-09 \\
          --source us-embassy-germany
    """
    check_options()
    from registry.record import MissionRef, SeatMove, record_move

    fact = SeatMove(
        mission=MissionRef(sending, city, kind),
        to=to,
        on=required_day("--on", on),
        source=source_ref(source, source_title, source_publisher, source_date, source_url),
    )
    run(database_url, dry_run, lambda conn: record_move(conn, fact))


def _listed(codes: str) -> str:
    """Codes wrapped as a help line, never inside a code (click would break them at
    their hyphens): continuation lines indented under the first."""
    import textwrap

    lines = textwrap.wrap(codes, width=60, break_on_hyphens=False, break_long_words=False)
    return "\n      ".join(lines)


def _event_command(
    name: str, allowed: Callable[[str, str, str | None], bool], doc: str, example: str
) -> None:
    def command(
        change: Annotated[str, typer.Argument(help="What happened.", show_default=False)],
        sending: OptSending = None,
        city: City = None,
        kind: Kind = None,
        tenure: TenureId = None,
        new_mission: NewMission = False,
        accredited_to: AccreditedTo = None,
        on: On = ...,  # type: ignore[assignment]
        actor: Actor = None,
        authority: Authority = None,
        note: Note = None,
        source: Source = None,
        source_title: SourceTitle = None,
        source_publisher: SourcePublisher = None,
        source_date: SourceDate = None,
        source_url: SourceUrl = None,
        dry_run: DryRun = False,
        database_url: DatabaseUrl = None,
    ) -> None:
        check_options()
        from registry.record import Event, record_event

        fact = Event(
            mission=mission_ref(sending, city, kind, new_mission, accredited_to or ()),
            change=change,
            on=required_day("--on", on),
            source=source_ref(source, source_title, source_publisher, source_date, source_url),
            actor=actor,
            authority=authority,
            note=note,
            tenure_id=tenure,
        )
        if fact.mission is None and tenure is None:
            fail("name the MISSION (sending party and city, or a mission id)")
        run(database_url, dry_run, lambda conn: record_event(conn, fact, allowed))

    # The kinds of change each command takes, as registry/data/vocabulary/ lists them.
    kinds = {
        applies_to: ", ".join(
            k.code
            for k in vocabulary.status_change_kinds()
            if k.applies_to == applies_to and allowed(k.code, k.applies_to, k.mission_status)
        )
        for applies_to in ("mission", "tenure")
    }
    doc = doc.format(**{k: _listed(v) for k, v in kinds.items()})
    command.__doc__ = f"{doc}\n\n    Example:\n\n    \b\n        {example}\n    "
    record_app.command(name)(command)


_event_command(
    "status",
    lambda code, applies_to, status: applies_to == "mission" and status is not None,
    """A mission's change of status.

    \b
    Changes: {mission}.""",
    "registry record status resumed kazakhstan kabul --on 2025-03 --source kabul-2024-09\n"
    "        registry record status opened brazil kabul --new-mission --kind embassy \\\n"
    "          --accredited-to AF --on 2026-01 --source kabul-2024-09",
)
_event_command(
    "recognition",
    lambda code, applies_to, status: (
        (applies_to == "mission" and status is None)
        or code in ("host-accredited-charge", "officially-recognised")
    ),
    """An act of recognition or de-recognition of a mission or of its head (the head
    with no end on record, or --tenure).

    \b
    Of a mission: {mission}.
    Of its head: {tenure}.""",
    "registry record recognition documents-declared-illegitimate AF berlin --on 2024-01 \\\n"
    "          --authority af-emirate --source kabul-2024-09",
)
