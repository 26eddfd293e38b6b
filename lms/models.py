import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The groups that carry each role's permissions (created by a data migration)."""

    PESERTA = "Peserta", _("Participant")
    PENYELENGGARA = "Penyelenggara", _("Organiser")
    FASILITATOR = "Fasilitator", _("Facilitator")
    PIMPINAN = "Pimpinan", _("Leader")
    PENILAI = "Penilai", _("Assessor")


class User(AbstractUser):
    """An account. Participants sign in with their email or with their NIP, kept as username."""

    email = models.EmailField(_("email address"), unique=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.email or self.username

    def has_role(self, role):
        return any(group.name == role for group in self.groups.all())


class DomainError(Exception):
    """A rule of the domain was broken; the message is translated and shown to the user."""


def _new_nonce():
    return secrets.token_urlsafe(16)


class Invitation(models.Model):
    """A single-use, expiring invitation for a person to set their password.

    The link carries a token signed with SECRET_KEY over (id, nonce); the database stores
    no usable secret. Re-inviting replaces the nonce, so older links stop working.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        FAILED = "failed", _("Sending failed")

    TRANSITIONS = {
        Status.PENDING: {Status.SENT, Status.REVOKED, Status.FAILED},
        Status.FAILED: {Status.SENT, Status.REVOKED, Status.FAILED},
        Status.SENT: {Status.ACCEPTED, Status.REVOKED},
        Status.ACCEPTED: set(),
        Status.REVOKED: set(),
    }

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email"))
    nonce = models.CharField(max_length=32, default=_new_nonce, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        User,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("send attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} ({self.get_status_display()})"

    def set_status(self, new_status):
        if new_status not in self.TRANSITIONS[self.status]:
            raise DomainError(
                _("An invitation cannot go from “%(old)s” to “%(new)s”.")
                % {
                    "old": self.get_status_display(),
                    "new": self.Status(new_status).label,
                }
            )
        self.status = new_status

    @property
    def is_expired(self):
        return timezone.now() >= self.expires_at


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
        User, verbose_name=_("enrolled by"), null=True, blank=True, on_delete=models.SET_NULL
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
        "cohorts.Participant", on_delete=models.CASCADE, related_name="test_attempts"
    )
    module = models.ForeignKey("cms.ModulePage", on_delete=models.PROTECT, related_name="+")
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


class Certificate(models.Model):
    """A certificate (STTP) of a completed programme. The PDF is rendered by a Celery task."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    class RenderState(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    number = models.CharField(_("certificate number"), max_length=60, unique=True)
    code = models.CharField(_("verification code"), max_length=16, unique=True)
    participant = models.ForeignKey(
        "cohorts.Participant", on_delete=models.PROTECT, related_name="certificates"
    )
    programme = models.ForeignKey(
        "cms.ProgrammePage", on_delete=models.PROTECT, related_name="certificates"
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    jp = models.PositiveSmallIntegerField(_("JP"))
    score = models.DecimalField(_("final score"), max_digits=5, decimal_places=2)
    predicate = models.CharField(_("predicate"), max_length=100)
    modules = models.JSONField(_("modules"), default=list, help_text="[[title, jp], ...]")
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.VALID
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)
    render_state = models.CharField(
        _("PDF"), max_length=8, choices=RenderState.choices, default=RenderState.PENDING
    )
    pdf = models.FileField(_("PDF"), upload_to="sertifikat/%Y/", blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "programme"], name="certificate_one_per_programme"
            )
        ]

    def __str__(self):
        return self.number


class CertificateBatch(models.Model):
    """A background job issuing certificates for a cohort; the admin shows its progress."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    programme = models.ForeignKey("cms.ProgrammePage", on_delete=models.PROTECT, related_name="+")
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.programme_id} · {self.get_state_display()} ({self.done}/{self.total})"

    @property
    def percent(self):
        return 100 if not self.total else round(100 * self.done / self.total)
