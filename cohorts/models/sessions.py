"""Face-to-face training: venues with rooms and beds, sessions over one or more days, sign-ups
with their history, and the notices sent about them."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from core.lifecycle import Lifecycle


class Venue(ClusterableModel):
    """A training venue (tempat pelatihan) with classrooms and lodging rooms."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    address = models.TextField(_("address"))
    region = models.ForeignKey(
        "cohorts.Region",
        verbose_name=_("city/regency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Room(Orderable):
    """A classroom (seats) or a lodging room (beds) of a venue."""

    class Kind(models.TextChoices):
        CLASSROOM = "classroom", _("Classroom")
        LODGING = "lodging", _("Lodging room")

    venue = ParentalKey(Venue, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=9, choices=Kind.choices, default=Kind.CLASSROOM)
    capacity = models.PositiveIntegerField(_("seats"), default=0)
    beds = models.PositiveSmallIntegerField(_("beds"), default=0)

    class Meta(Orderable.Meta):
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [models.UniqueConstraint(fields=["venue", "name"], name="room_unique_name")]

    def __str__(self):
        return f"{self.venue.name} · {self.name}" if self.venue_id else self.name


class TrainingSession(Lifecycle, ClusterableModel):
    """A face-to-face session (sesi) of a programme: one or more days at a venue and room.

    ``starts_at``/``ends_at`` span its days (kept by ``session_save``) so that overlaps are one
    indexed comparison. ``seats_taken`` counts bookings holding a seat and only ever moves by a
    conditional UPDATE, which is what keeps two people from taking the last seat together.
    ``sequence`` is the iCalendar SEQUENCE of the session's event: raised on every change.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {Status.SCHEDULED: {Status.CANCELLED}, Status.CANCELLED: set()}
    transition_error = _("A session cannot go from “%(old)s” to “%(new)s”.")

    programme = models.ForeignKey(
        "cms.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="training_sessions",
    )
    title = models.CharField(_("title"), max_length=150)
    venue = models.ForeignKey(
        Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="sessions"
    )
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        on_delete=models.PROTECT,
        related_name="sessions",
        limit_choices_to={"kind": Room.Kind.CLASSROOM},
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    overnight = models.BooleanField(
        _("overnight stay"), default=True, help_text=_("Participants need a bed at the venue.")
    )
    facilitators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitators"),
        related_name="facilitated_sessions",
        blank=True,
    )
    invited_cohorts = ParentalManyToManyField(
        "cohorts.Cohort",
        verbose_name=_("invited cohorts"),
        related_name="training_sessions",
        blank=True,
    )
    invited_participants = ParentalManyToManyField(
        "cohorts.Participant",
        verbose_name=_("invited participants"),
        related_name="+",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.SCHEDULED
    )
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    override_reason = models.CharField(
        _("reason for overriding a warning"),
        max_length=255,
        blank=True,
        help_text=_("Needed to save despite a facilitator clash or a venue without enough beds."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["starts_at", "title"], name="session_starts_title")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(seats_taken__lte=models.F("capacity")),
                name="session_seats_within_capacity",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def seats_left(self):
        return max(0, self.capacity - self.seats_taken)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED


class SessionDay(Orderable):
    """One day of a session with its hours (Asia/Jakarta)."""

    session = ParentalKey(TrainingSession, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    starts = models.TimeField(_("from"), default=datetime.time(8, 0))
    ends = models.TimeField(_("until"), default=datetime.time(16, 0))

    class Meta(Orderable.Meta):
        verbose_name = _("session day")
        verbose_name_plural = _("session days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["session", "date"], name="session_day_unique_date")
        ]

    def __str__(self):
        return f"{self.session.title} · {self.date:%Y-%m-%d}" if self.session_id else str(self.date)

    @property
    def start_datetime(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.starts))

    @property
    def end_datetime(self):
        return timezone.make_aware(datetime.datetime.combine(self.date, self.ends))


class SessionBooking(Lifecycle, models.Model):
    """A participant's sign-up for a session, with every change of status in ``events``."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        BOOKED = "booked", _("Booked")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")

    SEATED = frozenset({Status.BOOKED, Status.ATTENDED, Status.NO_SHOW})
    TRANSITIONS = {
        Status.INVITED: {Status.BOOKED, Status.WAITLISTED, Status.CANCELLED},
        Status.BOOKED: {Status.CANCELLED, Status.ATTENDED, Status.NO_SHOW},
        Status.WAITLISTED: {Status.BOOKED, Status.CANCELLED},
        Status.CANCELLED: {Status.INVITED, Status.BOOKED, Status.WAITLISTED},
        Status.ATTENDED: {Status.NO_SHOW},
        Status.NO_SHOW: {Status.ATTENDED},
    }
    transition_error = _("A booking cannot go from “%(old)s” to “%(new)s”.")

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    participant = models.ForeignKey(
        "cohorts.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.INVITED
    )
    waitlisted_at = models.DateTimeField(_("waitlisted"), null=True, blank=True)
    lodging_room = models.ForeignKey(
        Room,
        verbose_name=_("lodging room"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lodgers",
        limit_choices_to={"kind": Room.Kind.LODGING},
    )
    override_reason = models.CharField(
        _("reason for overriding a clash"), max_length=255, blank=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session booking")
        verbose_name_plural = _("session bookings")
        ordering = ["session", "participant__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="booking_unique")
        ]
        indexes = [models.Index(fields=["session", "status", "waitlisted_at"])]

    def __str__(self):
        return f"{self.participant_id} @ {self.session_id} ({self.get_status_display()})"

    @property
    def holds_seat(self):
        return self.status in self.SEATED


class BookingEvent(models.Model):
    """One change of a booking's status: the sign-up history."""

    booking = models.ForeignKey(SessionBooking, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("from"), max_length=10, choices=SessionBooking.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=SessionBooking.Status.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '—'} → {self.to_status}"


class SessionNotice(Lifecycle, models.Model):
    """One notification to one participant about one session, sent at most once.

    ``key`` names the notice (booking, kind and the event's SEQUENCE, or the reminder's day), so
    creating it twice finds the first. Sending hands the rendered email to the outbox, which
    sends it at most once; SENT here mirrors the email's SENT there.
    """

    class Kind(models.TextChoices):
        INVITATION = "invitation", _("Invitation")
        REMINDER = "reminder", _("Reminder")
        CHANGE = "change", _("Change notice")
        CANCELLATION = "cancellation", _("Cancellation notice")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Sending failed")
        SKIPPED = "skipped", _("Not sent")

    TRANSITIONS = {
        Status.PENDING: {Status.SENT, Status.FAILED, Status.SKIPPED},
        Status.FAILED: {Status.SENT, Status.FAILED, Status.SKIPPED},
        Status.SENT: set(),
        Status.SKIPPED: set(),
    }
    transition_error = _("A notice cannot go from “%(old)s” to “%(new)s”.")

    booking = models.ForeignKey(SessionBooking, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    key = models.CharField(max_length=120, unique=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    status = models.CharField(
        _("status"), max_length=7, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("send attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # The email handed to the outbox (core.outbox, key ``notice:<pk>``), sent at most once.
    outbound_email = models.ForeignKey(
        "core.OutboundEmail",
        verbose_name=_("email"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("session notice")
        verbose_name_plural = _("session notices")
        ordering = ["-created_at"]

    def __str__(self):
        return self.key
