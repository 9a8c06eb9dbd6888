"""`registry record ...`: news into the registry, one fact at a time, from the terminal.

Each command parses its options, hands registry.record one fact, and prints what
it changed. One transaction per command: any error is one line on stderr, exit 2,
and nothing written. ``--dry-run`` does all of it, prints it, and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from registry.cli_common import DatabaseUrl, connect, target
from registry.cli_common import fail as _fail
from registry.limits import KEY, NAME, TEXT, TITLE, text_problem

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from registry.dates import PartialDate
    from registry.record import MissionRef, PersonRef, SourceRef, Unchanged

record_app = typer.Typer(
    help="Record what happens (appointments, credentials, departures, a mission's status, "
    "recognition), corrections and retractions. History is kept: nothing is overwritten.",
    no_args_is_help=True,
)

# --- options every command shares ---------------------------------------------------

Sending = Annotated[
    str, typer.Argument(help="Sending party (kazakhstan, KZ), or a mission id.", show_default=False)
]
OptSending = Annotated[
    str | None,
    typer.Argument(help="Sending party (kazakhstan, KZ), or a mission id.", show_default=False),
]
City = Annotated[
    str | None,
    typer.Argument(
        help="Seat city of the mission; the host country if no city is known.",
        show_default=False,
    ),
]
Kind = Annotated[
    str | None, typer.Option("--kind", help="Kind of mission, when several (embassy, consulate).")
]
NewMission = Annotated[
    bool,
    typer.Option(
        "--new-mission",
        help="The mission is not on record yet: record it (with `opened`, `reported-planned` "
        "or `reported-operating`; needs the seat city and --kind).",
    ),
]
AccreditedTo = Annotated[
    list[str] | None,
    typer.Option(
        "--accredited-to",
        help="With --new-mission: a party the mission is accredited to (repeat for each; "
        "resident to its host, non-resident to the others).",
        show_default=False,
    ),
]
Source = Annotated[
    str | None, typer.Option("--source", help="Key of a source on record (kabul-2024-09).")
]
SourceTitle = Annotated[str | None, typer.Option("--source-title", help="A new source: its title.")]
SourcePublisher = Annotated[
    str | None, typer.Option("--source-publisher", help="A new source: who published it.")
]
SourceDate = Annotated[
    str | None,
    typer.Option("--source-date", help="A new source: published YYYY, YYYY-MM or YYYY-MM-DD."),
]
SourceUrl = Annotated[str | None, typer.Option("--source-url", help="A new source: its URL.")]
DryRun = Annotated[
    bool, typer.Option("--dry-run", help="Check and show what would change; write nothing.")
]
TenureId = Annotated[
    int | None,
    typer.Option(
        "--tenure",
        help="The tenure (see Ref in `registry history`). Default: the "
        "mission's head with no end on record.",
    ),
]
Actor = Annotated[str | None, typer.Option("--actor", help="The state or organisation that acted.")]
Authority = Annotated[
    str | None,
    typer.Option("--authority", help="The authority that acted (af-emirate), when it matters."),
]
Note = Annotated[str | None, typer.Option("--note", help="Detail as the source gives it.")]
On = Annotated[str, typer.Option("--on", help="When: YYYY, YYYY-MM or YYYY-MM-DD.")]


def fail(message: str) -> NoReturn:
    """Every refusal of a recording says the database was left as it was."""
    _fail(f"{message}; nothing written")


# The longest value each option may hold (registry.limits) and whether it may span
# lines: what is stored takes its column's limit; every other option names
# something on record (a party, a city, a person, a rank...), no longer than a name.
OPTION_LIMITS: dict[str, tuple[int, bool]] = {
    "--note": (TEXT, True),
    "--description": (TEXT, True),
    "--source-title": (TITLE, False),
    "--source-publisher": (TITLE, False),
    "--source-url": (TEXT, False),
    "--source": (KEY, False),
    "--kind": (KEY, False),
}


def check_options() -> None:
    """Every text the command was given, before anything else: a NUL, a control
    character or an over-long value is one line naming the option, exit 2."""
    import click

    ctx = click.get_current_context()
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if not isinstance(value, str) or param.name == "database_url":
            continue
        option = max(param.opts, key=len) if isinstance(param, click.Option) else None
        name = option or param.human_readable_name
        limit, multiline = OPTION_LIMITS.get(name, (NAME, False))
        problem = text_problem(value, limit, multiline=multiline) or _odd_character(value)
        if problem:
            fail(f"{name}: {problem}")


def _odd_character(value: str) -> str | None:
    """What text_problem cannot see: undecodable bytes in a command-line argument
    (Python hands them over as lone surrogates)."""
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        return "is not valid UTF-8 text"
    return None


def run(database_url: str | None, dry_run: bool, action: Callable[[Connection], list[str]]) -> None:
    """One transaction: the action's lines on success, else one line and exit 2.
    Warnings (a new person's name mixing scripts) go to stderr, after the lines."""
    import warnings

    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.pool import NullPool

    from registry.access import CannotWrite, check_can_write
    from registry.db import describe_connect_error
    from registry.record import RecordError, RecordWarning

    where = target(database_url)
    connect(database_url).close()  # reachable, and at this registry's revision
    engine = create_engine(where.url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            tx = conn.begin()
            try:
                check_can_write(conn)
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", RecordWarning)
                    lines = action(conn)
            except (RecordError, CannotWrite) as exc:
                tx.rollback()
                fail(str(exc))
            if dry_run:
                tx.rollback()
            else:
                tx.commit()
    except OperationalError as exc:
        _fail(describe_connect_error(exc, where.where))
    finally:
        engine.dispose()
    for line in lines:
        typer.echo(line)
    for warning in caught:
        if issubclass(warning.category, RecordWarning):
            typer.echo(f"registry: warning: {warning.message}", err=True)
    if dry_run:
        typer.echo("dry run: nothing written")


def day(option: str, value: str | None) -> PartialDate | None:
    from registry.dates import PartialDate

    if value is None:
        return None
    try:
        return PartialDate.parse(value)
    except ValueError as exc:
        fail(f"{option}: {exc}")


def required_day(option: str, value: str) -> PartialDate:
    parsed = day(option, value)
    assert parsed is not None
    return parsed


def source_ref(
    key: str | None, title: str | None, publisher: str | None, date: str | None, url: str | None
) -> SourceRef:
    from registry.record import SourceRef

    return SourceRef(key, title, publisher, day("--source-date", date), url)


def mission_ref(
    sending: str | None,
    city: str | None,
    kind: str | None,
    new: bool = False,
    accredited_to: Sequence[str] = (),
) -> MissionRef | None:
    from registry.record import MissionRef

    if accredited_to and not new:
        fail("--accredited-to: only with --new-mission (a mission on record keeps its own)")
    return MissionRef(sending, city, kind, new, tuple(accredited_to)) if sending else None


def person_ref(
    person: str | None, new_person: str | None, unnamed: bool, description: str | None
) -> PersonRef | None:
    """--person, --new-person or --unnamed: exactly one; None when none is given."""
    from registry.record import PersonRef

    given = [x for x in (person, new_person, unnamed or None) if x is not None]
    if len(given) > 1:
        fail("give one of --person, --new-person or --unnamed")
    if description and not new_person:
        fail("--description describes a --new-person")
    if person:
        return PersonRef(person)
    if new_person:
        return PersonRef(new_person, new=True, description=description)
    return PersonRef(None) if unnamed else None


# --- the commands -------------------------------------------------------------------


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

    command.__doc__ = f"{doc}\n\n    Example:\n\n    \b\n        {example}\n    "
    record_app.command(name)(command)


_event_command(
    "status",
    lambda code, applies_to, status: applies_to == "mission" and status is not None,
    """A mission's change of status: opened, reported-operating, suspended, resumed,
    ceased-at-host-request, closed, reported-planned, relations-interrupted.""",
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
    """An act of recognition or de-recognition of a mission
    (documents-declared-illegitimate, recognised-legitimate,
    recognised-sole-consular-centre, host-accredited-diplomats,
    recognition-withdrawn) or of its head
    (host-accredited-charge, officially-recognised: the head with no end on
    record, or --tenure).""",
    "registry record recognition documents-declared-illegitimate AF berlin --on 2024-01 \\\n"
    "          --authority af-emirate --source kabul-2024-09",
)


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


@record_app.command("retraction")
def retraction(
    what: FactKind,
    fact_id: FactId,
    dry_run: DryRun = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Retract a tenure (with its status changes) or a status change recorded in
    error: the registry stops asserting it from now on, and still shows it with
    --as-recorded-on an earlier date. Nothing is deleted.

    Example:

        registry record retraction status-change 12
    """
    check_options()
    from registry.record import record_retraction

    if what not in ("tenure", "status-change"):
        fail(f"KIND must be tenure or status-change, not {what!r}")
    run(database_url, dry_run, lambda conn: record_retraction(conn, what, fact_id))
