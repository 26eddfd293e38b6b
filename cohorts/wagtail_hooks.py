"""Registers the cohorts app's admin: People (participants, regions, roster import), the region
and participant choosers, Training (sessions, scheduling assistant, cohorts, themes, venues),
attendance pages and the organiser dashboard. The screens themselves live in ``cohorts/admin/``."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cohorts.admin import attendance
from cohorts.admin.dashboard import (
    DashboardMenuItem,
    OrganiserDashboardView,
    UpcomingSessionsPanel,
)
from cohorts.admin.menu import TrainingGroup
from cohorts.admin.people import (
    PeopleGroup,
    participant_chooser_viewset,
    region_chooser_viewset,
)
from cohorts.admin.scheduling import SchedulerViewSet
from cohorts.permissions import admin_permission_policies, may_see_dashboard

# Before the viewsets register: Wagtail would otherwise make a plain model policy for each.
for model, policy in admin_permission_policies():
    register_permission_policy(model, policy)


@hooks.register("register_admin_viewset")
def register_people():
    return PeopleGroup()


@hooks.register("register_admin_viewset")
def register_region_chooser():
    return region_chooser_viewset


@hooks.register("register_admin_viewset")
def register_participant_chooser():
    return participant_chooser_viewset


@hooks.register("register_admin_viewset")
def register_training():
    return TrainingGroup()


@hooks.register("register_admin_viewset")
def register_scheduler():
    return SchedulerViewSet()


@hooks.register("register_admin_urls")
def register_attendance_urls():
    return [path("presensi/", include((attendance.urlpatterns, "cohorts_attendance")))]


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
