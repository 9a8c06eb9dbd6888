"""How a recording names things in the lines it says and the errors it raises."""

from __future__ import annotations

from typing import TYPE_CHECKING

from registry import queries

if TYPE_CHECKING:
    from registry.record.tenure_version import _Tenure


def label(mission: queries.Mission) -> str:
    """'Kazakhstan embassy in Kabul', as the output of every recording names it."""
    return f"{mission.sending} {mission.mission_kind} in {mission.city or mission.host}"


def describe_tenure(t: _Tenure) -> str:
    start = f"from {t.start}" if t.start else f"first attested {t.attested}"
    end = f" to {t.until}" if t.until else ""
    cred = f", credentials {t.credentials}" if t.credentials else ""
    away = f", non-resident, at {t.resident_city}" if t.resident_city else ""
    return f"{t.head or '(name not reported)'}, {t.rank}{away}, {start}{end}{cred}"


def describe_version(t: _Tenure) -> str:
    """A tenure with all a correction may change: for the old and new lines."""
    note = f"; note: {t.note}" if t.note else ""
    return f"{describe_tenure(t)}{note} (source {t.source_key})"
