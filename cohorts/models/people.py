"""People and places: administrative regions with their official codes, participants,
and the thematic groups their units belong to."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
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
        ordering = ["code"]  # the unique index on code
        # the chooser's order; names are searched by part: on PostgreSQL through a trigram
        # index (migration 0012), elsewhere by reading the table
        indexes = [models.Index(fields=["level", "code"], name="region_level_code")]

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
        # the lists' order; NIPs are searched by their start (the unique index), names and
        # emails by part: on PostgreSQL through trigram indexes (migration 0012)
        indexes = [
            models.Index(fields=["name", "id"], name="participant_name"),
            # the organiser dashboard's participants not yet scheduled
            models.Index(fields=["position", "name"], name="participant_position_name"),
        ]
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
