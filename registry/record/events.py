"""A mission's change of status, or an act of recognition of a mission or its head."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from registry.names import did_you_mean, slug
from registry.record.errors import RecordError
from registry.record.facts import Event
from registry.record.lock import _refused
from registry.record.recorder import Recorder
from registry.record.wording import label

# Acts of recognition about a head rather than a mission (`record recognition --tenure`).
TENURE_RECOGNITION = ("host-accredited-charge", "officially-recognised")
# The news that brings a mission on record for the first time (`--new-mission`).
NEW_MISSION_CHANGES = ("opened", "reported-planned", "reported-operating")


def record_event(
    conn: Connection, e: Event, allowed: Callable[[str, str, str | None], bool]
) -> list[str]:
    """A mission's change of status, or an act of recognition; ``allowed(code,
    applies_to, mission_status)`` says which kinds the calling command takes."""
    with _refused():
        r = Recorder(conn, on=e.on.first_day)
        kinds = r.change_kinds()
        code = e.change if e.change in kinds else slug(e.change)
        if code not in kinds or not allowed(code, *kinds[code][1:]):
            choices = [k for k, v in kinds.items() if allowed(k, *v[1:])]
            raise RecordError(
                f"CHANGE: {e.change!r} is not one of {', '.join(choices)}"
                f"{did_you_mean(e.change, choices)}"
            )
        applies_to = kinds[code][1]
        if e.mission is not None and e.mission.new:
            if code not in NEW_MISSION_CHANGES:
                raise RecordError(
                    f"--new-mission: a mission is recorded new only as "
                    f"{', '.join(NEW_MISSION_CHANGES)}, not {code}"
                )
            r.source(e.source)
            mission = r.new_mission(e.mission)
        elif applies_to == "tenure":
            mission, tenure = r.target_tenure(e.mission, e.tenure_id)
        elif e.tenure_id is not None:
            raise RecordError(f"--tenure: {code} is about a mission, not a head")
        else:
            assert e.mission is not None
            mission = r.mission(e.mission)
        r.lock(mission)
        r.source(e.source)
        if applies_to == "tenure":
            tenure = r.tenure(tenure.id)
            change_id, detail = r.insert_change(
                code, e.on, tenure_id=tenure.id, actor=e.actor, authority=e.authority, note=e.note
            )
            subject = f"{label(mission)}, tenure {tenure.id} ({tenure.head or 'name not reported'})"
        else:
            change_id, detail = r.insert_change(
                code,
                e.on,
                mission_id=mission.mission_id,
                actor=e.actor,
                authority=e.authority,
                note=e.note,
            )
            subject = label(mission)
        r.say(
            f"status change {change_id} recorded: {subject}, {kinds[code][0]}, {detail} {r.cite()}"
        )
        return r.lines
