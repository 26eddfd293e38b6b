"""Site URLs of the face-to-face side; included at the site root in lms/urls.py."""

from django.urls import path

from cohorts.views import booking_ics, checkin

app_name = "cohorts"

urlpatterns = [
    path("presensi/<int:day_pk>/<str:token>/", checkin, name="checkin"),
    path("sesi/pendaftaran/<int:booking_id>/kalender.ics", booking_ics, name="booking_ics"),
]
