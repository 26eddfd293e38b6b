"""Attendance in the Wagtail admin: the marking grid of a session day, the QR code to project
for self check-in, the CSV import of marks, and the daftar hadir / roster PDFs.

URL names (``cohorts_attendance:…``): ``grid`` and ``qr``, ``sheet_pdf`` (a day's pk);
``import`` and ``roster_pdf`` (a session's pk). Registered by the hook at the end of this
module; the session admin links to them.
"""

import re

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from cohorts.documents.attendance_sheets import render_roster, render_sheet, roster_data, sheet_data
from cohorts.models import Attendance, SessionDay, TrainingSession
from cohorts.permissions import may_mark_attendance, may_view_attendance
from cohorts.selectors import attendance_day_rows, attendance_day_summary, day_get
from cohorts.services.attendance import attendance_mark_grid, session_attendance_close
from cohorts.services.attendance_import import MAX_IMPORT_BYTES, attendance_import
from cohorts.services.checkin import checkin_is_open, checkin_token, checkin_window
from core.errors import DomainError
from core.formatting import day_label, time_label
from core.forms import SpreadsheetFileField

QR_REFRESH_SECONDS = 20
STATUS_FIELD = re.compile(r"^status-(\d+)$")


# Permissions: one predicate per question ---------------------------------------------------


def _load_day(pk) -> SessionDay:
    try:
        return day_get(pk)
    except SessionDay.DoesNotExist:
        raise Http404 from None


def _load_session(pk) -> TrainingSession:
    try:
        return TrainingSession.objects.select_related("programme", "venue", "room").get(pk=pk)
    except TrainingSession.DoesNotExist:
        raise Http404 from None


def _session_crumbs(session):
    crumbs = []
    try:
        crumbs.append({"url": reverse("cohorts_session:index"), "label": _("Sessions")})
        crumbs.append(
            {"url": reverse("cohorts_session:bookings", args=[session.pk]), "label": session.title}
        )
    except NoReverseMatch:
        crumbs.append({"url": "", "label": session.title})
    return crumbs


def checkin_url(day, token) -> str:
    """The absolute address a participant's phone opens from the QR code."""
    base = settings.SELARAS_BASE_URL.rstrip("/")
    return base + reverse("cohorts:checkin", args=[day.pk, token])


def qr_svg(payload: str) -> str:
    """The QR code of ``payload`` as an inline SVG element (one path, scales to its box)."""
    image = qrcode.make(
        payload,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    return svg[svg.find("<svg") :]


# The marking grid --------------------------------------------------------------------------


class AttendanceGridView(WagtailAdminTemplateMixin, TemplateView):
    """Every seated participant of one day, one row each, with a labelled select per row.

    Saving sends only the rows whose value changed since the page was drawn (each row
    carries the value it was shown with), so a QR check-in made meanwhile is not
    overwritten by a stale blank. "Mark all not yet marked as present" fills the blanks.
    """

    template_name = "cohorts/admin/attendance_grid.html"
    page_title = gettext_lazy("Attendance")
    header_icon = "tasks"

    def dispatch(self, request, day_pk):
        self.day = _load_day(day_pk)
        self.session = self.day.session
        if not may_mark_attendance(request.user, self.session):
            raise PermissionDenied
        return super().dispatch(request, day_pk)

    def get_page_subtitle(self):
        return f"{self.session.title} · {day_label(self.day)}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *_session_crumbs(self.session),
            {
                "url": "",
                "label": _("Attendance: %(date)s") % {"date": day_label(self.day)},
            },
        ]

    def get_context_data(self, **kwargs):
        search = self.request.GET.get("q", "").strip()
        rows = list(attendance_day_rows(day=self.day, search=search))
        return super().get_context_data(
            day=self.day,
            session=self.session,
            days=list(self.session.days.order_by("date")),
            rows=rows,
            search=search,
            statuses=Attendance.Status.choices,
            methods=dict(Attendance.Method.choices),
            summary=attendance_day_summary(day=self.day),
            checkin_open=checkin_is_open(self.day),
            cancelled=self.session.is_cancelled,
            **kwargs,
        )

    def _redirect(self):
        url = reverse("cohorts_attendance:grid", args=[self.day.pk])
        search = self.request.POST.get("q", "").strip()
        return redirect(f"{url}?{urlencode({'q': search})}" if search else url)

    def post(self, request, day_pk):
        action = request.POST.get("action", "save")
        if action == "close":
            try:
                result = session_attendance_close(session=self.session, by=request.user)
            except DomainError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Attendance closed: %(attended)d attended, %(no_show)d no-show, "
                        "%(excused)d excused, %(unchanged)d already up to date."
                    )
                    % {
                        "attended": result.attended,
                        "no_show": result.no_show,
                        "excused": result.excused,
                        "unchanged": result.unchanged,
                    },
                )
            return self._redirect()
        marks = {}
        for key, value in request.POST.items():
            match = STATUS_FIELD.match(key)
            if not match:
                continue
            participant_id = int(match[1])
            shown = request.POST.get(f"shown-{participant_id}", "")
            if action == "all_present" and not value and not shown:
                value = Attendance.Status.PRESENT
            if value != shown:
                marks[participant_id] = value
        if not marks:
            messages.info(request, _("Nothing changed."))
            return self._redirect()
        try:
            result = attendance_mark_grid(day=self.day, marks=marks, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Attendance saved: %(created)d marked, %(updated)d changed, %(cleared)d cleared.")
                % {"created": result.created, "updated": result.updated, "cleared": result.cleared},
            )
        return self._redirect()


# The QR code for the projector -------------------------------------------------------------


class AttendanceQRView(View):
    """A page for the projector: the day's current check-in code as a QR image and how many
    have checked in. It reloads itself every 20 seconds (a ``Refresh`` header, no script),
    well inside a code's life of the current and the previous step."""

    def get(self, request, day_pk):
        day = _load_day(day_pk)
        if not may_mark_attendance(request.user, day.session):
            raise PermissionDenied
        now = timezone.now()
        opens, closes = checkin_window(day)
        is_open = opens <= now <= closes and not day.session.is_cancelled
        renews = not (day.session.is_cancelled or now > closes)
        context = {
            "day": day,
            "session": day.session,
            "is_open": is_open,
            "is_over": now > closes,
            "opens": time_label(opens),
            "closes": time_label(closes),
            "summary": attendance_day_summary(day=day),
            "refresh": QR_REFRESH_SECONDS if renews else None,
            "now": now,
        }
        if is_open:
            url = checkin_url(day, checkin_token(day, now))
            context.update(checkin_url=url, qr_svg=qr_svg(url))
        response = TemplateResponse(request, "cohorts/admin/attendance_qr.html", context)
        if renews:
            response["Refresh"] = str(QR_REFRESH_SECONDS)
        response["Cache-Control"] = "no-store"
        return response


# CSV import --------------------------------------------------------------------------------


class AttendanceImportForm(forms.Form):
    file = SpreadsheetFileField(
        label=gettext_lazy("Attendance file"),
        max_bytes=MAX_IMPORT_BYTES,
        help_text=gettext_lazy(
            "CSV (comma or semicolon separated, UTF-8) or Excel workbook (.xlsx), at most 2 MB. "
            "Columns: NIP, Tanggal (dd/mm/yyyy or yyyy-mm-dd), Status (Hadir, Terlambat, Izin, "
            "Sakit, Alpa), Keterangan (optional)."
        ),
    )


class AttendanceImportView(WagtailAdminTemplateMixin, FormView):
    """Upload → every row checked; errors shown with row and column and nothing saved, or
    every mark saved at once. Synchronous: a session's roster is a few hundred rows."""

    template_name = "cohorts/admin/attendance_import.html"
    form_class = AttendanceImportForm
    page_title = gettext_lazy("Import attendance")
    header_icon = "upload"

    def dispatch(self, request, session_pk):
        self.session = _load_session(session_pk)
        if not may_mark_attendance(request.user, self.session):
            raise PermissionDenied
        return super().dispatch(request, session_pk)

    def get_page_subtitle(self):
        return self.session.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *_session_crumbs(self.session),
            {"url": "", "label": _("Import attendance")},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            session=self.session, days=list(self.session.days.order_by("date")), **kwargs
        )

    def form_valid(self, form):
        try:
            outcome = attendance_import(
                session=self.session, file=form.cleaned_data["file"], by=self.request.user
            )
        except DomainError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        if outcome.applied:
            messages.success(
                self.request,
                _(
                    "%(rows)d rows imported: %(created)d marked, %(updated)d changed, "
                    "%(unchanged)d unchanged."
                )
                % {
                    "rows": outcome.total_rows,
                    "created": outcome.result.created,
                    "updated": outcome.result.updated,
                    "unchanged": outcome.result.unchanged,
                },
            )
        return self.render_to_response(
            self.get_context_data(form=self.form_class(), outcome=outcome)
        )


# PDFs --------------------------------------------------------------------------------------


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@never_cache
def sheet_pdf(request, day_pk):
    day = _load_day(day_pk)
    if not may_view_attendance(request.user, day.session):
        raise PermissionDenied
    content = render_sheet(sheet_data(day))
    name = slugify(day.session.title) or "sesi"
    return _pdf(content, f"daftar-hadir-{name}-{day.date:%Y%m%d}.pdf")


@never_cache
def roster_pdf(request, session_pk):
    session = _load_session(session_pk)
    if not may_view_attendance(request.user, session):
        raise PermissionDenied
    content = render_roster(roster_data(session))
    return _pdf(content, f"daftar-peserta-{slugify(session.title) or 'sesi'}.pdf")


urlpatterns = [
    path("hari/<int:day_pk>/", AttendanceGridView.as_view(), name="grid"),
    path("hari/<int:day_pk>/qr/", AttendanceQRView.as_view(), name="qr"),
    path("hari/<int:day_pk>/daftar-hadir.pdf", sheet_pdf, name="sheet_pdf"),
    path("sesi/<int:session_pk>/impor/", AttendanceImportView.as_view(), name="import"),
    path("sesi/<int:session_pk>/daftar-peserta.pdf", roster_pdf, name="roster_pdf"),
]
