"""Reviewers assigned to a case study and their scores on the rubric.

A reviewer (a facilitator: coach, mentor or penguji) is assigned by an organiser to a case
study that has been handed in, never to one he wrote. He scores every criterion of the rubric
on four levels and writes feedback; the case study's score combines the criteria by their
weights (``casestudies.scoring``)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from casestudies.models.case_studies import CaseStudy

LEVELS = (1, 4)


class RubricCriterion(models.Model):
    """A criterion of the rubric with its weight: editable data."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    description = models.TextField(_("what the levels mean"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ReviewAssignment(models.Model):
    class Role(models.TextChoices):
        COACH = "coach", _("Coach")
        MENTOR = "mentor", _("Mentor")
        PENGUJI = "penguji", _("Examiner (penguji)")

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="case_study_reviews",
    )
    role = models.CharField(_("role"), max_length=7, choices=Role.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    feedback = models.TextField(_("feedback"), blank=True)
    scored_at = models.DateTimeField(_("scored"), null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_study", "reviewer"], name="review_assignment_unique"
            )
        ]

    def __str__(self):
        return f"{self.case_study_id} · {self.reviewer_id} ({self.role})"


class RubricScore(models.Model):
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(LEVELS[0]), MaxValueValidator(LEVELS[1])]
    )

    class Meta:
        verbose_name = _("rubric score")
        verbose_name_plural = _("rubric scores")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="rubric_score_unique")
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.level}"


class ConflictOfInterest(models.Model):
    """A declared relation between a reviewer and a participant that keeps him from reviewing
    the participant's case studies while it is in force (``valid_from``–``valid_to``, either
    open). Declared by the reviewer, the participant or an organiser; once an organiser pins
    it, nobody removes it. Same kecamatan or kota and the chain of command between units are
    also derived from the units, not stored (``casestudies.conflicts``)."""

    class Kind(models.TextChoices):
        CHAIN_OF_COMMAND = "chain_of_command", _("Chain of command")
        SAME_KECAMATAN = "same_kecamatan", _("Same kecamatan")
        SAME_KOTA = "same_kota", _("Same kota")
        KINSHIP = "kinship", _("Declared kinship")
        FORMER_COACH = "former_coach", _("Former coach")
        OTHER = "other", _("Other")

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_conflicts",
    )
    participant = models.ForeignKey(
        "cohorts.Participant",
        verbose_name=_("participant (author)"),
        on_delete=models.PROTECT,
        related_name="review_conflicts",
    )
    kind = models.CharField(_("relation"), max_length=16, choices=Kind.choices)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pinned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    pinned_at = models.DateTimeField(_("pinned"), null=True, blank=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-declared_at", "-pk"]
        indexes = [models.Index(fields=["reviewer", "participant"], name="conflict_pair")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="conflict_dates_in_order",
            )
        ]

    def __str__(self):
        return f"{self.reviewer} · {self.participant} ({self.get_kind_display()})"

    @property
    def pinned(self) -> bool:
        return self.pinned_at is not None


class ReviewWeights(models.Model):
    """How much each role's mean score counts in a case study's final score, in percent
    (summing to 100). One row, edited by organisers (``review_weights_save``)."""

    penguji = models.PositiveSmallIntegerField(
        _("examiner (penguji) %"), default=50, validators=[MaxValueValidator(100)]
    )
    coach = models.PositiveSmallIntegerField(
        _("coach %"), default=30, validators=[MaxValueValidator(100)]
    )
    mentor = models.PositiveSmallIntegerField(
        _("mentor %"), default=20, validators=[MaxValueValidator(100)]
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review weights")
        verbose_name_plural = _("review weights")

    def __str__(self):
        return str(_("Review weights"))

    def as_dict(self) -> dict[str, int]:
        return {role: getattr(self, role) for role in ReviewAssignment.Role.values}


class FeedbackRelease(models.Model):
    """The organiser let the authors see the reviewers' feedback and the final score."""

    case_study = models.OneToOneField(
        CaseStudy, on_delete=models.CASCADE, related_name="feedback_release"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("released by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    released_at = models.DateTimeField(_("released"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback release")
        verbose_name_plural = _("feedback releases")

    def __str__(self):
        return f"{self.case_study_id} · {self.released_at:%Y-%m-%d}"
