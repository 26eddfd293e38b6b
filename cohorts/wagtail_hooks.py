from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import ListingButton

from cohorts.admin_roster import RosterViewSet
from cohorts.forms import ParticipantAdminForm, RegionSearchForm
from cohorts.models import Participant, Region
from lms.models import DomainError, Invitation
from lms.services import accounts as services


def may_invite(user):
    return user.has_perm("lms.add_invitation")


class ParticipantIndexView(IndexView):
    def get_base_queryset(self):
        latest_invitation = Invitation.objects.filter(user=OuterRef("user")).order_by("-created_at")
        return (
            super()
            .get_base_queryset()
            .select_related("unit", "user")
            .annotate(invitation_status=Subquery(latest_invitation.values("status")[:1]))
        )

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if may_invite(self.request.user) and not (
            instance.user_id and instance.user.has_usable_password()
        ):
            buttons.insert(
                0,
                ListingButton(
                    _("Invite again") if instance.invitation_status else _("Invite"),
                    url=reverse("cohorts_participant:invite", args=[instance.pk]),
                    icon_name="mail",
                    priority=5,
                ),
            )
        return buttons


class AccountColumn(Column):
    def get_value(self, instance):
        if instance.user_id and instance.user.has_usable_password():
            return _("Active")
        if instance.invitation_status:
            return Invitation.Status(instance.invitation_status).label
        return _("Not invited")


class ParticipantInviteView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cohorts/admin/participant_invite.html"
    page_title = gettext_lazy("Invite participant")
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not may_invite(request.user):
            raise PermissionDenied
        self.participant = get_object_or_404(Participant.objects.select_related("unit"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.participant.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cohorts_participant:index"), "label": _("Participants")},
            {"url": "", "label": _("Invite participant")},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(participant=self.participant, **kwargs)

    def post(self, request, pk):
        try:
            invitation = services.participant_invite(
                participant=self.participant, invited_by=request.user
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Invitation for %(name)s is being sent to %(email)s.")
                % {"name": self.participant.name, "email": invitation.email},
            )
        return redirect("cohorts_participant:index")


class ParticipantInspectView(InspectView):
    """The participant's fields, then his cohort history and his sessions."""

    template_name = "cohorts/admin/participant_inspect.html"

    def get_context_data(self, **kwargs):
        from cohorts.membership import participant_cohort_history
        from cohorts.models import SessionBooking

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
        AccountColumn("account", label=gettext_lazy("Account")),
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

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("invite/<int:pk>/", ParticipantInviteView.as_view(), name="invite"),
        ]


class RegionViewSet(ModelViewSet):
    model = Region
    icon = "site"
    menu_label = gettext_lazy("Regions")
    menu_order = 300
    url_prefix = "wilayah"
    url_namespace = "cohorts_region"
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["name", "code"]
    search_backend_name = None
    form_fields = ["code", "name", "level", "kind", "parent", "postal_code"]
    copy_view_enabled = False
    inspect_view_enabled = True
    list_per_page = 100

    index_view_class = RegionIndexView


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


@hooks.register("register_admin_viewset")
def register_people():
    return PeopleGroup()


@hooks.register("register_admin_viewset")
def register_region_chooser():
    return region_chooser_viewset


@hooks.register("insert_global_admin_css")
def admin_css():
    from django.templatetags.static import static
    from django.utils.html import format_html

    return format_html('<link rel="stylesheet" href="{}">', static("css/selaras-admin.css"))


@hooks.register("register_admin_viewset")
def register_learning():
    from cohorts.admin_learning import LearningGroup

    return LearningGroup()


# Admin views that register their own hooks.
from cohorts import admin_attendance, admin_dashboard, admin_scheduler  # noqa: E402, F401
