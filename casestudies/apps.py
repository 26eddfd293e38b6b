from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseStudiesConfig(AppConfig):
    """Case-study outputs: study-visit papers, thematic group work and change projects, with
    their paper, photo evidence and review workflow. Above ``cohorts`` in the import order."""

    name = "casestudies"
    verbose_name = _("Case studies")
    default_auto_field = "django.db.models.BigAutoField"
