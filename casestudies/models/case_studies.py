"""A case-study output and the history of its workflow.

A case study is authored by one participant or by a group (a cohort's kelompok: its current
members): every author sees and edits the same draft, nobody else opens it
(``casestudies.permissions``). It moves draft → submitted → in review → revision requested
(→ submitted again) → accepted → presented, each move kept as a ``CaseStudyTransition``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle
from core.storage import RandomName, private_storage


class CaseStudy(Lifecycle, models.Model):
    class Kind(models.TextChoices):
        STUDY_VISIT = "study_visit", _("Study-visit paper")
        THEMATIC = "thematic", _("Thematic group work")
        CHANGE_PROJECT = "change_project", _("Change project (aksi perubahan)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        REVISION_REQUESTED = "revision_requested", _("Revision requested")
        ACCEPTED = "accepted", _("Accepted")
        PRESENTED = "presented", _("Presented")

    class PaperFormat(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    TRANSITIONS = {
        Status.DRAFT: {Status.SUBMITTED},
        Status.SUBMITTED: {Status.IN_REVIEW},
        Status.IN_REVIEW: {Status.REVISION_REQUESTED, Status.ACCEPTED},
        Status.REVISION_REQUESTED: {Status.SUBMITTED},
        Status.ACCEPTED: {Status.PRESENTED},
        Status.PRESENTED: set(),
    }
    transition_error = _("A case study cannot go from “%(old)s” to “%(new)s”.")
    # What its authors may still change
    EDITABLE = (Status.DRAFT, Status.REVISION_REQUESTED)

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), blank=True)
    theme = models.ForeignKey(
        "cohorts.Theme",
        verbose_name=_("theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_studies",
    )
    author = models.ForeignKey(
        "cohorts.Participant",
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_studies",
        help_text=_("The one author; empty when a group writes it."),
    )
    group = models.ForeignKey(
        "cohorts.Cohort",
        verbose_name=_("group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_studies",
        help_text=_("The group (kelompok) whose members write it together."),
    )
    visit_starts = models.DateField(_("visit starts"), null=True, blank=True)
    visit_ends = models.DateField(_("visit ends"), null=True, blank=True)
    visit_place = models.CharField(_("place visited"), max_length=255, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=18, choices=Status.choices, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    late = models.BooleanField(
        _("late"), default=False, help_text=_("Last submitted after the deadline.")
    )
    paper = models.FileField(
        _("paper"), storage=private_storage, upload_to=RandomName("studi-kasus"), blank=True
    )
    paper_name = models.CharField(_("paper file name"), max_length=255, blank=True)
    paper_format = models.CharField(
        _("paper format"), max_length=4, choices=PaperFormat.choices, blank=True
    )
    paper_sha256 = models.CharField(_("paper SHA-256"), max_length=64, blank=True)
    paper_uploaded_at = models.DateTimeField(_("paper uploaded"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["status", "-updated_at"], name="casestudy_status")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author__isnull=False, group__isnull=True)
                | models.Q(author__isnull=True, group__isnull=False),
                name="casestudy_one_author_or_group",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def overdue(self) -> bool:
        """Past its deadline and not yet handed in (a draft or sent back)."""
        return bool(self.deadline) and self.editable and timezone.now() > self.deadline

    def on_status_change(self, target) -> None:
        if target == self.Status.SUBMITTED:
            self.submitted_at = timezone.now()
            self.late = bool(self.deadline) and self.submitted_at > self.deadline


class CaseStudyTransition(models.Model):
    """One move of a case study's workflow: who, when, from and to, with a comment."""

    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(
        _("from"), max_length=18, choices=CaseStudy.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=18, choices=CaseStudy.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("case study transition")
        verbose_name_plural = _("case study transitions")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.case_study_id}: {self.from_status} → {self.to_status}"
