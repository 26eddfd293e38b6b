"""Forms of the people admin: the participant form, the searches of the participant and
region choosers, and the widget that chooses several objects through a chooser."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.staticfiles import versioned_static
from wagtail.coreutils import resolve_model_string

from cohorts.selectors import participant_search_q, region_search_q
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


class _SearchForm(BaseFilterForm):
    """A chooser's search box, answered by ``search_q`` straight in the database."""

    search_q = None

    def filter(self, objects):
        objects = super().filter(objects)
        query = " ".join((self.cleaned_data.get("q") or "").split())
        if query:
            self.is_searching = True
            self.search_query = query
            objects = objects.filter(type(self).search_q(query))
        return objects


class RegionSearchForm(_SearchForm):
    """Regions by the start of their code or part of their name (``region_search_q``)."""

    q = forms.CharField(
        label=_("Name or code"),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Gambir or 31.71.01")}),
        required=False,
    )
    search_q = region_search_q


class ParticipantSearchForm(_SearchForm):
    """Participants by the start of their NIP or part of their name or email
    (``participant_search_q``)."""

    q = forms.CharField(
        label=_("Name, NIP or email"),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Santoso or 19800101")}),
        required=False,
    )
    search_q = participant_search_q


class MultipleChooser(forms.Widget):
    """Several objects chosen through a Wagtail chooser (``chooser_url_name``, opened with
    ``multiple=1`` so that its results have checkboxes): the chosen ones are listed, each
    with a Remove button, and "Add" opens the chooser again. Only the chosen objects are
    rendered, never the field's choices, so a table of 90,000 rows costs nothing here.
    ``static/js/multiple-chooser.js`` does the adding and removing."""

    template_name = "cohorts/admin/widgets/multiple_chooser.html"
    allow_multiple_selected = True

    def __init__(self, *, model, chooser_url_name, add_text, url_params=None, attrs=None):
        super().__init__(attrs)
        self.model = model
        self.chooser_url_name = chooser_url_name
        self.add_text = add_text
        self.url_params = url_params or {}

    def value_from_datadict(self, data, files, name):
        return [value for value in data.getlist(name) if value]

    def value_omitted_from_data(self, data, files, name):
        return False  # an empty list is posted as nothing: it is a value (none chosen)

    def chosen(self, value):
        pks = [str(pk) for pk in (value or []) if str(pk).isdigit()]
        if not pks:
            return []
        objects = resolve_model_string(self.model)._default_manager.filter(pk__in=pks)
        return sorted(objects, key=str)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = reverse(self.chooser_url_name)
        if self.url_params:
            url += "?" + urlencode(self.url_params)
        context["widget"].update(chosen=self.chosen(value), chooser_url=url, add_text=self.add_text)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # the project's templates, as Wagtail's choosers render theirs (the default form
        # renderer looks only in the apps' folders)
        context = self.get_context(name, value, self.build_attrs(self.attrs, attrs))
        return mark_safe(render_to_string(self.template_name, context))

    @property
    def media(self):
        return forms.Media(
            js=[versioned_static("wagtailadmin/js/chooser-modal.js"), "js/multiple-chooser.js"]
        )
