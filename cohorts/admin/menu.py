"""The Training menu of the admin. Other apps add their items to it through
``TRAINING_MENU_HOOK`` (a viewset with ``menu_hook = TRAINING_MENU_HOOK``); the items sort by
``menu_order``: sessions 10, scheduling assistant 20, cohorts 30, themes 40, venues 50, and
the learning engine's enrolments 60 and test results 70."""

from django.utils.translation import gettext_lazy
from wagtail.admin.viewsets.model import ModelViewSetGroup

from cohorts.admin.cohorts import CohortViewSet
from cohorts.admin.sessions import TrainingSessionViewSet
from cohorts.admin.venues import ThemeViewSet, VenueViewSet

TRAINING_MENU_HOOK = "register_training_menu_item"


class TrainingGroup(ModelViewSetGroup):
    submenu_hook = TRAINING_MENU_HOOK
    menu_label = gettext_lazy("Training")
    menu_icon = "calendar-alt"
    menu_order = 190
    items = (TrainingSessionViewSet, CohortViewSet, ThemeViewSet, VenueViewSet)
