"""The project's exceptions. Every message is Danish: it is what the user reads.

    JobrotationError
    ├── InvalidInput         a case or table the user gave is malformed
    ├── InvalidParameters    a parameter file is malformed (caught on load)
    ├── RateUnknown          no known value of a parameter on a date ("sats ikke kendt")
    ├── IllegalTransition    a workflow step that is not allowed from the current state
    ├── NotAllowed           the actor's role may not do this (access policy)
    ├── NotFound             no such record (or not visible to the actor)
    └── Conflict             the record changed since it was read (optimistic locking)
"""

from __future__ import annotations

import datetime as dt


class JobrotationError(Exception):
    """Base of all errors the product reports to a user."""


class InvalidInput(JobrotationError):
    pass


class InvalidParameters(JobrotationError):
    pass


class RateUnknown(JobrotationError):
    def __init__(self, name: str, day: dt.date, description: str) -> None:
        self.name, self.day = name, day
        super().__init__(
            f"Sats ikke kendt for {day.year}: {description} ({name}, {day.isoformat()})")


class IllegalTransition(JobrotationError):
    pass


class NotAllowed(JobrotationError):
    pass


class NotFound(JobrotationError):
    pass


class Conflict(JobrotationError):
    pass
