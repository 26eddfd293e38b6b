"""The roles' weights in the final score (penguji, coach, mentor; percent summing to 100), in
the Wagtail admin for organisers; saved through ``review_weights_save``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from casestudies.permissions import may_edit_review_weights
from casestudies.selectors import review_weights_get
from casestudies.services.reviews import review_weights_save


def _percent(label):
    return forms.IntegerField(label=label, min_value=0, max_value=100)


class WeightsForm(forms.Form):
    penguji = _percent(gettext_lazy("Examiner (penguji) %"))
    coach = _percent(gettext_lazy("Coach %"))
    mentor = _percent(gettext_lazy("Mentor %"))


class WeightsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "casestudies/admin/weights.html"
    page_title = gettext_lazy("Weights of the reviewers' roles")
    header_icon = "cogs"

    def dispatch(self, request, *args, **kwargs):
        if not may_edit_review_weights(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        weights = review_weights_get()
        kwargs.setdefault("form", WeightsForm(initial=weights.as_dict()))
        return super().get_context_data(weights=weights, **kwargs)

    def post(self, request):
        form = WeightsForm(request.POST)
        if form.is_valid():
            try:
                review_weights_save(**form.cleaned_data, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Weights saved."))
                return redirect("casestudies_weights:edit")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class WeightsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_edit_review_weights(request.user)


class WeightsViewSet(ViewSet):
    name = "casestudies_weights"
    url_prefix = "bobot-penilaian"
    icon = "cogs"
    menu_label = gettext_lazy("Weights of the roles")
    menu_order = 45
    menu_item_class = WeightsMenuItem

    def get_urlpatterns(self):
        return [path("", WeightsView.as_view(), name="edit")]
