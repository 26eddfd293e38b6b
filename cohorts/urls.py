"""Site URLs of the face-to-face side; included at the site root in lms/urls.py."""

from django.urls import path

from cohorts import checkin_views, trainee

app_name = "cohorts"

urlpatterns = [
    path("presensi/<int:day_pk>/<str:token>/", checkin_views.checkin, name="checkin"),
    path("sesi/pendaftaran/<int:booking_id>/kalender.ics", trainee.booking_ics, name="booking_ics"),
]
