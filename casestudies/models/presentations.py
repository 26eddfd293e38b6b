"""Presentations of accepted case studies: a slot on a session day (a room of the session's
venue, a time within the day's hours, a panel of facilitators) and the panel's scores on the
same rubric as the reviews, kept apart from them (a "panel" component shown beside the review's
final score, never mixed into it).

A slot is scheduled → held or cancelled. Holding it moves the case study from accepted to
presented (``casestudies.services.presentations``). No two live slots share a room at the same
time, a case study has at most one live slot (scheduled or held), and a panellist sits on no
two overlapping slots."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from casestudies.models.case_studies import CaseStudy
from casestudies.models.reviews import LEVELS, RubricCriterion
from core.lifecycle import Lifecycle


class PresentationSlot(Lifecycle, models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    TRANSITIONS = {
        Status.SCHEDULED: {Status.HELD, Status.CANCELLED},
        Status.HELD: set(),
        Status.CANCELLED: set(),
    }
    transition_error = _("A presentation slot cannot go from “%(old)s” to “%(new)s”.")
    LIVE = (Status.SCHEDULED, Status.HELD)

    case_study = models.ForeignKey(
        CaseStudy,
        verbose_name=_("case study"),
        on_delete=models.PROTECT,
        related_name="presentation_slots",
    )
    day = models.ForeignKey(
        "cohorts.SessionDay",
        verbose_name=_("session day"),
        on_delete=models.PROTECT,
        related_name="presentation_slots",
    )
    room = models.ForeignKey(
        "cohorts.Room",
        verbose_name=_("room"),
        on_delete=models.PROTECT,
        related_name="presentation_slots",
    )
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.SCHEDULED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("scheduled"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("marked"), null=True, blank=True)

    class Meta:
        verbose_name = _("presentation slot")
        verbose_name_plural = _("presentation slots")
        ordering = ["day__date", "starts", "pk"]
        indexes = [models.Index(fields=["day", "room", "starts"], name="presentation_room_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends__gt=models.F("starts")), name="presentation_ends_after"
            ),
            models.UniqueConstraint(
                fields=["case_study"],
                condition=models.Q(status__in=["scheduled", "held"]),
                name="presentation_one_live_slot",
            ),
        ]

    def __str__(self):
        return f"{self.case_study_id} · {self.day_id} {self.starts:%H:%M}–{self.ends:%H:%M}"


class PanelMember(models.Model):
    """A panellist of a slot, with his feedback once he has scored the presentation."""

    slot = models.ForeignKey(PresentationSlot, on_delete=models.CASCADE, related_name="panel")
    panellist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("panellist"),
        on_delete=models.PROTECT,
        related_name="presentation_panels",
    )
    feedback = models.TextField(_("feedback"), blank=True)
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)

    class Meta:
        verbose_name = _("panellist")
        verbose_name_plural = _("panel")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["slot", "panellist"], name="panel_member_unique")
        ]

    def __str__(self):
        return f"{self.slot_id} · {self.panellist_id}"


class PanelScore(models.Model):
    """A panellist's level on one rubric criterion."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(LEVELS[0]), MaxValueValidator(LEVELS[1])]
    )

    class Meta:
        verbose_name = _("panel score")
        verbose_name_plural = _("panel scores")
        constraints = [
            models.UniqueConstraint(fields=["member", "criterion"], name="panel_score_unique")
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.level}"
