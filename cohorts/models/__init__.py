"""Models of the cohorts app: people and groups (``people``), face-to-face training
(``scheduling``)."""

from cohorts.models.people import (
    Cohort,
    CohortMembership,
    CohortOverride,
    Participant,
    Region,
    RosterImport,
    Theme,
)
from cohorts.models.scheduling import (
    Attendance,
    BookingEvent,
    Room,
    ScheduleProposal,
    SessionBooking,
    SessionDay,
    SessionNotice,
    TrainingSession,
    Venue,
)

__all__ = [
    "Attendance",
    "BookingEvent",
    "Cohort",
    "CohortMembership",
    "CohortOverride",
    "Participant",
    "Region",
    "Room",
    "RosterImport",
    "ScheduleProposal",
    "SessionBooking",
    "SessionDay",
    "SessionNotice",
    "Theme",
    "TrainingSession",
    "Venue",
]
