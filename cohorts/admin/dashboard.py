"""The organiser's dashboard (Dasbor penyelenggara) in the Wagtail admin: sessions coming up,
seats and waitlists, attendance per session and cohort, participants not yet scheduled."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.models import ProgrammePage
from cohorts.models import SessionBooking, TrainingSession
from cohorts.permissions import may_see_dashboard, sessions_visible_to
from cohorts.selectors import UNSCHEDULED_SHOWN, organiser_dashboard_get


class OrganiserDashboardView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cohorts/admin/organiser_dashboard.html"
    page_title = gettext_lazy("Organiser dashboard")
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_dashboard(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        programmes = ProgrammePage.objects.live()
        programme = None
        chosen = self.request.GET.get("pelatihan", "")
        if chosen.isdigit():
            programme = programmes.filter(pk=int(chosen)).first()
        return super().get_context_data(
            dashboard=organiser_dashboard_get(programme=programme),
            may_schedule=self.request.user.has_perm("cohorts.add_scheduleproposal"),
            unscheduled_shown=UNSCHEDULED_SHOWN,
            **kwargs,
        )


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_dashboard(request.user)


class UpcomingSessionsPanel(Component):
    """The next sessions on the Wagtail admin home page, for those who may see them."""

    name = "selaras_upcoming_sessions"
    template_name = "cohorts/admin/upcoming_sessions_panel.html"
    order = 90

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        now = timezone.now()
        sessions = (
            sessions_visible_to(  # a facilitator's home shows his own sessions
                self.request.user,
                TrainingSession.objects.filter(
                    status=TrainingSession.Status.SCHEDULED,
                    starts_at__gte=now,
                    starts_at__lte=now + datetime.timedelta(days=60),
                ),
            )
            .select_related("venue")
            .annotate(
                waitlist_count=Count(
                    "bookings", filter=Q(bookings__status=SessionBooking.Status.WAITLISTED)
                )
            )
            .order_by("starts_at")[:5]
        )
        return {"sessions": list(sessions), "dashboard_url": reverse("cohorts_dashboard")}
