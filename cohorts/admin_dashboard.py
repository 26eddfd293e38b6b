"""The organiser's dashboard (Dasbor penyelenggara) in the Wagtail admin: sessions coming up,
seats and waitlists, attendance per session and cohort, participants not yet scheduled."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cms.models import ProgrammePage
from cohorts.attendance import (
    attendance_percent,
    cohort_list_with_attendance,
    session_list_with_attendance,
)
from cohorts.models import Cohort, Participant, SessionBooking, TrainingSession

SEATED = list(SessionBooking.SEATED)
UNSCHEDULED_SHOWN = 50


def may_see_dashboard(user):
    return user.has_perm("cohorts.view_trainingsession")


@dataclass
class OrganiserDashboard:
    programme: ProgrammePage | None
    programmes: list
    upcoming: list
    recent: list
    sessions: list
    cohorts: list
    seats_taken: int
    seats_total: int
    waitlisted: int
    unscheduled_count: int
    unscheduled: list
    participant_total: int

    @property
    def seats_percent(self):
        return round(100 * self.seats_taken / self.seats_total) if self.seats_total else 0


def _scope(programme):
    return Q(programme=programme) if programme else Q()


def organiser_dashboard_get(*, programme=None, now=None) -> OrganiserDashboard:
    """Figures for one programme (or all), in a fixed number of queries."""
    now = now or timezone.now()
    sessions = list(
        session_list_with_attendance(
            TrainingSession.objects.filter(_scope(programme))
            .exclude(status=TrainingSession.Status.CANCELLED)
            .select_related("venue", "room", "programme")
            .annotate(
                waitlist_count=Count(
                    "bookings", filter=Q(bookings__status=SessionBooking.Status.WAITLISTED)
                )
            )
            .order_by("starts_at", "title")
        )
    )
    for session in sessions:
        session.attendance_rate = attendance_percent(
            session.attendance_present, session.attendance_marked
        )
        session.fill_percent = (
            round(100 * session.seats_taken / session.capacity) if session.capacity else 0
        )
    cohorts = list(
        cohort_list_with_attendance(
            Cohort.objects.filter(_scope(programme))
            .select_related("theme")
            .annotate(
                member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True))
            )
            .order_by("name")
        )
    )
    for cohort in cohorts:
        cohort.attendance_rate = attendance_percent(
            cohort.attendance_present, cohort.attendance_marked
        )
    # the programme's people: its cohorts' current members and its enrolled participants
    people = Participant.objects.all()
    if programme:
        people = people.filter(
            Q(memberships__cohort__programme=programme, memberships__left_at__isnull=True)
            | Q(enrolments__programme=programme)
        ).distinct()
    seat = SessionBooking.objects.filter(
        participant=OuterRef("pk"),
        status__in=SEATED,
        session__status=TrainingSession.Status.SCHEDULED,
    )
    if programme:
        seat = seat.filter(session__programme=programme)
    unscheduled = people.filter(~Exists(seat))
    unscheduled_count = unscheduled.count()
    return OrganiserDashboard(
        programme=programme,
        programmes=list(ProgrammePage.objects.live().order_by("title")),
        upcoming=[s for s in sessions if s.starts_at and s.starts_at >= now][:10],
        recent=[s for s in sessions if s.starts_at and s.starts_at < now][-10:][::-1],
        sessions=sessions,
        cohorts=cohorts,
        seats_taken=sum(s.seats_taken for s in sessions),
        seats_total=sum(s.capacity for s in sessions),
        waitlisted=sum(s.waitlist_count for s in sessions),
        unscheduled_count=unscheduled_count,
        unscheduled=list(
            unscheduled.select_related("unit").order_by("position", "name")[:UNSCHEDULED_SHOWN]
        ),
        participant_total=people.count(),
    )


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
            TrainingSession.objects.filter(
                status=TrainingSession.Status.SCHEDULED,
                starts_at__gte=now,
                starts_at__lte=now + datetime.timedelta(days=60),
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


@hooks.register("register_admin_urls")
def register_dashboard_url():
    return [
        path("dasbor-penyelenggara/", OrganiserDashboardView.as_view(), name="cohorts_dashboard")
    ]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        gettext_lazy("Organiser dashboard"),
        reverse("cohorts_dashboard"),
        icon_name="view",
        order=180,
    )


@hooks.register("construct_homepage_panels")
def add_upcoming_sessions(request, panels):
    if may_see_dashboard(request.user):
        panels.append(UpcomingSessionsPanel(request))
