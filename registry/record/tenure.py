"""A head's tenure: appointed (or first attested), credentials presented, departed."""

from __future__ import annotations

from sqlalchemy import Connection, insert
from sqlalchemy.dialects.postgresql import Range

from registry.names import did_you_mean, slug
from registry.record.errors import RecordError
from registry.record.facts import Appointment, Credentials, Departure
from registry.record.lock import _refused
from registry.record.recorder import Recorder
from registry.record.session import TABLES
from registry.record.tenure_version import _Tenure
from registry.record.validate import check_credentials_in_post, check_in_power, head_in
from registry.record.wording import describe_tenure, label

# Kinds of tenure change that end a tenure (`record departure CAUSE`).
DEPARTURE_CAUSES = (
    "dismissed-by-decree",
    "recalled",
    "died",
    "superseded",
    "left-post",
    "presented-recall",
    "relinquished-charge",
    "appointment-terminated",
    "ended",
)


def record_appointment(conn: Connection, a: Appointment) -> list[str]:
    """A head of mission appointed (or first attested) at a rank."""
    with _refused():
        day = a.start or a.attested
        r = Recorder(conn, on=day.first_day if day else None)
        if (a.start is None) == (a.attested is None):
            raise RecordError(
                "give exactly one of --from (the start is known) or --attested "
                "(a source shows the head in post then, and not since when)"
            )
        if a.ends_previous and a.start is None:
            raise RecordError(
                "--ends-previous needs --from: with the start unknown, so is the previous end"
            )
        if a.credentials_on is not None and a.credentials_to is None:
            raise RecordError("--credentials needs --credentials-to (the authority)")
        mission = r.mission(a.mission)
        rank = r.rank(a.rank, a.ad_interim)
        r.lock(mission)
        r.source(a.source)
        authority = r.authority("--credentials-to", a.credentials_to) if a.credentials_to else None
        resident_city = r.city("--resident-at", a.resident_at) if a.resident_at else None
        head = head_in(rank, a.start, a.attested, a.until, a.credentials_on)
        options = {"until": "--until", "credentials.date": "--credentials"}
        if authority and a.credentials_on:
            check_in_power("--credentials-to", authority, a.credentials_on)
        check_credentials_in_post("--credentials", a.credentials_on, a.until)
        previous: _Tenure | None = None
        if a.ends_previous:
            assert a.start is not None
            open_ = [t for t in r.tenures(mission.mission_id) if t.valid.upper is None]
            if not open_:
                raise RecordError(
                    f"--ends-previous: no head of {label(mission)} is on record without an end"
                )
            previous = open_[0]
            prev_start = previous.start or previous.attested
            assert prev_start is not None
            if a.start.first_day <= prev_start.first_day:
                raise RecordError(
                    f"--ends-previous: tenure {previous.id} ({describe_tenure(previous)}) "
                    f"starts {prev_start}, not before {a.start}"
                )
            if previous.credentials_on and previous.credentials_on >= a.start.first_day:
                raise RecordError(
                    f"--ends-previous: tenure {previous.id} presented credentials "
                    f"{previous.credentials}, not before {a.start}"
                )
        period = r.check_tenure(mission, head, options, ignore=(previous.id,) if previous else ())
        person_id, _ = r.person(a.person)
        if previous is not None:
            assert a.start is not None
            r.supersede_tenure(
                previous,
                {
                    "valid": Range(previous.valid.lower, a.start.first_day, bounds="[)"),
                    "end_precision": a.start.precision,
                    "source_id": r.source_id,
                },
                f"{previous.head or '(name not reported)'} ended {a.start}",
            )
        tenure_id: int = conn.execute(
            insert(TABLES["tenure"])
            .values(
                mission_id=mission.mission_id,
                person_id=person_id,
                rank_code=rank,
                valid=period,
                start_precision=a.start.precision if a.start else None,
                attested_precision=a.attested.precision if a.attested else None,
                end_precision=a.until.precision if a.until else None,
                credentials_on=a.credentials_on.first_day if a.credentials_on else None,
                credentials_precision=a.credentials_on.precision if a.credentials_on else None,
                credentials_authority_id=authority[0] if authority else None,
                resident_city_id=resident_city,
                note=a.note,
                source_id=r.source_id,
            )
            .returning(TABLES["tenure"].c.id)
        ).scalar_one()
        r.say(f"tenure {tenure_id} recorded: {label(mission)}, {r.describe(tenure_id)} {r.cite()}")
        return r.lines


def record_credentials(conn: Connection, c: Credentials) -> list[str]:
    """Credentials presented by a head, on a date (or date unknown), to an authority."""
    with _refused(credentials="--on"):
        r = Recorder(conn, on=c.on.first_day if c.on else None)
        mission, tenure = r.target_tenure(c.mission, c.tenure_id)
        r.lock(mission)
        tenure = r.tenure(tenure.id)
        r.source(c.source)
        authority = r.authority("--to", c.to)
        if c.on:
            check_in_power("--to", authority, c.on)
            start = tenure.start
            if start and c.on.first_day < start.first_day:
                raise RecordError(
                    f"--on: credentials presented ({c.on}) before the appointment "
                    f"(tenure {tenure.id} starts {start})"
                )
            check_credentials_in_post("--on", c.on, tenure.until)
        r.supersede_tenure(
            tenure,
            {
                "credentials_on": c.on.first_day if c.on else None,
                "credentials_precision": c.on.precision if c.on else None,
                "credentials_authority_id": authority[0],
                "source_id": r.source_id,
            },
            f"credentials {c.on or '(date unknown)'} to {authority[1]}",
        )
        return r.lines


def record_departure(conn: Connection, d: Departure) -> list[str]:
    """A tenure ended: dismissed, recalled, died, superseded, left post..."""
    with _refused(until="--on"):
        r = Recorder(conn, on=d.on.first_day)
        kinds = r.change_kinds()
        cause = d.cause if d.cause in kinds else slug(d.cause)
        if cause not in DEPARTURE_CAUSES:
            raise RecordError(
                f"CAUSE: {d.cause!r} is not a way a tenure ends"
                f"{did_you_mean(d.cause, DEPARTURE_CAUSES)}; one of {', '.join(DEPARTURE_CAUSES)}"
            )
        mission, tenure = r.target_tenure(d.mission, d.tenure_id)
        r.lock(mission)
        tenure = r.tenure(tenure.id)
        r.source(d.source)
        if tenure.valid.upper is not None:
            raise RecordError(
                f"tenure {tenure.id} ({describe_tenure(tenure)}) has ended already: "
                "to change its end, record a correction"
            )
        start = tenure.start or tenure.attested
        assert start is not None
        if d.on.first_day <= start.first_day:
            raise RecordError(
                f"--on: ends ({d.on}) before it starts ({start}) (tenure {tenure.id})"
            )
        check_credentials_in_post("--on", tenure.credentials, d.on)
        new_id = r.supersede_tenure(
            tenure,
            {
                "valid": Range(tenure.valid.lower, d.on.first_day, bounds="[)"),
                "end_precision": d.on.precision,
                "source_id": r.source_id,
            },
            f"{tenure.head or '(name not reported)'} ended {d.on}",
        )
        change_id, detail = r.insert_change(
            cause, d.on, tenure_id=new_id, actor=d.actor, authority=d.authority, note=d.note
        )
        r.say(
            f"status change {change_id} recorded: tenure {new_id}, {kinds[cause][0]}, "
            f"{detail} {r.cite()}"
        )
        return r.lines
