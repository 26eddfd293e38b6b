"""People in the Wagtail admin: participants (with their cohort history and sessions) and
the participant chooser, regions with the region chooser, and the People menu that also holds
the roster import.

Searches go through ``cohorts.selectors``: a NIP or a region code by its start (an index range),
a name by its part; lists are ordered by indexed columns and paginated."""

from django.urls import path
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from cohorts.admin.forms import ParticipantAdminForm, ParticipantSearchForm, RegionSearchForm
from cohorts.admin.roster import RosterViewSet
from cohorts.models import Participant, Region, SessionBooking
from cohorts.selectors import participant_cohort_history, participant_search_q, region_search_q
from core.admin_columns import ValueColumn
from core.admin_views import ExtensibleIndexView, NoEditViewURLFinderMixin

PARTICIPANT_LISTING_HOOK = "register_participant_listing_extension"


class ParticipantIndexView(ExtensibleIndexView):
    listing_hook = PARTICIPANT_LISTING_HOOK

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("unit", "user")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(participant_search_q(self.search_query))


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

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(region_search_q(self.search_query))


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


class RegionChooserMixin:
    """Regions by level then code (the index ``region_level_code``); ``?level__lte=3``
    offers only provinces, regencies and districts (the cohort rules' regions)."""

    filter_form_class = RegionSearchForm
    ordering = ["level", "code"]

    def get_object_list(self):
        regions = Region.objects.select_related("parent")
        level = self.request.GET.get("level__lte", "")
        return regions.filter(level__lte=int(level)) if level.isdigit() else regions


class RegionChooseView(RegionChooserMixin, ChooseView):
    pass


class RegionChooseResultsView(RegionChooserMixin, ChooseResultsView):
    pass


class RegionChooserViewSet(ChooserViewSet):
    model = Region
    icon = "site"
    choose_one_text = gettext_lazy("Choose a region")
    choose_another_text = gettext_lazy("Choose another region")
    choose_view_class = RegionChooseView
    choose_results_view_class = RegionChooseResultsView
    url_prefix = "pilih-wilayah"
    per_page = 20
    preserve_url_parameters = ["multiple", "level__lte"]


region_chooser_viewset = RegionChooserViewSet("region_chooser")


class ParticipantChooserMixin:
    """Participants by name (the index ``participant_name``), found by the start of the NIP
    or part of the name or email (``ParticipantSearchForm``), with position and unit."""

    filter_form_class = ParticipantSearchForm
    ordering = ["name", "pk"]

    def get_object_list(self):
        return Participant.objects.select_related("unit")

    @property
    def columns(self):
        return [
            *super().columns,
            Column("position", label=gettext_lazy("Position"), accessor="get_position_display"),
            Column("unit", label=gettext_lazy("Unit")),
        ]


class ParticipantChooseView(ParticipantChooserMixin, ChooseView):
    pass


class ParticipantChooseResultsView(ParticipantChooserMixin, ChooseResultsView):
    pass


class ParticipantChooserViewSet(ChooserViewSet):
    """The chooser every admin form uses for a participant (``register_widget``: each
    ForeignKey to Participant in an admin form gets it), and, with ``multiple=1``, the
    ``MultipleChooser`` for several."""

    model = Participant
    icon = "user"
    choose_one_text = gettext_lazy("Choose a participant")
    choose_another_text = gettext_lazy("Choose another participant")
    choose_view_class = ParticipantChooseView
    choose_results_view_class = ParticipantChooseResultsView
    url_prefix = "pilih-peserta"
    per_page = 20

    def get_urlpatterns(self):
        # No "create" step: participants are added through ``participant_save`` (the
        # participant form, the roster import), never by a chooser's bare model form.
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "create"]


participant_chooser_viewset = ParticipantChooserViewSet("participant_chooser")


class PeopleGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("People")
    menu_icon = "group"
    menu_order = 200
    items = (ParticipantViewSet, RegionViewSet, RosterViewSet)
