"""People in the Wagtail admin: participants (with their cohort history and sessions),
regions with the region chooser, and the People menu that also holds the roster import."""

from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from cohorts.admin.forms import ParticipantAdminForm, RegionSearchForm
from cohorts.admin.roster import RosterViewSet
from cohorts.models import Participant, Region, SessionBooking
from cohorts.selectors import participant_cohort_history
from core.admin_columns import ValueColumn
from core.admin_views import ExtensibleIndexView, NoEditViewURLFinderMixin

PARTICIPANT_LISTING_HOOK = "register_participant_listing_extension"


class ParticipantIndexView(ExtensibleIndexView):
    listing_hook = PARTICIPANT_LISTING_HOOK

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("unit", "user")


class ParticipantInspectView(InspectView):
    """The participant's fields, then his cohort history and his sessions."""

    template_name = "cohorts/admin/participant_inspect.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cohort_history=participant_cohort_history(participant=self.object),
            bookings=SessionBooking.objects.filter(participant=self.object)
            .select_related("session", "lodging_room")
            .order_by("-session__starts_at"),
            **kwargs,
        )


class RegionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("parent")


class ParticipantViewSet(ModelViewSet):
    """Participants are added and edited through ``participant_save`` (the form's save) and
    never deleted here: bookings, attendance and cohort history point at them (the
    ``NoDeletePermissionPolicy`` registered for the model refuses it)."""

    model = Participant
    icon = "user"
    menu_label = gettext_lazy("Participants")
    menu_order = 200
    url_prefix = "peserta"
    url_namespace = "cohorts_participant"
    index_view_class = ParticipantIndexView
    inspect_view_class = ParticipantInspectView
    list_display = [
        "name",
        "nip",
        "position",
        "unit",
    ]
    list_filter = ["position", "grade", "theme"]
    search_fields = ["name", "nip", "email"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("nip"),
            FieldPanel("name"),
            FieldPanel("position"),
            FieldPanel("unit"),
            FieldPanel("grade"),
            FieldPanel("theme"),
            FieldPanel("email"),
            FieldPanel("phone"),
        ],
        base_form_class=ParticipantAdminForm,
    )
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 50


class RegionViewSet(NoEditViewURLFinderMixin, ModelViewSet):
    """Regions are official data (Kemendagri codes, loaded by ``import_regions``): listed and
    inspected here, never added, edited or deleted — a hand edit would break the code, level
    and parent that rules and units rely on, and the next import would undo it."""

    model = Region
    icon = "site"
    menu_label = gettext_lazy("Regions")
    menu_order = 300
    url_prefix = "wilayah"
    url_namespace = "cohorts_region"
    list_display = ["code", "name", "kind", ValueColumn.of(Region, "parent")]
    list_filter = ["level", "kind"]
    search_fields = ["name", "code"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 100

    index_view_class = RegionIndexView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "delete_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]


class RegionChooseView(ChooseView):
    filter_form_class = RegionSearchForm
    ordering = ["level", "code"]

    def get_object_list(self):
        return Region.objects.select_related("parent")


class RegionChooseResultsView(ChooseResultsView):
    filter_form_class = RegionSearchForm
    ordering = ["level", "code"]

    def get_object_list(self):
        return Region.objects.select_related("parent")


class RegionChooserViewSet(ChooserViewSet):
    model = Region
    icon = "site"
    choose_one_text = gettext_lazy("Choose a region")
    choose_another_text = gettext_lazy("Choose another region")
    choose_view_class = RegionChooseView
    choose_results_view_class = RegionChooseResultsView
    url_prefix = "pilih-wilayah"
    per_page = 20


region_chooser_viewset = RegionChooserViewSet("region_chooser")


class PeopleGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("People")
    menu_icon = "group"
    menu_order = 200
    items = (ParticipantViewSet, RegionViewSet, RosterViewSet)
