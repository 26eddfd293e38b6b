"""The roles of Selaras. Each is a Django group carrying its permissions (created by the
migration ``lms/migrations/0002_roles.py`` and extended by later migrations); README's
permission table says what each may do."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PESERTA = "Peserta", _("Participant")
    PENYELENGGARA = "Penyelenggara", _("Organiser")
    FASILITATOR = "Fasilitator", _("Facilitator")
    PIMPINAN = "Pimpinan", _("Leader")
    PENILAI = "Penilai", _("Assessor")
