from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, reverse_lazy
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms import views

lms_patterns = (
    [
        path("dasbor/", views.dashboard, name="dashboard"),
        path("undangan/<str:token>/", views.invitation_accept, name="invitation_accept"),
        path(
            "belajar/materi/<int:page_id>/selesai/", views.lesson_complete, name="lesson_complete"
        ),
        path(
            "belajar/materi/<int:page_id>/refleksi/<str:block_id>/",
            views.reflection_save,
            name="reflection_save",
        ),
        path(
            "belajar/modul/<int:page_id>/tes/<str:kind>/mulai/",
            views.test_start,
            name="test_start",
        ),
        path("belajar/tes/<int:attempt_id>/", views.attempt, name="attempt"),
        path("belajar/tes/<int:attempt_id>/hasil/", views.attempt_result, name="attempt_result"),
    ],
    "lms",
)

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    # The admin signs in through allauth too, so rate limits and two-factor apply there.
    path(
        "admin/login/",
        RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True),
        name="admin_login_redirect",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("akun/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("dokumen/", include(wagtaildocs_urls)),
    path("", include(lms_patterns)),
    path("", include("lms.certificate_urls")),
    path("", include("cohorts.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
