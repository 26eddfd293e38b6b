"""The face-to-face side on the site: a participant's own QR check-in and the calendar file of
one of his sessions."""

import datetime

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cohorts.documents.calendar import session_ics
from cohorts.models import Attendance, SessionBooking, SessionDay
from cohorts.selectors import participant_get_for_user
from cohorts.services.checkin import attendance_check_in, checkin_check, checkin_code_check
from core.errors import DomainError

SCAN_KEY = "selaras_checkin_scans"


SCAN_TTL = datetime.timedelta(minutes=15)


def _remember_scan(request, day, token, at):
    """Keep the time a valid code was opened, for this day only (the latest one)."""
    try:
        checkin_code_check(day=day, token=token, at=at)
    except DomainError:
        return
    scans = request.session.get(SCAN_KEY, {})
    scans[str(day.pk)] = {"token": token, "at": at.isoformat()}
    request.session[SCAN_KEY] = scans


def _scan_time(request, day, token, now):
    """When this very code was first opened in this browser, if that is recent."""
    scan = request.session.get(SCAN_KEY, {}).get(str(day.pk))
    if not scan or scan.get("token") != token:
        return None
    try:
        at = datetime.datetime.fromisoformat(scan["at"])
    except (KeyError, TypeError, ValueError):
        return None
    return at if at <= now <= at + SCAN_TTL else None


def _refuse(request, day, message, status=400):
    return render(
        request,
        "cohorts/checkin_refused.html",
        {"day": day, "session": day.session, "error": message},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def checkin(request, day_pk, token):
    day = get_object_or_404(
        SessionDay.objects.select_related("session__venue", "session__room"), pk=day_pk
    )
    now = timezone.now()
    if not request.user.is_authenticated:
        _remember_scan(request, day, token, now)
        return redirect_to_login(request.get_full_path())
    participant = participant_get_for_user(request.user)
    if participant is None:
        return _refuse(
            request,
            day,
            _("Your account is not a participant's account, so it cannot check in."),
            status=403,
        )
    at = _scan_time(request, day, token, now) or now
    context = {"day": day, "session": day.session, "participant": participant}
    if request.method == "POST":
        try:
            result = attendance_check_in(day=day, participant=participant, token=token, at=at)
        except DomainError as error:
            return _refuse(request, day, str(error))
        request.session.get(SCAN_KEY, {}).pop(str(day.pk), None)
        request.session.modified = True
        return render(
            request,
            "cohorts/checkin_result.html",
            {**context, "attendance": result.attendance, "created": result.created},
        )
    try:
        checkin_check(day=day, participant=participant, token=token, at=at)
    except DomainError as error:
        return _refuse(request, day, str(error))
    if at == now:
        _remember_scan(request, day, token, now)
    existing = Attendance.objects.filter(day=day, participant=participant).first()
    return render(
        request, "cohorts/checkin_confirm.html", {**context, "existing": existing, "token": token}
    )


Status = SessionBooking.Status


@never_cache
@login_required
def booking_ics(request, booking_id):
    """The calendar file of one of the signed-in participant's own bookings; 404 for anyone
    else's (no hint that it exists)."""
    booking = get_object_or_404(
        SessionBooking.objects.select_related(
            "session__venue", "session__room", "session__programme", "lodging_room", "participant"
        ),
        pk=booking_id,
        participant__user=request.user,
    )
    ics = session_ics(
        session=booking.session, booking=booking, cancel=booking.status == Status.CANCELLED
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sesi-{booking.session_id}.ics"'
    return response
