"""Themes and venues (with their classrooms and lodging rooms) in the Wagtail admin. Every
form saves through its service and every deletion goes through one that refuses what is in
use (``cohorts/services/themes.py``, ``cohorts/services/venues.py``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import DeleteView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from cohorts.models import (
    Room,
    Theme,
    Venue,
)
from cohorts.services.themes import theme_delete, theme_save
from cohorts.services.venues import venue_check, venue_delete, venue_save
from core.admin_columns import ValueColumn
from core.errors import DomainError


class ServiceDeleteView(DeleteView):
    """Deletes through ``delete_service(instance)``, logged in Wagtail's history as its own
    delete action would be; a refusal (DomainError) goes back to the edit page with its
    reason, and nothing is deleted or logged."""

    delete_service = None

    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete", user=self.request.user)
            self.delete_service(self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            messages.error(self.request, str(error))
            return redirect(self.edit_url_name, self.object.pk)


class ThemeForm(WagtailAdminModelForm):
    def save(self, commit=True):
        theme = super().save(commit=False)
        return theme_save(theme=theme) if commit else theme


class ThemeDeleteView(ServiceDeleteView):
    @staticmethod
    def delete_service(theme):
        theme_delete(theme=theme)


class VenueForm(WagtailAdminModelForm):
    """Checks the rooms as they will be saved against the venue's sessions (``venue_check``)
    and saves the venue with its rooms through ``venue_save``."""

    def _rooms(self):
        formset = self.formsets.get("rooms")
        if formset is None or not formset.is_valid():
            return None
        return [
            Room(
                pk=form.instance.pk,
                name=form.cleaned_data.get("name", ""),
                kind=form.cleaned_data.get("kind", Room.Kind.CLASSROOM),
                capacity=form.cleaned_data.get("capacity") or 0,
                beds=form.cleaned_data.get("beds") or 0,
            )
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        cleaned = super().clean()
        rooms = self._rooms()
        if rooms is not None and not self.errors:
            try:
                venue_check(venue=self.instance, rooms=rooms)
            except DomainError as error:
                raise ValidationError(str(error)) from None
        return cleaned

    def save(self, commit=True):
        venue = super().save(commit=False)  # the rooms as submitted, in memory
        return venue_save(venue=venue) if commit else venue


class VenueDeleteView(ServiceDeleteView):
    @staticmethod
    def delete_service(venue):
        venue_delete(venue=venue)


class ThemeViewSet(ModelViewSet):
    model = Theme
    icon = "tag"
    menu_order = 40
    menu_label = gettext_lazy("Themes")
    url_prefix = "tema"
    url_namespace = "cohorts_theme"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False
    delete_view_class = ThemeDeleteView
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("description"),
            FieldPanel("sort_order"),
        ],
        base_form_class=ThemeForm,
    )


class VenueIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("region")
            .annotate(
                seats=Sum("rooms__capacity", filter=Q(rooms__kind=Room.Kind.CLASSROOM)),
                beds=Sum("rooms__beds", filter=Q(rooms__kind=Room.Kind.LODGING)),
                room_count=Count("rooms"),
            )
        )


class VenueViewSet(ModelViewSet):
    model = Venue
    icon = "home"
    menu_order = 50
    menu_label = gettext_lazy("Venues")
    url_prefix = "tempat-pelatihan"
    url_namespace = "cohorts_venue"
    index_view_class = VenueIndexView
    list_display = [
        "name",
        ValueColumn.of(Venue, "region"),
        Column("room_count", label=gettext_lazy("Rooms")),
        ValueColumn("seats", label=gettext_lazy("Classroom seats")),
        ValueColumn("beds", label=gettext_lazy("Beds")),
    ]
    search_fields = ["name", "address"]
    search_backend_name = None
    copy_view_enabled = False
    delete_view_class = VenueDeleteView
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("address"),
            FieldPanel("region"),
            FieldPanel("phone"),
            FieldPanel("notes"),
            InlinePanel(
                "rooms",
                heading=gettext_lazy("Rooms"),
                label=gettext_lazy("Room"),
                panels=[
                    FieldRowPanel(
                        [
                            FieldPanel("name"),
                            FieldPanel("kind"),
                            FieldPanel("capacity"),
                            FieldPanel("beds"),
                        ]
                    )
                ],
            ),
        ],
        base_form_class=VenueForm,
    )
