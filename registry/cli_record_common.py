"""`registry record ...`: what its commands share (the group, the options, a
transaction per command) to bring news into the registry, one fact at a time, from the terminal.

Each command parses its options, hands registry.record one fact, and prints what
it changed. One transaction per command: any error is one line on stderr, exit 2,
and nothing written. ``--dry-run`` does all of it, prints it, and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from registry.cli_common import CommandGroup, connect, target
from registry.cli_common import fail as _fail
from registry.limits import KEY, NAME, TEXT, TITLE, text_problem

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from registry.dates import PartialDate
    from registry.record import MissionRef, PersonRef, SourceRef

record_app = typer.Typer(
    cls=CommandGroup,
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
        if problem is None and not multiline:
            problem = _invisible(value)
        if problem:
            fail(f"{name}: {problem}")


def _odd_character(value: str) -> str | None:
    """What text_problem cannot see: undecodable bytes in a command-line argument
    (Python hands them over as lone surrogates)."""
    if any("\ud800" <= ch <= "\udfff" for ch in value):
        return "is not valid UTF-8 text"
    return None


# Characters that show as nothing: a name typed with one looks like another name and
# is not it (the joiners U+200C and U+200D stay: Persian and Indic names need them).
# Imports keep them as their datasets give them (Wikidata's URLs hold a few).
_INVISIBLE = {"\u200b", "\u2060", "\ufeff"}


def _invisible(value: str) -> str | None:
    """A one-line value a person typed: blank, or holding an invisible character."""
    if value and not value.strip():
        return "is blank"
    for index, ch in enumerate(value):
        if ch in _INVISIBLE:
            return (
                f"contains the invisible character U+{ord(ch):04X} at position {index + 1}, "
                "which would make it look like another"
            )
    return None


def run(database_url: str | None, dry_run: bool, action: Callable[[Connection], list[str]]) -> None:
    """One recording (registry.record.transaction): its lines on success, else one
    line and exit 2. Warnings (a new person's name mixing scripts) go to stderr,
    after the lines."""
    from sqlalchemy.exc import OperationalError

    from registry.access import CannotWrite
    from registry.db import describe_connect_error
    from registry.record import RecordError
    from registry.record.transaction import record
    from registry.urls import mask_text

    where = target(database_url)
    connect(database_url).close()  # reachable, and at this registry's revision
    try:
        done = record(where.url, action, dry_run=dry_run)
    except (RecordError, CannotWrite) as exc:
        fail(str(exc))
    except OperationalError as exc:
        _fail(describe_connect_error(exc, where.where))
    for line in done.lines:  # a note or title quoted back may hold a URL's password
        typer.echo(mask_text(line))
    for warning in done.warnings:
        typer.echo(mask_text(f"registry: warning: {warning}"), err=True)
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
