from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm

from cohorts.validators import normalize_nip, normalize_phone


class ParticipantAdminForm(WagtailAdminModelForm):
    """Accepts NIPs and phone numbers as people type them and stores them normalised."""

    # Longer than 18 so "19800101 200501 1 001" reaches clean_nip; the model checks the result.
    nip = forms.CharField(
        label=_("NIP"),
        max_length=40,
        help_text=_("18 digits; spaces and dots are removed."),
    )

    def clean_nip(self):
        return normalize_nip(self.cleaned_data["nip"])

    def clean_phone(self):
        return normalize_phone(self.cleaned_data.get("phone"))

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()


class RegionSearchForm(BaseFilterForm):
    """Chooser search over names and official codes, straight in the database."""

    q = forms.CharField(
        label=_("Name or code"),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Gambir or 31.71.01")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(Q(name__icontains=query) | Q(code__startswith=query))
        return objects
