"""Taking a mission for a recording, and database refusals (registry/refusals.py
classifies them) as one line naming the option.

Concurrency: every write to a mission's facts first locks the mission row. Two
recorders of one mission serialise; the one that waited finds what the other
recorded and stops with a Conflict rather than act on facts it never saw (an
``--ends-previous`` ending a head appointed a moment ago). The exclusion
constraint on tenure stays the last word, mapped to the same Conflict.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.exc import DBAPIError

from registry import queries
from registry.limits import KEY, NAME, TEXT, TITLE
from registry.record.errors import Conflict, RecordError
from registry.record.session import _Session
from registry.record.wording import label
from registry.refusals import refusal

LOCK_TIMEOUT = "10s"  # how long a recorder waits for another one on the same mission


class Locking(_Session):
    """Taking the mission before writing to its facts."""

    def _marker(self, mission_id: int) -> tuple[Any, ...]:
        """The mission's current fact versions: what a recorder has seen."""
        row = self.rows(
            "SELECT (SELECT array_agg(id ORDER BY id) FROM tenure"
            "         WHERE mission_id = %(m)s AND upper_inf(recorded)),"
            "       (SELECT array_agg(sc.id ORDER BY sc.id) FROM status_change sc"
            "          LEFT JOIN tenure t ON t.id = sc.tenure_id"
            "         WHERE upper_inf(sc.recorded)"
            "           AND (sc.mission_id = %(m)s OR t.mission_id = %(m)s))",
            {"m": mission_id},
        )
        return row[0]

    def lock(self, mission: queries.Mission) -> None:
        """Take the mission for this transaction; a Conflict if someone else
        changed its facts while this waited."""
        seen = self._marker(mission.mission_id)
        self.raw.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
        try:
            self.raw.execute(
                "SELECT id FROM mission WHERE id = %s FOR UPDATE", (mission.mission_id,)
            )
        except Exception as exc:
            if refusal(exc).cause == "lock":
                raise Conflict(
                    f"{label(mission)}: another recording for this mission has been running "
                    f"for over {LOCK_TIMEOUT}: try again"
                ) from None
            raise
        if self._marker(mission.mission_id) != seen:
            raise Conflict(
                f"{label(mission)}: someone else recorded a fact of this mission at the same "
                "moment: see `registry history "
                f"{mission.mission_id}` and record again"
            )


# Every constraint of the tables a recording writes, and what its violation means
# for the user: (the option at fault, as its field name, and why). The recorder
# checks all of these before it writes; these are what is left when two recordings
# cross (a key taken, a row erased meanwhile) or a check was missed, so the user
# still gets one line naming an option, never the database's message.
_LONGER = "is longer than {:,} characters"
_CROSSED = "was recorded by someone else at the same moment: check and record again"
_VANISHED = "what it names was erased from the registry at the same moment: record again"
_NOT_INPUT = "the database refused the fact ({}): not something an option can cause; report it"
REFUSALS: dict[str, tuple[str, str]] = {
    "ck_person_name_length": ("new-person", _LONGER.format(NAME)),
    "ck_person_key_length": ("new-person", f"makes a key longer than {NAME:,} characters"),
    "ck_person_search_key_length": ("new-person", f"folds longer than {NAME:,} characters"),
    "ck_person_description_length": ("description", _LONGER.format(TEXT)),
    "uq_person_key": ("new-person", "a person with its key " + _CROSSED),
    "ck_source_key_length": ("source-publisher", f"makes a key longer than {KEY:,} characters"),
    "uq_source_key": ("source-title", "a source with the same key " + _CROSSED),
    "ck_source_title_length": ("source-title", _LONGER.format(TITLE)),
    "ck_source_publisher_length": ("source-publisher", _LONGER.format(TITLE)),
    "ck_source_url_length": ("source-url", _LONGER.format(TEXT)),
    "ck_source_note_length": ("source-title", "the source's note " + _LONGER.format(TEXT)),
    "ck_source_published_precision_known": ("source-date", "is not a year, month or day"),
    "ck_tenure_note_length": ("note", _LONGER.format(TEXT)),
    "ck_status_change_note_length": ("note", _LONGER.format(TEXT)),
    "ck_mission_source_listed_as_length": ("new-mission", _LONGER.format(TEXT)),
    "ck_tenure_credentials_not_before_start": ("credentials", "before the tenure starts"),
    "ck_tenure_credentials_date_has_precision": ("credentials", "a date needs its precision"),
    "ck_tenure_credentials_precision_known": ("credentials", "is not a year, month or day"),
    "ck_tenure_start_precision_known": ("from", "is not a year, month or day"),
    "ck_tenure_start_known_or_attested": ("from", "give exactly one of --from or --attested"),
    "ck_tenure_end_precision_iff_ended": ("until", "an end is a year, month or day"),
    "ck_tenure_valid_not_empty": ("until", "the tenure would end before it starts"),
    "ck_tenure_valid_has_lower_bound": ("from", "a tenure needs a start or a first attestation"),
    "ck_status_change_occurred_precision_known": ("on", "is not a year, month or day"),
    "uq_status_change_current": ("on", "the same change on that date " + _CROSSED),
    "uq_mission_natural_key": ("new-mission", "the mission " + _CROSSED),
    "pk_mission_source": ("new-mission", "the mission's source " + _CROSSED),
    "fk_tenure_person_id_person": ("person", _VANISHED),
    "fk_tenure_rank_code_rank": ("rank", _VANISHED),
    "fk_tenure_credentials_authority_id_authority": ("credentials-to", _VANISHED),
    "fk_tenure_resident_city_id_city": ("resident-at", _VANISHED),
    "fk_tenure_mission_id_mission": ("mission", _VANISHED),
    "fk_tenure_supersedes_id_tenure": ("corrected-tenure", _VANISHED),
    "fk_tenure_source_id_source": ("source", _VANISHED),
    "fk_person_source_id_source": ("source", _VANISHED),
    "fk_status_change_actor_party_id_party": ("actor", _VANISHED),
    "fk_status_change_actor_authority_id_authority": ("authority", _VANISHED),
    "fk_status_change_kind_status_change_kind": ("change", _VANISHED),
    "fk_status_change_mission_id_mission": ("mission", _VANISHED),
    "fk_status_change_tenure_id_tenure": ("tenure", _VANISHED),
    "fk_status_change_supersedes_id_status_change": ("corrected-change", _VANISHED),
    "fk_status_change_source_id_source": ("source", _VANISHED),
    "fk_mission_sending_party_id_party": ("mission", _VANISHED),
    "fk_mission_host_party_id_party": ("mission", _VANISHED),
    "fk_mission_organisation_id_party": ("mission", _VANISHED),
    "fk_mission_seat_city_in_host": ("mission", _VANISHED),
    "fk_mission_kind_mission_kind": ("kind", _VANISHED),
    "fk_mission_source_id_source": ("source", _VANISHED),
    "fk_mission_source_mission_id_mission": ("mission", _VANISHED),
    "fk_mission_source_source_id_source": ("source", _VANISHED),
    "ck_mission_seat_valid_not_empty": ("on", "the seat would end before it starts"),
    "ck_mission_seat_start_precision_iff_started": ("on", "is not a year, month or day"),
    "ck_mission_seat_end_precision_iff_ended": ("on", "is not a year, month or day"),
    "fk_mission_seat_mission_id_mission": ("mission", _VANISHED),
    "fk_mission_seat_city_id_city": ("to", _VANISHED),
    "fk_mission_seat_source_id_source": ("source", _VANISHED),
    "fk_mission_seat_supersedes_id_mission_seat": ("on", _VANISHED),
}
# Invariants the recorder itself keeps (ids, recorded time, one subject per change):
# a violation is a bug, named by its constraint.
NOT_INPUT = frozenset(
    {
        "pk_person",
        "pk_source",
        "pk_mission",
        "pk_tenure",
        "pk_status_change",
        "ck_tenure_recorded_has_lower_bound",
        "ck_status_change_recorded_has_lower_bound",
        "ck_status_change_one_subject",
        "pk_mission_seat",
        "ck_mission_seat_recorded_has_lower_bound",
    }
)
# Fields given as arguments, named as the messages name them (MISSION, TENURE); any
# other field is its option, --field, unless the command renames it (_refused).
OPTION_OF_FIELD = {
    "mission": "MISSION",
    "change": "CHANGE",
    "corrected-tenure": "TENURE",
    "corrected-change": "STATUS_CHANGE",
}


@contextmanager
def _refused(**options: str) -> Iterator[None]:
    """Database refusals as one line naming the option: the exclusion constraint and
    crossed recordings are a Conflict. ``options`` renames fields for this command
    (credentials="--on")."""
    try:
        yield
    except DBAPIError as exc:
        raise _database_error(exc.orig, options) from None
    except Exception as exc:
        if getattr(exc, "sqlstate", None):
            raise _database_error(exc, options) from None
        raise


def _database_error(exc: Any, options: dict[str, str] | None = None) -> RecordError:
    r = refusal(exc)
    if r.constraint == "ex_mission_seat_one_seat_at_a_time":
        return Conflict(
            "another seat of this mission over the same period was recorded at the same "
            "moment: check `registry history` and record again"
        )
    if r.constraint == "ex_tenure_one_head_at_a_time":
        return Conflict(
            "another head of this mission over the same period was recorded at the same "
            "moment: check `registry history` and record again"
        )
    if r.constraint in REFUSALS:
        field, why = REFUSALS[r.constraint]
        option = (options or {}).get(field) or OPTION_OF_FIELD.get(field, f"--{field}")
        kind = Conflict if why.endswith((_CROSSED, _VANISHED)) else RecordError
        return kind(f"{option}: {why}")
    if r.constraint is not None or r.cause == "not-null":  # the recorder fills those
        return RecordError(_NOT_INPUT.format(r.constraint or r.column))
    kind, said = _SAID.get(r.cause, (RecordError, f"the database refused the fact: {r.first_line}"))
    return kind(said)


# What a recording says of the refusals that are no option's fault.
_SAID: dict[str, tuple[type[RecordError], str]] = {
    "conflict": (Conflict, "another recording got in the way: try again"),
    "lock": (Conflict, "another recording got in the way: try again"),
    # keep_history: a version closed by another recording meanwhile
    "crossed": (Conflict, "another recording changed this fact at the same moment: try again"),
    "timeout": (Conflict, "the database took too long (statement timeout): try again"),
    "forbidden": (RecordError, "this login cannot write to the registry (docs/operations.md)"),
}
