"""A session's participants in the Wagtail admin: the sign-ups with their history, booking,
waitlisting, changing a status, inviting, lodging and cancelling the session, its notices,
and the session's attendance as a spreadsheet."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorts.admin.people import participant_chooser_viewset
from cohorts.documents.attendance_export import attendance_export
from cohorts.models import (
    BookingEvent,
    Participant,
    SessionBooking,
    SessionDay,
    TrainingSession,
)
from cohorts.permissions import (
    may_manage_sessions,
    may_mark_attendance,
    may_view_attendance,
    may_view_session,
    may_view_sessions,
)
from cohorts.selectors import notices_for_session, waitlist_position
from cohorts.services.bookings import booking_create, booking_set_status, session_invite
from cohorts.services.sessions import (
    session_assign_lodging,
    session_cancel,
)
from core.admin_views import AdminObjectView
from core.errors import DomainError

Status = SessionBooking.Status
NOTICES_SHOWN = 100


class BookingAddForm(forms.Form):
    """A participant booked or invited by hand, found with the participant chooser (a select
    would list every participant: 91,561 options at national size)."""

    participant = forms.ModelChoiceField(
        label=gettext_lazy("Participant"),
        queryset=Participant.objects.all(),
        widget=participant_chooser_viewset.widget_class(),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("As"),
        choices=[(Status.BOOKED, Status.BOOKED.label), (Status.INVITED, Status.INVITED.label)],
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Reason, if the participant has another session at the same time"),
        required=False,
        max_length=255,
    )


class BookingChangeForm(forms.Form):
    """A sign-up's next status. Nothing is preselected: the list starts with an empty
    "choose…", and the form is refused until a status is chosen (the choices include
    destructive ones such as cancelled and no-show)."""

    booking = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=gettext_lazy("New status"),
        choices=[("", gettext_lazy("Choose…")), *Status.choices],
        error_messages={"required": gettext_lazy("Choose the new status.")},
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=255)
    override_reason = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)


class SessionCancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=255)


def session_bookings_context(session):
    """Everything the session's participants page shows, in a fixed number of queries."""
    bookings = list(
        SessionBooking.objects.filter(session=session)
        .select_related("participant__unit", "lodging_room")
        .prefetch_related(
            Prefetch("events", queryset=BookingEvent.objects.select_related("by").order_by("at"))
        )
        .annotate(waitlist_position=waitlist_position())
        .order_by("participant__name")
    )
    for booking in bookings:
        booking.next_statuses = [
            (value, Status(value).label)
            for value in Status.values
            if value in SessionBooking.TRANSITIONS[Status(booking.status)]
        ]
    counts = dict.fromkeys(Status.values, 0)
    for booking in bookings:
        counts[booking.status] += 1
    return {
        "bookings": bookings,
        "counts": [(Status(value).label, counts[value]) for value in Status.values],
        "days": list(SessionDay.objects.filter(session=session).order_by("date")),
        "facilitators": list(session.facilitators.all()),
        "invited_cohorts": list(session.invited_cohorts.all()),
        "notices": list(notices_for_session(session)[:NOTICES_SHOWN]),
        "notices_shown": NOTICES_SHOWN,
    }


class SessionBookingsView(AdminObjectView):
    template_name = "cohorts/admin/session_bookings.html"
    page_title = gettext_lazy("Session participants")
    header_icon = "group"
    queryset = TrainingSession.objects.select_related("programme", "venue", "room")
    index_url_name = "cohorts_session:index"
    index_label = gettext_lazy("Sessions")
    context_object_name = "session"

    def allowed(self, user) -> bool:
        return may_view_sessions(user)

    def allowed_for(self, user, obj) -> bool:
        return may_view_session(user, obj)  # a facilitator: only the sessions he facilitates

    def get_context_data(self, **kwargs):
        user = self.request.user
        manage = may_manage_sessions(user)
        context = {
            "session": self.session,
            "may_manage": manage,
            "may_mark": may_mark_attendance(user, self.session),
            "may_see_attendance": may_view_attendance(user, self.session),
            **session_bookings_context(self.session),
        }
        if manage:
            context.setdefault("add_form", BookingAddForm(prefix="add"))
            context.setdefault("cancel_form", SessionCancelForm(prefix="cancel"))
        return super().get_context_data(**context, **kwargs)

    def post(self, request, pk):
        if not may_manage_sessions(request.user):
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "add":
                form = BookingAddForm(request.POST, prefix="add")
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(add_form=form))
                booking = booking_create(
                    session=self.session,
                    participant=form.cleaned_data["participant"],
                    status=form.cleaned_data["status"],
                    override_reason=form.cleaned_data["override_reason"],
                    by=request.user,
                )
                messages.success(
                    request,
                    _("%(name)s: %(status)s.")
                    % {"name": booking.participant.name, "status": booking.get_status_display()},
                )
            elif action == "change":
                form = BookingChangeForm(request.POST)
                if not form.is_valid():
                    for errors in form.errors.values():
                        messages.error(request, " ".join(errors))
                else:
                    booking = get_object_or_404(
                        SessionBooking, pk=form.cleaned_data["booking"], session=self.session
                    )
                    booking = booking_set_status(
                        booking=booking,
                        status=form.cleaned_data["status"],
                        note=form.cleaned_data["note"],
                        override_reason=form.cleaned_data["override_reason"],
                        by=request.user,
                    )
                    messages.success(
                        request,
                        _("%(name)s: %(status)s.")
                        % {
                            "name": booking.participant.name,
                            "status": booking.get_status_display(),
                        },
                    )
            elif action == "invite":
                count = session_invite(session=self.session, by=request.user)
                messages.success(request, _("%(count)d participant(s) invited.") % {"count": count})
            elif action == "lodging":
                result = session_assign_lodging(session=self.session, by=request.user)
                messages.success(
                    request,
                    _("%(assigned)d participant(s) given a bed; %(without_bed)d still without.")
                    % result,
                )
            elif action == "cancel":
                form = SessionCancelForm(request.POST, prefix="cancel")
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(cancel_form=form))
                count = session_cancel(
                    session=self.session, by=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    _("The session is cancelled; %(count)d booking(s) were cancelled.")
                    % {"count": count},
                )
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("cohorts_session:bookings", pk=pk)


SPREADSHEET_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def attendance_download(request, pk, file_format):
    """The session's attendance as ``presensi.csv`` or ``presensi.xlsx`` (who may see it)."""

    if file_format not in SPREADSHEET_TYPES:
        raise Http404
    session = get_object_or_404(TrainingSession, pk=pk)
    if not may_view_attendance(request.user, session):
        raise PermissionDenied
    response = HttpResponse(
        attendance_export(session=session, format=file_format),
        content_type=SPREADSHEET_TYPES[file_format],
    )
    name = slugify(session.title) or "sesi"
    response["Content-Disposition"] = f'attachment; filename="presensi-{name}.{file_format}"'
    return response
