"""What a recording raises when it refuses a fact: nothing is written."""

from __future__ import annotations


class RecordError(Exception):
    """Bad input or a refused fact: one line, naming the option at fault. Nothing written."""


class Conflict(RecordError):
    """Someone else recorded for the same mission at the same moment."""


class RecordWarning(UserWarning):
    """Recorded, but worth a second look (a name mixing scripts): one line for stderr."""
