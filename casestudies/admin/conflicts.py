"""Conflicts of interest in the Wagtail admin, for organisers: the list of declared relations
(reviewer × participant, the kind, the dates, who declared it, whether it is pinned), declaring
one, pinning it, removing an unpinned one. Saved and removed through
``casestudies.services.reviews``; there is no edit view (a relation is removed and declared
again, so the record of who declared what stays true). Derived conflicts (same kecamatan or
kota, the chain of command between units) are computed, not listed here: the review page
shows them beside each candidate."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.log_actions import log

from casestudies.models import ConflictOfInterest
from casestudies.permissions import may_manage_conflicts, may_remove_conflict
from casestudies.selectors import conflict_list, reviewers
from casestudies.services.reviews import conflict_declare, conflict_pin, conflict_remove
from core.admin_views import NoEditViewURLFinderMixin
from core.errors import DomainError


class PinnedColumn(Column):
    def get_value(self, instance):
        if not instance.pinned:
            return "—"
        by = instance.pinned_by
        return _("pinned by %(name)s") % {"name": (by.get_full_name() or by.email) if by else "—"}


class DeclaredByColumn(Column):
    def get_value(self, instance):
        by = instance.declared_by
        return (by.get_full_name() or by.email) if by else "—"


class ConflictIndexView(IndexView):
    def get_base_queryset(self):
        return conflict_list()

    def get_edit_url(self, instance):
        return None

    def get_list_more_buttons(self, instance):
        return []

    def get_list_buttons(self, instance):
        buttons = []
        if not instance.pinned and may_manage_conflicts(self.request.user):
            buttons.append(
                ListingButton(
                    _("Pin"),
                    url=reverse("casestudies_conflict:pin", args=[instance.pk]),
                    icon_name="pick",
                    priority=10,
                )
            )
        if may_remove_conflict(self.request.user, instance):
            buttons.append(
                ListingButton(
                    _("Remove"),
                    url=reverse("casestudies_conflict:delete", args=[instance.pk]),
                    icon_name="bin",
                    priority=20,
                )
            )
        return buttons


class ConflictForm(WagtailAdminModelForm):
    reviewer = forms.ModelChoiceField(label=gettext_lazy("Reviewer"), queryset=reviewers())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers().order_by("first_name", "email")

    class Meta:
        model = ConflictOfInterest
        fields = ["reviewer", "participant", "kind", "valid_from", "valid_to", "reason"]


class ConflictCreateView(CreateView):
    def get_success_buttons(self):
        return []

    def get_success_url(self):
        return reverse("casestudies_conflict:index")

    def save_instance(self):
        data = self.form.cleaned_data
        return conflict_declare(
            reviewer=data["reviewer"],
            participant=data["participant"],
            kind=data["kind"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            reason=data["reason"],
            by=self.request.user,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)


class ConflictDeleteView(DeleteView):
    def delete_action(self):
        with transaction.atomic():
            log(instance=self.object, action="wagtail.delete", user=self.request.user)
            conflict_remove(conflict=self.object, by=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except DomainError as error:
            messages.error(self.request, str(error))
            return redirect("casestudies_conflict:index")


class ConflictPinView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm (GET) and pin (POST) one conflict."""

    template_name = "casestudies/admin/conflict_pin.html"
    page_title = gettext_lazy("Pin the conflict")
    header_icon = "pick"

    def dispatch(self, request, pk):
        if not may_manage_conflicts(request.user):
            raise PermissionDenied
        self.conflict = get_object_or_404(conflict_list(), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.conflict)

    def get_context_data(self, **kwargs):
        return super().get_context_data(conflict=self.conflict, **kwargs)

    def post(self, request, pk):
        try:
            conflict_pin(conflict=self.conflict, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Conflict pinned: nobody can remove it now."))
        return redirect("casestudies_conflict:index")


class ConflictViewSet(NoEditViewURLFinderMixin, ModelViewSet):
    model = ConflictOfInterest
    icon = "warning"
    menu_label = gettext_lazy("Conflicts of interest")
    menu_order = 40
    url_prefix = "konflik-kepentingan"
    url_namespace = "casestudies_conflict"
    index_view_class = ConflictIndexView
    add_view_class = ConflictCreateView
    delete_view_class = ConflictDeleteView
    list_display = [
        Column("reviewer", label=gettext_lazy("Reviewer"), accessor="reviewer"),
        Column("participant", label=gettext_lazy("Participant"), accessor="participant"),
        Column("kind", label=gettext_lazy("Relation"), accessor="get_kind_display"),
        Column("valid_from", label=gettext_lazy("From")),
        Column("valid_to", label=gettext_lazy("To")),
        DeclaredByColumn("declared_by", label=gettext_lazy("Declared by")),
        PinnedColumn("pinned", label=gettext_lazy("Pinned")),
    ]
    list_filter = ["kind"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("reviewer"),
            FieldPanel("participant"),
            FieldPanel("kind"),
            FieldPanel("valid_from"),
            FieldPanel("valid_to"),
            FieldPanel("reason"),
        ],
        base_form_class=ConflictForm,
    )

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"edit_url_name": None, "usage_url_name": None, "history_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("add/", self.add_view, name="add"),
            path("<int:pk>/delete/", self.delete_view, name="delete"),
            path("<int:pk>/pin/", ConflictPinView.as_view(), name="pin"),
        ]
