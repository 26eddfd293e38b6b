"""Photo evidence of a case study and the editable list of its categories.

What the server knows is recorded apart from what the photo claims: the upload's own time,
the place the browser reported (only if the person allowed it) and the file's SHA-256, beside
the EXIF date and position read from the file (corroboration, often stripped by phones and
chat apps). The original is private, served only as an attachment to those who may see it;
the web versions are re-encoded JPEGs without metadata."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casestudies.models.case_studies import CaseStudy
from core.storage import RandomName, private_storage


class PhotoCategory(models.Model):
    """What a photo shows (trotoar, perlakuan pohon, sungai, ...): editable data."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("photo category")
        verbose_name_plural = _("photo categories")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class EvidencePhoto(models.Model):
    case_study = models.ForeignKey(CaseStudy, on_delete=models.CASCADE, related_name="photos")
    category = models.ForeignKey(
        PhotoCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="photos"
    )
    caption = models.CharField(_("caption"), max_length=500)
    original = models.FileField(
        _("original"), storage=private_storage, upload_to=RandomName("bukti/asli")
    )
    original_name = models.CharField(_("file name"), max_length=255)
    original_format = models.CharField(_("format"), max_length=8)
    original_bytes = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    large = models.FileField(storage=private_storage, upload_to=RandomName("bukti/web"))
    thumbnail = models.FileField(storage=private_storage, upload_to=RandomName("bukti/web"))
    uploaded_at = models.DateTimeField(_("uploaded (server time)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reported_latitude = models.FloatField(_("reported latitude"), null=True, blank=True)
    reported_longitude = models.FloatField(_("reported longitude"), null=True, blank=True)
    # the camera's clock as the photo says, in no time zone
    exif_date = models.DateField(_("EXIF date"), null=True, blank=True)
    exif_time = models.TimeField(_("EXIF time"), null=True, blank=True)
    exif_latitude = models.FloatField(_("EXIF latitude"), null=True, blank=True)
    exif_longitude = models.FloatField(_("EXIF longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("evidence photo")
        verbose_name_plural = _("evidence photos")
        ordering = ["category__sort_order", "uploaded_at", "pk"]

    def __str__(self):
        return self.caption

    @property
    def exif_outside_visit(self) -> bool:
        """The EXIF date falls outside the visit's dates (both known): flagged, not refused."""
        study = self.case_study
        if not self.exif_date or not study.visit_starts or not study.visit_ends:
            return False
        return not (study.visit_starts <= self.exif_date <= study.visit_ends)
