"""Building blocks of the Wagtail admin screens that every app uses."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.admin_url_finder import ModelAdminURLFinder, NullAdminURLFinder
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminObjectView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page about one object of ``queryset``: refused unless ``allowed(user)`` says
    yes (by default: the user has ``permission``) and then ``allowed_for(user, object)``
    does, the object's name as subtitle, and breadcrumbs through the listing it belongs to.
    The object is ``self.object`` (and ``self.<context_object_name>``)."""

    permission = ""
    queryset = None
    index_url_name = ""
    index_label = ""
    context_object_name = "object"

    def allowed(self, user) -> bool:
        return user.has_perm(self.permission)

    def allowed_for(self, user, obj) -> bool:
        """A further refusal about this one object, once it is loaded (default: none)."""
        return True

    def dispatch(self, request, pk):
        if not self.allowed(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(self.queryset.all(), pk=pk)
        if not self.allowed_for(request.user, self.object):
            raise PermissionDenied
        setattr(self, self.context_object_name, self.object)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": str(self.object)},
        ]


class ExtensibleIndexView(IndexView):
    """A listing other apps may extend without being imported by it: functions registered
    with ``@hooks.register(<listing_hook>)`` return an object with ``columns`` (a list),
    ``annotate(queryset)`` and ``buttons(instance, user)`` (a list of ``ListingButton``).
    This is how a lower app's listing shows what a higher app knows (a participant's account,
    a cohort's learning progress)."""

    listing_hook = ""

    @cached_property
    def extensions(self):
        return [fn() for fn in hooks.get_hooks(self.listing_hook)] if self.listing_hook else []

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        for extension in self.extensions:
            queryset = extension.annotate(queryset)
        return queryset

    @cached_property
    def columns(self):
        columns = list(super().columns)
        for extension in self.extensions:
            columns += extension.columns
        return columns

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        for extension in self.extensions:
            buttons[:0] = extension.buttons(instance, self.request.user)
        return buttons


class NoEditViewURLFinderMixin:
    """For a ``ModelViewSet`` without an edit view. Wagtail links an object wherever it is
    listed (a page's or a participant's "usage", a chooser) to its viewset's ``edit`` URL;
    without one that is a NoReverseMatch and a 500. Link to the inspect view instead, or
    nowhere when there is none."""

    @property
    def url_finder_class(self):
        if not self.inspect_view_enabled:
            return NullAdminURLFinder
        return type(
            "InspectURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )
