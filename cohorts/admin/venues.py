"""Themes and venues (with their classrooms and lodging rooms) in the Wagtail admin."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from cohorts.models import (
    Room,
    Theme,
    Venue,
)


class ThemeViewSet(ModelViewSet):
    model = Theme
    icon = "tag"
    menu_order = 40
    menu_label = gettext_lazy("Themes")
    url_prefix = "tema"
    url_namespace = "cohorts_theme"
    list_display = ["name", "slug", "sort_order"]
    form_fields = ["name", "slug", "description", "sort_order"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False


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
        "region",
        Column("room_count", label=gettext_lazy("Rooms")),
        Column("seats", label=gettext_lazy("Classroom seats")),
        Column("beds", label=gettext_lazy("Beds")),
    ]
    search_fields = ["name", "address"]
    search_backend_name = None
    copy_view_enabled = False
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
        ]
    )
