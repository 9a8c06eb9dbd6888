"""The recorder: names, sources and the lock (its bases), and the tenures and
status changes every fact reads, checks and writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import insert
from sqlalchemy.dialects.postgresql import Range

from registry import history, queries
from registry.dates import PartialDate
from registry.record.errors import RecordError
from registry.record.facts import MissionRef
from registry.record.lock import Locking
from registry.record.resolve import Names
from registry.record.session import TABLES
from registry.record.tenure_version import _TENURE_SQL, _Tenure
from registry.record.wording import describe_tenure, label
from registry.seedfile import HeadIn
from registry.seeds.resolve import head_problems


class Recorder(Names, Locking):
    """One recording, in the caller's transaction; ``lines`` say what it changed.

    Its bases resolve names and the source (Names, Sources) and lock the mission
    (Locking); here are the tenures and status changes the facts build on."""

    def tenure(self, tenure_id: int, option: str = "--tenure") -> _Tenure:
        rows = self.rows(_TENURE_SQL + " AND t.id = %s", (tenure_id,))
        if rows:
            return _Tenure(*rows[0])
        latest = self.latest_version("tenure", tenure_id)
        if latest is None:
            raise RecordError(f"{option}: no tenure {tenure_id}")
        newest, current = latest
        if newest == tenure_id:
            raise RecordError(f"{option}: tenure {tenure_id} was retracted")
        if not current:
            raise RecordError(
                f"{option}: tenure {tenure_id} is a superseded version; its latest "
                f"correction, tenure {newest}, was retracted"
            )
        raise RecordError(
            f"{option}: tenure {tenure_id} is a superseded version; "
            f"its correction is tenure {newest}"
        )

    def latest_version(self, table: str, row_id: int) -> tuple[int, bool] | None:
        """The last version of the fact ``row_id`` is a version of, following its
        corrections (``supersedes_id``), and whether it is current; None: no such row."""
        rows = self.rows(
            f"WITH RECURSIVE chain (id, recorded, depth) AS ("
            f" SELECT id, recorded, 0 FROM {table} WHERE id = %(id)s"
            f" UNION ALL SELECT n.id, n.recorded, c.depth + 1 FROM {table} n"
            f" JOIN chain c ON n.supersedes_id = c.id)"
            " SELECT id, upper_inf(recorded) FROM chain ORDER BY depth DESC, id DESC LIMIT 1",
            {"id": row_id},
        )
        return (rows[0][0], rows[0][1]) if rows else None

    def tenures(self, mission_id: int) -> list[_Tenure]:
        rows = self.rows(
            _TENURE_SQL + " AND t.mission_id = %s ORDER BY lower(t.valid)", (mission_id,)
        )
        return [_Tenure(*r) for r in rows]

    def open_tenure(self, mission: queries.Mission) -> _Tenure:
        open_ = [t for t in self.tenures(mission.mission_id) if t.valid.upper is None]
        if len(open_) == 1:
            return open_[0]
        raise RecordError(
            f"{label(mission)} has no head on record without an end: give --tenure ID "
            f"(see `registry history {mission.mission_id} --format json`)"
        )

    def target_tenure(
        self, mission_ref: MissionRef | None, tenure_id: int | None
    ) -> tuple[queries.Mission, _Tenure]:
        if tenure_id is not None:
            tenure = self.tenure(tenure_id)
            mission = queries.mission_by_id(self.raw, tenure.mission_id)
            assert mission is not None
            if (
                mission_ref is not None
                and self.mission(mission_ref).mission_id != mission.mission_id
            ):
                raise RecordError(f"--tenure: tenure {tenure_id} is of {label(mission)}")
            return mission, tenure
        if mission_ref is None:
            raise RecordError("name the MISSION or give --tenure ID")
        mission = self.mission(mission_ref)
        return mission, self.open_tenure(mission)

    def check_tenure(
        self,
        mission: queries.Mission,
        head: HeadIn,
        options: dict[str, str],
        ignore: tuple[int, ...] = (),
    ) -> Range[dt.date]:
        """The loader's checks of a head's dates, then overlap with the mission's
        other current heads. Returns the period."""
        from registry.seeds.resolve import tenure_period

        for where, message in head_problems(head):
            raise RecordError(f"{options['.'.join(where)]}: {message}")
        period = tenure_period(head)
        for other in self.tenures(mission.mission_id):
            if other.id not in ignore and other.valid.overlaps(period):
                raise RecordError(
                    f"{label(mission)}: overlaps tenure {other.id} ({describe_tenure(other)}): "
                    "one head at a time; end it with --ends-previous or `registry record "
                    "departure`, or correct it"
                )
        return period

    def describe(self, tenure_id: int) -> str:
        return describe_tenure(self.tenure(tenure_id))

    def supersede_tenure(self, old: _Tenure, changes: dict[str, Any], what: str) -> int:
        new_id, moved = history.supersede_moving(self.conn, TABLES["tenure"], old.id, changes)
        self.say(f"tenure {old.id} superseded by {new_id}: {what} {self.cite()}")
        for old_change, new_change in moved:
            self.say(
                f"status change {old_change} superseded by {new_change}: moved to tenure {new_id}"
            )
        return new_id

    def insert_change(
        self,
        kind: str,
        on: PartialDate,
        *,
        mission_id: int | None = None,
        tenure_id: int | None = None,
        actor: str | None = None,
        authority: str | None = None,
        note: str | None = None,
    ) -> tuple[int, str]:
        actor_id, actor_name = self.party("--actor", actor) if actor else (None, None)
        authority_id, authority_name, _ = (
            self.authority("--authority", authority) if authority else (None, None, None)
        )
        dupe = self.rows(
            "SELECT id FROM status_change WHERE upper_inf(recorded) AND kind = %s"
            " AND mission_id IS NOT DISTINCT FROM %s AND tenure_id IS NOT DISTINCT FROM %s"
            " AND occurred_on = %s",
            (kind, mission_id, tenure_id, on.first_day),
        )
        if dupe:
            raise RecordError(
                f"{kind} on {on} is on record already (status change {dupe[0][0]}); "
                "to change it, record a correction"
            )
        new_id: int = self.conn.execute(
            insert(TABLES["status_change"])
            .values(
                kind=kind,
                occurred_on=on.first_day,
                occurred_precision=on.precision,
                mission_id=mission_id,
                tenure_id=tenure_id,
                actor_party_id=actor_id,
                actor_authority_id=authority_id,
                note=note,
                source_id=self.source_id,
            )
            .returning(TABLES["status_change"].c.id)
        ).scalar_one()
        by = authority_name or actor_name
        return new_id, f"{on}" + (f", by {by}" if by else "") + (f"; {note}" if note else "")
