"""Site URLs of certificates; included at the site root in lms/urls.py."""

from django.urls import path

from lms import certificate_views as views

app_name = "certificates"

urlpatterns = [
    path("sertifikat/", views.certificate_list, name="list"),
    path("sertifikat/<int:pk>/unduh/", views.certificate_download, name="download"),
    path("verifikasi/", views.verify_form, name="verify_form"),
    path("verifikasi/<str:code>/", views.verify, name="verify"),
]
