from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class LmsConfig(AppConfig):
    name = "lms"
    verbose_name = _("Learning")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app's ``receivers`` module connects what it listens to (signals of the apps
        # below it); loading them once the models are ready is Django's documented way.
        autodiscover_modules("receivers")
