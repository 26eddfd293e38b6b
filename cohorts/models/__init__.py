"""Models of the cohorts app: people and places (``people``), groups (``groups``), roster
imports and exports (``imports``), face-to-face sessions (``sessions``), attendance
(``attendance``) and the scheduling assistant's proposals (``proposals``)."""

from cohorts.models.attendance import Attendance
from cohorts.models.groups import Cohort, CohortMembership, CohortOverride
from cohorts.models.imports import RosterExport, RosterImport
from cohorts.models.people import Participant, Region, Theme
from cohorts.models.proposals import ScheduleProposal
from cohorts.models.sessions import (
    BookingEvent,
    Room,
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
    "RosterExport",
    "RosterImport",
    "ScheduleProposal",
    "SessionBooking",
    "SessionDay",
    "SessionNotice",
    "Theme",
    "TrainingSession",
    "Venue",
]
