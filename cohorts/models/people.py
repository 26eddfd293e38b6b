from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorts.validators import validate_nip, validate_phone


class Theme(models.Model):
    """A thematic group (rawan banjir, kebakaran, tawuran, PKM, sampah): editable data."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Region(models.Model):
    """An administrative unit with its official Kemendagri code (e.g. ``31.71.01.1001``)."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        REGENCY = 2, _("City/Regency")
        DISTRICT = 3, _("District (kecamatan)")
        VILLAGE = 4, _("Village (kelurahan/desa)")

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")
        KECAMATAN = "kecamatan", _("District")
        DISTRIK = "distrik", _("District (Papua)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
        DESA = "desa", _("Village (desa)")
        DESA_ADAT = "desa_adat", _("Customary village")

    code = models.CharField(_("Kemendagri code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Participant(models.Model):
    """A civil servant taking part in a programme (camat, lurah, wali kota/bupati, ...)."""

    class Position(models.TextChoices):
        HEAD = "head", _("Mayor/Regent (wali kota/bupati)")
        CAMAT = "camat", _("Camat")
        LURAH = "lurah", _("Lurah")
        OTHER = "other", _("Other")

    class Grade(models.TextChoices):
        III_A = "III/a", "III/a — Penata Muda"
        III_B = "III/b", "III/b — Penata Muda Tingkat I"
        III_C = "III/c", "III/c — Penata"
        III_D = "III/d", "III/d — Penata Tingkat I"
        IV_A = "IV/a", "IV/a — Pembina"
        IV_B = "IV/b", "IV/b — Pembina Tingkat I"
        IV_C = "IV/c", "IV/c — Pembina Utama Muda"
        IV_D = "IV/d", "IV/d — Pembina Utama Madya"
        IV_E = "IV/e", "IV/e — Pembina Utama"

    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validate_nip])
    name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=10, choices=Position.choices)
    unit = models.ForeignKey(
        Region, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="participants"
    )
    grade = models.CharField(_("grade"), max_length=5, choices=Grade.choices, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_phone])
    theme = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        help_text=_("The thematic issue of the participant's unit (e.g. rawan banjir)."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="participant_email_unique_ci",
                violation_error_message=_("Another participant already uses this email."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.nip})"


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


class RosterImport(models.Model):
    """An uploaded roster (CSV or XLSX): validated into a preview, then applied in one go."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Checking")
        VALIDATED = "validated", _("Ready to apply")
        INVALID = "invalid", _("Has errors")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", _("Failed")

    TRANSITIONS = {
        Status.UPLOADED: {Status.VALIDATED, Status.INVALID, Status.FAILED},
        Status.VALIDATED: {Status.APPLYING},
        Status.INVALID: set(),
        Status.APPLYING: {Status.APPLIED, Status.INVALID, Status.FAILED},
        Status.APPLIED: set(),
        Status.FAILED: {Status.APPLYING, Status.VALIDATED, Status.INVALID},
    }

    file = models.FileField(_("file"), upload_to="impor/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=Status.choices, default=Status.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    preview = models.JSONField(_("preview"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    message = models.TextField(_("message"), blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    def set_status(self, status):
        """Move to ``status`` or raise DomainError when the lifecycle does not allow it."""
        from lms.models import DomainError

        if status not in self.TRANSITIONS[self.Status(self.status)]:
            raise DomainError(
                _("A roster import cannot go from %(old)s to %(new)s.")
                % {"old": self.get_status_display(), "new": self.Status(status).label}
            )
        self.status = status

    @property
    def may_apply(self):
        """Applying needs a preview without a single error (a failed apply may be re-run)."""
        return (
            self.status in (self.Status.VALIDATED, self.Status.FAILED)
            and not self.error_count
            and self.valid_rows > 0
        )

    @property
    def running(self):
        return self.status in (self.Status.UPLOADED, self.Status.APPLYING)

    @property
    def percent(self):
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))
