"""Registers the lms app's admin (``lms/admin/``) and its part in serving learning pages:
modules and lessons are refused to whoever may not open them, and the pages of the content
tree get the reader's progress; visioning materials likewise (their audience, the reader's
acknowledgement), with the audience fields of their editor and a Pimpinan's explorer."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks

from cms.models import PAGE_CONTEXT_HOOK, LessonPage, ModulePage, ProgrammePage
from cms.visioning import VISIONING_FORM_HOOK, VisioningIndexPage, VisioningMaterialPage
from cohorts.admin.cohorts import COHORT_LISTING_HOOK
from cohorts.admin.people import PARTICIPANT_LISTING_HOOK
from lms.admin import accounts, site
from lms.admin import visioning as visioning_admin
from lms.admin.certificates import CertificateViewSet
from lms.admin.learning import (
    CohortProgressButton,
    CohortProgressView,
    EnrolmentViewSet,
    TestAttemptViewSet,
)
from lms.admin.practices import PracticePostViewSet
from lms.permissions import visioning_pages_visible_to
from lms.selectors.learning import lesson_context, module_context, programme_context
from lms.selectors.visioning import visioning_page_context
from lms.views.learning import guard_learning_page
from lms.views.visioning import guard_visioning_page


@hooks.register("before_serve_page")
def refuse_learning_page(page, request, serve_args, serve_kwargs):
    if isinstance(page, (ModulePage, LessonPage)):
        return guard_learning_page(request, page)
    if isinstance(page, (VisioningIndexPage, VisioningMaterialPage)):
        return guard_visioning_page(request, page)
    return None


@hooks.register(PAGE_CONTEXT_HOOK)
def learner_context(page, request):
    if isinstance(page, LessonPage):
        progress = getattr(request, "selaras_module_progress", None)
        return lesson_context(lesson=page, user=request.user, progress=progress)
    if isinstance(page, ModulePage):
        return module_context(module=page, user=request.user)
    if isinstance(page, ProgrammePage):
        return programme_context(programme=page, user=request.user)
    if isinstance(page, (VisioningIndexPage, VisioningMaterialPage)):
        return visioning_page_context(page=page, user=request.user)
    return {}


hooks.register("insert_global_admin_css", site.admin_css)
hooks.register("construct_reports_menu", site.reports_menu)
hooks.register("construct_help_menu", site.help_menu)


@hooks.register("register_admin_viewset")
def register_certificates():
    return CertificateViewSet()


@hooks.register("register_admin_viewset")
def register_practices():
    return PracticePostViewSet()


@hooks.register("register_admin_viewset")
def register_enrolments():
    return EnrolmentViewSet()


@hooks.register("register_admin_viewset")
def register_test_results():
    return TestAttemptViewSet()


@hooks.register("register_admin_urls")
def register_learning_urls():
    return [
        path(
            "progres-angkatan/<int:pk>/", CohortProgressView.as_view(), name="lms_cohort_progress"
        ),
        path("undang-peserta/", include((accounts.urlpatterns, "lms_invitation"))),
    ]


@hooks.register(PARTICIPANT_LISTING_HOOK)
def participant_accounts():
    return accounts.ParticipantAccounts()


@hooks.register(COHORT_LISTING_HOOK)
def cohort_progress_button():
    return CohortProgressButton()


@hooks.register("register_admin_viewset")
def register_visioning_responses():
    return visioning_admin.VisioningAcknowledgementViewSet()


hooks.register(VISIONING_FORM_HOOK, visioning_admin.material_form_audience)


@hooks.register("register_admin_urls")
def register_visioning_alignment_url():
    return [
        path(
            "keselarasan-visioning/",
            visioning_admin.AlignmentView.as_view(),
            name="lms_visioning_alignment",
        ),
        path(
            "keselarasan-visioning/<int:pk>/ingatkan/",
            visioning_admin.AlignmentRemindView.as_view(),
            name="lms_visioning_remind",
        ),
        path(
            "keselarasan-visioning/<int:pk>/ekspor/",
            visioning_admin.AlignmentExportView.as_view(),
            name="lms_visioning_export",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_visioning_alignment_menu_item():
    return visioning_admin.AlignmentMenuItem(
        gettext_lazy("Visioning alignment"),
        reverse("lms_visioning_alignment"),
        icon_name="view",
        order=185,
    )


@hooks.register("construct_explorer_page_queryset")
def visioning_explorer(parent_page, pages, request):
    if issubclass(parent_page.specific_class or type(parent_page), VisioningIndexPage):
        return visioning_pages_visible_to(request.user, pages)
    return pages
