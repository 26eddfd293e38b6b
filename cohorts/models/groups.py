"""Cohorts (angkatan/kelompok) and their membership: rule-filled, with manual overrides and
every stay kept as history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models.people import Participant, Region, Theme


class Cohort(models.Model):
    """An angkatan/kelompok of a programme. Its members are enrolled in the programme.

    Members come from the rules (position, region, theme; an empty rule does not restrict)
    plus manual additions, minus manual removals (``CohortOverride``). Every membership is
    kept with its dates, so a participant's cohort history survives moves and removals.
    """

    name = models.CharField(_("name"), max_length=150)
    programme = models.ForeignKey(
        "cms.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="cohorts",
    )
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohorts",
    )
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        Participant,
        verbose_name=_("members"),
        through="CohortMembership",
        related_name="cohorts",
        blank=True,
    )
    rule_positions = models.JSONField(
        _("positions"),
        default=list,
        blank=True,
        help_text=_("Fill with participants holding these positions (none: any position)."),
    )
    rule_regions = models.ManyToManyField(
        Region,
        verbose_name=_("regions"),
        related_name="+",
        blank=True,
        help_text=_("Fill with participants whose unit is in or under these regions."),
    )
    rule_themes = models.ManyToManyField(
        Theme,
        verbose_name=_("themes"),
        related_name="+",
        blank=True,
        help_text=_("Fill with participants whose unit has one of these themes."),
    )
    rules_applied_at = models.DateTimeField(_("rules applied"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="cohort_name")]

    def __str__(self):
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_at__isnull=True)


class CohortMembership(models.Model):
    """One stay of a participant in a cohort: open while ``left_at`` is empty."""

    class Source(models.TextChoices):
        RULE = "rule", _("By rule")
        MANUAL = "manual", _("Added by hand")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="memberships"
    )
    source = models.CharField(
        _("source"), max_length=6, choices=Source.choices, default=Source.MANUAL
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    leave_reason = models.CharField(_("reason for leaving"), max_length=255, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("cohort membership")
        verbose_name_plural = _("cohort memberships")
        ordering = ["joined_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"],
                condition=models.Q(left_at__isnull=True),
                name="membership_active_unique",
            )
        ]

    def __str__(self):
        return f"{self.cohort_id} · {self.participant_id}"


class CohortOverride(models.Model):
    """A manual addition to or removal from a cohort that outlives re-applying its rules."""

    class Action(models.TextChoices):
        INCLUDE = "include", _("Always a member")
        EXCLUDE = "exclude", _("Never a member")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="overrides")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("action"), max_length=7, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cohort override")
        verbose_name_plural = _("cohort overrides")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "participant"], name="override_unique")
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.participant_id}"
