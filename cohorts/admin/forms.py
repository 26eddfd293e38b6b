"""Forms of the people admin: the participant form and the region chooser's search."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm

from cohorts.services.participants import (
    participant_clean_fields,
    participant_save,
    participant_unique_check,
)


class ParticipantAdminForm(WagtailAdminModelForm):
    """Accepts NIPs and phone numbers as people type them; cleans every field exactly as the
    roster import does (``participant_clean_fields``) and saves through ``participant_save``."""

    # Longer than 18 so "19800101 200501 1 001" reaches the cleaning; the result is checked.
    nip = forms.CharField(
        label=_("NIP"),
        max_length=40,
        help_text=_("18 digits; spaces and dots are removed."),
    )

    def clean(self):
        cleaned = super().clean()
        try:
            fields = participant_clean_fields(
                nip=cleaned.get("nip", ""),
                name=cleaned.get("name", ""),
                position=cleaned.get("position", ""),
                unit=cleaned.get("unit"),
                grade=cleaned.get("grade", ""),
                email=cleaned.get("email", ""),
                phone=cleaned.get("phone", ""),
            )
            participant_unique_check(
                participant=self.instance, nip=fields["nip"], email=fields["email"]
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, messages)
            return self.cleaned_data
        cleaned.update(fields)
        return cleaned

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        participant = self.instance  # the cleaned values are on it already
        return participant_save(
            participant=participant,
            nip=participant.nip,
            name=participant.name,
            position=participant.position,
            unit=participant.unit if participant.unit_id else None,
            grade=participant.grade,
            email=participant.email,
            phone=participant.phone,
            theme=participant.theme,
        )


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
