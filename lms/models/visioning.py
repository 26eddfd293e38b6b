"""Acknowledgements of visioning materials: a participant's written response to one version of
a material (how the vision applies to his unit, the key messages it answers, one commitment
with a date), every earlier wording kept, and coaches' ratings of the understanding shown."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohorts.models import Participant


class VisioningAcknowledgement(models.Model):
    """One per participant and version of a material; amended (never replaced) until the
    material's deadline, each earlier wording kept in ``VisioningAcknowledgementChange``."""

    class Source(models.TextChoices):
        SELF = "self", _("By the participant")
        ON_BEHALF = "on_behalf", _("Recorded on behalf")

    material = models.ForeignKey(
        "cms.VisioningMaterialPage",
        verbose_name=_("visioning material"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    version = models.PositiveIntegerField(_("version"))
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="visioning_acknowledgements",
    )
    application = models.TextField(_("how the vision applies to my unit"), max_length=2000)
    key_message_ids = models.JSONField(
        _("key messages answered"), default=list, help_text=_("Block ids of the key messages.")
    )
    commitment = models.CharField(_("my commitment"), max_length=500)
    commitment_date = models.DateField(_("commitment date"))
    source = models.CharField(
        _("recorded"), max_length=10, choices=Source.choices, default=Source.SELF
    )
    note = models.CharField(
        _("note"), max_length=500, blank=True, help_text=_("Why it was recorded on behalf.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last amended"), auto_now=True)

    class Meta:
        verbose_name = _("visioning acknowledgement")
        verbose_name_plural = _("visioning acknowledgements")
        ordering = ["-acknowledged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["material", "version", "participant"],
                name="visioning_ack_once_per_version",
                violation_error_message=_("This participant already acknowledged this version."),
            )
        ]
        indexes = [
            models.Index(fields=["participant", "material"], name="visioning_ack_participant"),
            models.Index(fields=["-acknowledged_at", "-id"], name="visioning_ack_recent"),
        ]

    def __str__(self):
        return f"{self.participant.name} · {self.material.title} (v{self.version})"


class VisioningAcknowledgementChange(models.Model):
    """The wording an amendment replaced, with who amended it and when."""

    acknowledgement = models.ForeignKey(
        VisioningAcknowledgement,
        verbose_name=_("acknowledgement"),
        on_delete=models.CASCADE,
        related_name="changes",
    )
    application = models.TextField(_("how the vision applies to my unit"))
    key_message_ids = models.JSONField(_("key messages answered"), default=list)
    commitment = models.CharField(_("my commitment"), max_length=500)
    commitment_date = models.DateField(_("commitment date"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("amended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("amended"), auto_now_add=True)

    class Meta:
        verbose_name = _("earlier wording")
        verbose_name_plural = _("earlier wordings")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.acknowledgement_id} @ {self.changed_at:%Y-%m-%d %H:%M}"


class VisioningRating(models.Model):
    """A coach's reading of a response: understanding on a 1–4 scale, with a comment. One
    per coach and acknowledgement, changed by rating again."""

    class Score(models.IntegerChoices):
        NOT_YET = 1, _("1 — not yet understood")
        PARTLY = 2, _("2 — partly understood")
        UNDERSTOOD = 3, _("3 — understood")
        APPLIED = 4, _("4 — understood and applied to the unit")

    acknowledgement = models.ForeignKey(
        VisioningAcknowledgement,
        verbose_name=_("acknowledgement"),
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(
        _("understanding"),
        choices=Score.choices,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    rated_at = models.DateTimeField(_("rated"), auto_now=True)

    class Meta:
        verbose_name = _("visioning rating")
        verbose_name_plural = _("visioning ratings")
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["acknowledgement", "rated_by"], name="visioning_rating_once_per_coach"
            )
        ]

    def __str__(self):
        return f"{self.acknowledgement_id}: {self.score}"


class VisioningReminderRound(models.Model):
    """One "remind those missing" of a material's version: whoever of its audience (within
    the sender's units) had not acknowledged it when the round ran got one email, under a key
    naming the round and the person — a task run twice sends each email once."""

    material = models.ForeignKey(
        "cms.VisioningMaterialPage",
        verbose_name=_("visioning material"),
        on_delete=models.PROTECT,
        related_name="reminder_rounds",
    )
    version = models.PositiveIntegerField(_("version"))
    within = models.CharField(
        _("units"), max_length=20, blank=True, help_text=_("Region code; empty for every unit.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    missing = models.PositiveIntegerField(_("missing"), default=0)
    queued = models.PositiveIntegerField(_("emails queued"), default=0)
    without_email = models.PositiveIntegerField(_("without an email address"), default=0)

    class Meta:
        verbose_name = _("visioning reminder round")
        verbose_name_plural = _("visioning reminder rounds")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.material_id} v{self.version} @ {self.created_at:%Y-%m-%d %H:%M}"
