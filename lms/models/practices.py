"""Shared practices ("berbagi pengalaman"): a participant's short good practice or innovation
from his unit, with up to six photos and a theme, moderated by an organiser before anyone else
sees it, and featured by a leader.

The post keeps the unit the author held when he wrote it. Photos are kept privately as
uploaded; only their web versions (re-encoded JPEGs without metadata) are shown to readers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.models import Participant, Region, Theme
from core.lifecycle import Lifecycle
from core.storage import RandomName, private_storage

MAX_TEXT = 2000


class PracticePost(Lifecycle, models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        HIDDEN = "hidden", _("Hidden")

    TRANSITIONS = {
        Status.SUBMITTED: (Status.PUBLISHED, Status.REJECTED),
        Status.PUBLISHED: (Status.HIDDEN,),
        Status.HIDDEN: (Status.PUBLISHED,),
        Status.REJECTED: (),
    }
    transition_error = _("This practice cannot go from “%(old)s” to “%(new)s”.")

    author = models.ForeignKey(
        Participant,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="practice_posts",
    )
    unit = models.ForeignKey(
        Region, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="practice_posts"
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("theme"), on_delete=models.PROTECT, related_name="practice_posts"
    )
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("text"), max_length=MAX_TEXT)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    featured_at = models.DateTimeField(_("featured"), null=True, blank=True)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("featured by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("shared practice")
        verbose_name_plural = _("shared practices")
        ordering = ["-created_at", "-pk"]
        permissions = [("feature_practicepost", _("Can feature a shared practice"))]
        indexes = [
            models.Index(fields=["status", "-featured_at", "-created_at"], name="practice_feed"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_featured(self) -> bool:
        return self.featured_at is not None


class PracticePhoto(models.Model):
    post = models.ForeignKey(PracticePost, on_delete=models.CASCADE, related_name="photos")
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    original = models.FileField(
        _("original"), storage=private_storage, upload_to=RandomName("praktik/asli")
    )
    original_format = models.CharField(_("format"), max_length=8)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    large = models.FileField(storage=private_storage, upload_to=RandomName("praktik/web"))
    thumbnail = models.FileField(storage=private_storage, upload_to=RandomName("praktik/web"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("practice photo")
        verbose_name_plural = _("practice photos")
        ordering = ["sort_order", "pk"]

    def __str__(self):
        return self.caption or f"#{self.pk}"
