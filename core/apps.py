from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared building blocks: the domain error, role names, spreadsheets, PDFs, Indonesian
    formatting, private uploads and the one outbound-email outbox. Imports no other app."""

    name = "core"
    verbose_name = _("Shared")
    default_auto_field = "django.db.models.BigAutoField"
