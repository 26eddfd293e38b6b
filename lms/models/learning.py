"""The learning engine's records: enrolments, lesson progress, reflections, module
completions (the JP ledger), test attempts with their answers, and score corrections."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Enrolment(models.Model):
    """A participant's place in a programme, through a cohort or added by an organiser."""

    class Source(models.TextChoices):
        COHORT = "cohort", _("Through a cohort")
        INDIVIDUAL = "individual", _("Individually")

    participant = models.ForeignKey(
        "cohorts.Participant",
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    programme = models.ForeignKey(
        "cms.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enrolled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "programme"], name="enrolment_unique_participant_programme"
            )
        ]

    def __str__(self):
        return f"{self.participant} — {self.programme}"


class LessonProgress(models.Model):
    """When a participant first opened, last opened and completed a lesson (once)."""

    participant = models.ForeignKey(
        "cohorts.Participant", on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey("cms.LessonPage", on_delete=models.PROTECT, related_name="progress")
    module = models.ForeignKey("cms.ModulePage", on_delete=models.PROTECT, related_name="+")
    first_viewed_at = models.DateTimeField(default=timezone.now)
    last_viewed_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        # a page of a cohort's progress: lessons done per member and module (SQLite chose the
        # module's index, reading every member's progress, without it)
        indexes = [
            models.Index(fields=["participant", "module"], name="progress_participant_module")
        ]
        constraints = [
            models.UniqueConstraint(fields=["participant", "lesson"], name="progress_unique")
        ]

    def __str__(self):
        return f"{self.participant_id} · {self.lesson_id}"


class ReflectionAnswer(models.Model):
    """A trainee's written answer to a reflection block of a lesson."""

    participant = models.ForeignKey(
        "cohorts.Participant", on_delete=models.CASCADE, related_name="reflections"
    )
    lesson = models.ForeignKey("cms.LessonPage", on_delete=models.PROTECT, related_name="+")
    block_id = models.CharField(max_length=64)
    text = models.TextField(_("answer"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reflection answer")
        verbose_name_plural = _("reflection answers")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "lesson", "block_id"], name="reflection_unique"
            )
        ]

    def __str__(self):
        return self.text[:60]


class ModuleCompletion(models.Model):
    """A module completed by rule (every lesson done, post-test passed). Credits its JP."""

    participant = models.ForeignKey(
        "cohorts.Participant", on_delete=models.CASCADE, related_name="module_completions"
    )
    module = models.ForeignKey("cms.ModulePage", on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(default=timezone.now)
    jp = models.PositiveSmallIntegerField(_("JP"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)

    class Meta:
        verbose_name = _("module completion")
        verbose_name_plural = _("JP ledger")
        constraints = [
            models.UniqueConstraint(fields=["participant", "module"], name="completion_unique")
        ]

    def __str__(self):
        return f"{self.participant_id} · {self.module_id} · {self.jp} JP"


class TestAttempt(models.Model):
    """One sitting of a module's pre- or post-test, with the order the questions were shown."""

    __test__ = False  # not a pytest class

    class Kind(models.TextChoices):
        PRE = "pre", _("Pre-test")
        POST = "post", _("Post-test")

    participant = models.ForeignKey(
        "cohorts.Participant",
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="test_attempts",
    )
    module = models.ForeignKey(
        "cms.ModulePage", verbose_name=_("module"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("test"), max_length=4, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("attempt"))
    layout = models.JSONField(
        default=list, help_text="[[question_id, [option_id, ...]], ...] as shown"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)

    class Meta:
        verbose_name = _("test attempt")
        verbose_name_plural = _("test attempts")
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["-started_at"], name="attempt_started"),  # test results
            # a cohort's learning gain: the scores read from the index alone
            models.Index(
                fields=["participant", "module", "kind", "score"],
                condition=models.Q(submitted_at__isnull=False),
                name="attempt_scores",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "module", "kind", "number"], name="attempt_unique_number"
            ),
            # at most one open attempt per test: a double click cannot start two
            models.UniqueConstraint(
                fields=["participant", "module", "kind"],
                condition=models.Q(submitted_at__isnull=True),
                name="attempt_one_open",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.number}"


class AttemptAnswer(models.Model):
    attempt = models.ForeignKey(TestAttempt, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("cms.Question", on_delete=models.PROTECT, related_name="+")
    selected = models.JSONField(default=list)
    correct = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="answer_unique")
        ]

    def __str__(self):
        return f"{self.attempt_id} · {self.question_id}"


class ScoreCorrection(models.Model):
    """A change of a submitted attempt's score by an organiser, kept with who, when and why
    (``attempt_score_correct`` is the only writer of a score after submission)."""

    attempt = models.ForeignKey(
        TestAttempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="corrections"
    )
    old_score = models.DecimalField(_("old score"), max_digits=5, decimal_places=2)
    new_score = models.DecimalField(_("new score"), max_digits=5, decimal_places=2)
    old_passed = models.BooleanField(_("passed before"), null=True)
    new_passed = models.BooleanField(_("passed after"), null=True)
    reason = models.TextField(_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("corrected by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    corrected_at = models.DateTimeField(_("corrected at"), default=timezone.now)

    class Meta:
        verbose_name = _("score correction")
        verbose_name_plural = _("score corrections")
        ordering = ["-corrected_at", "-pk"]

    def __str__(self):
        return f"{self.attempt_id}: {self.old_score} → {self.new_score}"
