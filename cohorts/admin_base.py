"""What the organiser's admin pages about one object share."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class AdminObjectView(WagtailAdminTemplateMixin, TemplateView):
    """An admin page about one object of ``queryset``: refused without ``permission``, the
    object's name as subtitle, and breadcrumbs through the listing it belongs to. The object
    is ``self.object`` (and ``self.<context_object_name>``)."""

    permission = ""
    queryset = None
    index_url_name = ""
    index_label = ""
    context_object_name = "object"

    def dispatch(self, request, pk):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        self.object = get_object_or_404(self.queryset.all(), pk=pk)
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
