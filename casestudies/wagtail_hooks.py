"""Registers the case studies' admin: the review list and page, the photo categories, "my
reviews" with the rubric form, "my panels" with the presentation rubric. The screens
themselves live in ``casestudies/admin/``."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from casestudies.admin import presentations, scoring
from casestudies.admin.menu import CaseStudiesGroup
from casestudies.models import CaseStudy, RubricCriterion
from core.permission_policies import NoDeletePermissionPolicy

# Before the viewsets register: case studies (their history is the record) and rubric criteria
# (scores point at them) are never deleted.
register_permission_policy(CaseStudy, NoDeletePermissionPolicy(CaseStudy))
register_permission_policy(RubricCriterion, NoDeletePermissionPolicy(RubricCriterion))


@hooks.register("register_admin_viewset")
def register_case_studies():
    return CaseStudiesGroup()


@hooks.register("register_admin_urls")
def register_review_urls():
    return [
        path("penilaian-studi-kasus/", include((scoring.urlpatterns, "casestudies_review"))),
        path(
            "panel-presentasi/",
            include((presentations.panel_urlpatterns, "casestudies_panel")),
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_my_reviews_menu_item():
    return scoring.my_reviews_menu_item()


@hooks.register("register_admin_menu_item")
def register_my_panels_menu_item():
    return presentations.my_panels_menu_item()
