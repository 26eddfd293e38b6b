"""Sessions in the Wagtail admin: the list, the form with its days and clash checks, a
session's participants page (book, waitlist, change, invite, lodging, cancel) and its
attendance as a spreadsheet."""

import copy

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from cohorts.admin.bookings import SessionBookingsView, attendance_download
from cohorts.admin.forms import MultipleChooser
from cohorts.models import (
    Room,
    SessionBooking,
    TrainingSession,
)
from cohorts.permissions import (
    sessions_visible_to,
)
from cohorts.selectors import session_waitlist_count
from cohorts.services.sessions import (
    clashes_check,
    session_clashes,
    session_save,
)
from core.errors import DomainError
from core.roles import Role

Status = SessionBooking.Status


class TrainingSessionForm(WagtailAdminModelForm):
    """Checks the clashes of the session as it will be saved (its days come from the inline
    formset) and saves it through ``booking.session_save``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "facilitators" in self.fields:
            self.fields["facilitators"].queryset = (
                get_user_model()
                .objects.filter(groups__name=Role.FASILITATOR)
                .order_by("first_name", "email")
            )
        if "room" in self.fields:
            self.fields["room"].queryset = Room.objects.filter(
                kind=Room.Kind.CLASSROOM
            ).select_related("venue")

    def _days(self):
        formset = self.formsets.get("days")
        if formset is None or not formset.is_valid():
            return None
        return [
            (form.cleaned_data["date"], form.cleaned_data["starts"], form.cleaned_data["ends"])
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        cleaned = super().clean()
        venue, room = cleaned.get("venue"), cleaned.get("room")
        if venue and room and room.venue_id != venue.pk:
            self.add_error("room", _("This room belongs to %(venue)s.") % {"venue": room.venue})
            return cleaned
        days = self._days()
        if days is None or self.errors:
            return cleaned
        probe = copy.copy(self.instance)
        for name in ("venue", "room", "capacity", "overnight"):
            if name in cleaned:
                setattr(probe, name, cleaned[name])
        probe.venue_id = venue.pk if venue else None
        probe.room_id = room.pk if room else None
        clashes = session_clashes(
            session=probe, days=days, facilitators=list(cleaned.get("facilitators") or [])
        )
        try:
            clashes_check(clashes, override_reason=cleaned.get("override_reason") or "")
        except DomainError as error:
            raise ValidationError(str(error)) from None
        self.cleaned_days = days
        return cleaned

    def save(self, commit=True):
        session = super().save(commit=False)
        if not commit:
            return session
        return session_save(
            session=session,
            days=self.cleaned_days,
            facilitators=list(self.cleaned_data.get("facilitators") or []),
            override_reason=self.cleaned_data.get("override_reason") or "",
        )


class DatesColumn(Column):
    def get_value(self, instance):
        from django.utils.formats import date_format
        from django.utils.timezone import localtime

        if not instance.starts_at:
            return "—"
        start, end = localtime(instance.starts_at), localtime(instance.ends_at)
        if start.date() == end.date():
            return date_format(start, "j M Y")
        return f"{date_format(start, 'j M')}–{date_format(end, 'j M Y')}"


class SeatsColumn(Column):
    def get_value(self, instance):
        value = f"{instance.seats_taken}/{instance.capacity}"
        if instance.waitlist_count:
            value += " · " + _("%(n)d waiting") % {"n": instance.waitlist_count}
        return value


class TrainingSessionIndexView(IndexView):
    """The sessions the user may see (``sessions_visible_to``: a facilitator, his own)."""

    def get_base_queryset(self):
        return (
            sessions_visible_to(self.request.user, super().get_base_queryset())
            .select_related("programme", "venue", "room__venue")
            .annotate(waitlist_count=session_waitlist_count())
        )

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        buttons.insert(
            0,
            ListingButton(
                _("Participants"),
                url=reverse("cohorts_session:bookings", args=[instance.pk]),
                icon_name="group",
                priority=5,
            ),
        )
        return buttons


class TrainingSessionViewSet(ModelViewSet):
    """Sessions are saved through ``session_save`` (the form's save) and cancelled, never
    deleted; facilitators see only their own (``TrainingSessionPermissionPolicy``)."""

    model = TrainingSession
    icon = "date"
    menu_order = 10
    menu_label = gettext_lazy("Sessions")
    url_prefix = "sesi"
    url_namespace = "cohorts_session"
    index_view_class = TrainingSessionIndexView
    list_display = [
        "title",
        "programme",
        DatesColumn("starts_at", label=gettext_lazy("Dates"), sort_key="starts_at"),
        "venue",
        "room",
        SeatsColumn("seats", label=gettext_lazy("Seats")),
        "status",
    ]
    list_filter = ["programme", "venue", "status"]
    search_fields = ["title"]
    search_backend_name = None
    copy_view_enabled = False
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldPanel("title"),
            MultiFieldPanel(
                [
                    FieldPanel("venue"),
                    FieldPanel("room"),
                    FieldPanel("capacity"),
                    FieldPanel("overnight"),
                ],
                heading=gettext_lazy("Place and seats"),
            ),
            InlinePanel(
                "days",
                heading=gettext_lazy("Days"),
                label=gettext_lazy("Day"),
                min_num=1,
                panels=[
                    FieldRowPanel([FieldPanel("date"), FieldPanel("starts"), FieldPanel("ends")])
                ],
            ),
            FieldPanel("facilitators", widget=forms.CheckboxSelectMultiple),
            MultiFieldPanel(
                [
                    FieldPanel("invited_cohorts", widget=forms.CheckboxSelectMultiple),
                    # through the chooser: a select would list every participant (91,561
                    # options at national size)
                    FieldPanel(
                        "invited_participants",
                        widget=MultipleChooser(
                            model="cohorts.Participant",
                            chooser_url_name="participant_chooser:choose",
                            add_text=gettext_lazy("Add participants"),
                        ),
                    ),
                ],
                heading=gettext_lazy("Who is invited"),
            ),
            FieldPanel("override_reason"),
            FieldPanel("notes"),
        ],
        base_form_class=TrainingSessionForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/peserta/", SessionBookingsView.as_view(), name="bookings"),
            path("<int:pk>/presensi.<str:file_format>", attendance_download, name="attendance"),
        ]
