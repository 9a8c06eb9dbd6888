"""Corrections (a new version of a tenure or status change) and retractions
(a version closed). The old versions stay in history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, select

from registry import history, queries
from registry.dates import show
from registry.names import did_you_mean, slug
from registry.record.errors import RecordError
from registry.record.facts import ChangeCorrection, TenureCorrection, Unchanged, kept
from registry.record.lock import _refused
from registry.record.recorder import Recorder
from registry.record.session import TABLES
from registry.record.validate import check_credentials_in_post, check_in_power, head_in
from registry.record.wording import describe_tenure, describe_version, label


def record_tenure_correction(conn: Connection, c: TenureCorrection) -> list[str]:
    """A new version of a tenure with the fields given; the old one stays in history."""
    with _refused():
        r = Recorder(conn)
        old = r.tenure(c.tenure_id, "TENURE")
        mission = queries.mission_by_id(r.raw, old.mission_id)
        assert mission is not None
        r.lock(mission)
        old = r.tenure(c.tenure_id, "TENURE")
        r.source(c.source)
        changes: dict[str, Any] = {"source_id": r.source_id}
        if not isinstance(c.rank, Unchanged) or c.ad_interim:
            changes["rank_code"] = r.rank(kept(c.rank, old.rank_code), c.ad_interim)
        start, attested = old.start, old.attested
        if not (isinstance(c.start, Unchanged) and isinstance(c.attested, Unchanged)):
            start, attested = kept(c.start, None), kept(c.attested, None)
            if (start is None) == (attested is None):
                raise RecordError("give exactly one of --from or --attested")
        until = kept(c.until, old.until)
        cred_on = kept(c.credentials_on, old.credentials)
        authority_id = old.credentials_authority_id
        if not isinstance(c.credentials_to, Unchanged):
            authority = (
                r.authority("--credentials-to", c.credentials_to) if c.credentials_to else None
            )
            authority_id = authority[0] if authority else None
            if authority and cred_on:
                check_in_power("--credentials-to", authority, cred_on)
        if cred_on is not None and authority_id is None:
            raise RecordError("--credentials needs --credentials-to (the authority)")
        check_credentials_in_post("--credentials", cred_on, until)
        head = head_in(changes.get("rank_code", old.rank_code), start, attested, until, cred_on)
        options = {"until": "--until", "credentials.date": "--credentials"}
        changes["valid"] = r.check_tenure(mission, head, options, ignore=(old.id,))
        changes |= {
            "start_precision": start.precision if start else None,
            "attested_precision": attested.precision if attested else None,
            "end_precision": until.precision if until else None,
            "credentials_on": cred_on.first_day if cred_on else None,
            "credentials_precision": cred_on.precision if cred_on else None,
            "credentials_authority_id": authority_id,
        }
        if not isinstance(c.person, Unchanged):
            changes["person_id"], _ = r.person(c.person)
        if not isinstance(c.resident_at, Unchanged):
            changes["resident_city_id"] = (
                r.city("--resident-at", c.resident_at) if c.resident_at else None
            )
        if not isinstance(c.note, Unchanged):
            changes["note"] = c.note
        _refuse_no_change(conn, "tenure", old.id, changes)
        new_id = r.supersede_tenure(old, changes, f"{label(mission)}, corrected")
        r.say(f"  was: {describe_version(old)}")
        r.say(f"  now: {describe_version(r.tenure(new_id))}")
        return r.lines


def record_change_correction(conn: Connection, c: ChangeCorrection) -> list[str]:
    """A new version of a status change with the fields given."""
    with _refused(change="--change"):
        r = Recorder(conn)
        old = _current_change(r, c.status_change_id)
        mission = queries.mission_by_id(r.raw, old["mission"])
        assert mission is not None
        r.lock(mission)
        old = _current_change(r, c.status_change_id)
        r.source(c.source)
        kinds = r.change_kinds()
        changes: dict[str, Any] = {"source_id": r.source_id}
        if not isinstance(c.change, Unchanged):
            code = c.change if c.change in kinds else slug(c.change)
            applies = "tenure" if old["tenure_id"] else "mission"
            if code not in kinds or kinds[code][1] != applies:
                choices = [k for k, v in kinds.items() if v[1] == applies]
                raise RecordError(
                    f"--change: {c.change!r} is not a change of a {applies}"
                    f"{did_you_mean(c.change, choices)}"
                )
            changes["kind"] = code
        if not isinstance(c.on, Unchanged):
            changes |= {"occurred_on": c.on.first_day, "occurred_precision": c.on.precision}
        if not isinstance(c.actor, Unchanged):
            changes["actor_party_id"] = r.party("--actor", c.actor)[0] if c.actor else None
        if not isinstance(c.authority, Unchanged):
            changes["actor_authority_id"] = (
                r.authority("--authority", c.authority)[0] if c.authority else None
            )
        if not isinstance(c.note, Unchanged):
            changes["note"] = c.note
        kind = changes.get("kind", old["kind"])
        on = changes.get("occurred_on", old["occurred_on"])
        precision = changes.get("occurred_precision", old["occurred_precision"])
        dupe = r.rows(
            "SELECT id FROM status_change WHERE upper_inf(recorded) AND id <> %s AND kind = %s"
            " AND mission_id IS NOT DISTINCT FROM %s AND tenure_id IS NOT DISTINCT FROM %s"
            " AND occurred_on = %s",
            (old["id"], kind, old["mission_id"], old["tenure_id"], on),
        )
        if dupe:
            option = "--on" if "occurred_on" in changes else "--change"
            raise RecordError(
                f"{option}: {kind} on {show(on, precision)} is on record already (status change "
                f"{dupe[0][0]}): correct or retract that one instead"
            )
        _refuse_no_change(conn, "status_change", old["id"], changes)
        before = _describe_change(r, old["id"])
        new_id = history.supersede(conn, TABLES["status_change"], old["id"], changes)
        r.say(
            f"status change {old['id']} superseded by {new_id}: {label(mission)}, corrected "
            f"{r.cite()}"
        )
        r.say(f"  was: {before}")
        r.say(f"  now: {_describe_change(r, new_id)}")
        return r.lines


def record_retraction(conn: Connection, what: str, row_id: int) -> list[str]:
    """Stop asserting a tenure (with its status changes), a status change or a seat.
    The version stays, closed, visible with --as-recorded-on an earlier date."""
    if what == "seat":
        from registry.record.seats import record_seat_retraction

        return record_seat_retraction(conn, row_id)
    with _refused():
        r = Recorder(conn)
        if what == "tenure":
            old = r.tenure(row_id, "TENURE")
            mission = queries.mission_by_id(r.raw, old.mission_id)
            assert mission is not None
            r.lock(mission)
            old = r.tenure(row_id, "TENURE")
            events = r.rows(
                "SELECT id FROM status_change WHERE tenure_id = %s AND upper_inf(recorded)",
                (row_id,),
            )
            history.retract(conn, TABLES["tenure"], row_id)
            r.say(f"tenure {row_id} retracted: {label(mission)}, {describe_tenure(old)}")
            for (event,) in events:
                r.say(f"status change {event} retracted with it")
            return r.lines
        old_change = _current_change(r, row_id)
        mission = queries.mission_by_id(r.raw, old_change["mission"])
        assert mission is not None
        r.lock(mission)
        _current_change(r, row_id)
        before = _describe_change(r, row_id)
        history.retract(conn, TABLES["status_change"], row_id)
        r.say(f"status change {row_id} retracted: {label(mission)}, {before}")
        return r.lines


def _refuse_no_change(conn: Connection, table: str, row_id: int, changes: dict[str, Any]) -> None:
    """A correction that would store what is on record already is refused: a new
    version saying the same thing would only blur the history."""
    t = TABLES[table]
    same = conn.execute(
        select(and_(*(t.c[k].is_not_distinct_from(v) for k, v in changes.items()))).where(
            t.c.id == row_id
        )
    ).scalar_one()
    if same:
        what = table.replace("_", " ")
        raise RecordError(
            f"nothing to correct: {what} {row_id} already states this, from the same source"
        )


def _current_change(r: Recorder, change_id: int) -> dict[str, Any]:
    rows = r.rows(
        "SELECT sc.id, COALESCE(sc.mission_id, t.mission_id), sc.tenure_id,"
        " upper_inf(sc.recorded), sc.kind, sc.occurred_on, sc.mission_id, sc.occurred_precision"
        " FROM status_change sc LEFT JOIN tenure t ON t.id = sc.tenure_id WHERE sc.id = %s",
        (change_id,),
    )
    if not rows:
        raise RecordError(f"STATUS_CHANGE: no status change {change_id}")
    if not rows[0][3]:
        latest = r.latest_version("status_change", change_id)
        assert latest is not None
        newest, current = latest
        if newest == change_id:
            hint = " (retracted)"
        elif current:
            hint = f"; its correction is status change {newest}"
        else:
            hint = f"; its latest correction, status change {newest}, was retracted"
        raise RecordError(f"STATUS_CHANGE: status change {change_id} is not current{hint}")
    return {
        "id": rows[0][0],
        "mission": rows[0][1],
        "tenure_id": rows[0][2],
        "kind": rows[0][4],
        "occurred_on": rows[0][5],
        "mission_id": rows[0][6],
        "occurred_precision": rows[0][7],
    }


def _describe_change(r: Recorder, change_id: int) -> str:
    row = r.rows(
        "SELECT k.label, sc.occurred_on, sc.occurred_precision, COALESCE(aa.name, ap.name),"
        " sc.note, s.key FROM status_change sc JOIN status_change_kind k ON k.code = sc.kind"
        " LEFT JOIN party ap ON ap.id = sc.actor_party_id"
        " LEFT JOIN authority aa ON aa.id = sc.actor_authority_id"
        " JOIN source s ON s.id = sc.source_id WHERE sc.id = %s",
        (change_id,),
    )[0]
    by = f", by {row[3]}" if row[3] else ""
    note = f"; {row[4]}" if row[4] else ""
    return f"{row[0]}, {show(row[1], row[2])}{by}{note} (source {row[5]})"
