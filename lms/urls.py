"""The site's URLs: the admin (signing in through allauth), accounts, the learning engine,
certificates, the face-to-face side's own pages, health checks, then Wagtail's page tree."""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.views import accounts, certificates, dashboard, learning, practices, site, visioning

lms_patterns = (
    [
        path("dasbor/", dashboard.dashboard, name="dashboard"),
        path("undangan/<str:token>/", accounts.invitation_accept, name="invitation_accept"),
        path(
            "belajar/materi/<int:page_id>/selesai/",
            learning.lesson_complete,
            name="lesson_complete",
        ),
        path(
            "belajar/materi/<int:page_id>/refleksi/<str:block_id>/",
            learning.reflection_save,
            name="reflection_save",
        ),
        path(
            "belajar/modul/<int:page_id>/tes/<str:kind>/mulai/",
            learning.test_start,
            name="test_start",
        ),
        path("belajar/tes/<int:attempt_id>/", learning.attempt, name="attempt"),
        path("belajar/tes/<int:attempt_id>/hasil/", learning.attempt_result, name="attempt_result"),
        path(
            "materi-visioning/<int:page_id>/tanggapan/",
            visioning.acknowledge,
            name="visioning_acknowledge",
        ),
        path(
            "materi-visioning/<int:page_id>/paparan/", visioning.paparan, name="visioning_paparan"
        ),
        path("praktik/", practices.practice_list, name="practice_list"),
        path("praktik/saya/", practices.practice_mine, name="practice_mine"),
        path("praktik/baru/", practices.practice_create, name="practice_create"),
        path("praktik/<int:pk>/", practices.practice_detail, name="practice_detail"),
        path("praktik/<int:pk>/ubah/", practices.practice_edit, name="practice_edit"),
        path("praktik/<int:pk>/moderasi/", practices.practice_moderate, name="practice_moderate"),
        path("praktik/<int:pk>/unggulan/", practices.practice_feature, name="practice_feature"),
        path(
            "praktik/foto/<int:pk>/asli/",
            practices.practice_photo_original,
            name="practice_photo_original",
        ),
        path("praktik/foto/<int:pk>/<str:size>/", practices.practice_photo, name="practice_photo"),
    ],
    "lms",
)

certificate_patterns = (
    [
        path("sertifikat/", certificates.certificate_list, name="list"),
        path("sertifikat/<int:pk>/unduh/", certificates.certificate_download, name="download"),
        path("verifikasi/", certificates.verify_form, name="verify_form"),
        path("verifikasi/<str:code>/", certificates.verify, name="verify"),
    ],
    "certificates",
)

urlpatterns = [
    path("healthz/", site.healthz, name="healthz"),
    path("readyz/", site.readyz, name="readyz"),
    # The admin signs in through allauth too, so rate limits and two-factor apply there;
    # a signed-in person without admin access gets a 403 page there instead of a loop.
    path("admin/login/", accounts.admin_login, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("akun/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("dokumen/", include(wagtaildocs_urls)),
    path("", include(lms_patterns)),
    path("", include(certificate_patterns)),
    path("", include("cohorts.urls")),
    path("", include("casestudies.urls")),
]

if settings.DEBUG:
    # Wagtail's public images and documents; private files are never under MEDIA_ROOT.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns.append(path("", include(wagtail_urls)))
