"""The site's forms for authors: a case study's text, its paper, a photo, a conflict of
interest with a facilitator."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casestudies.models import CaseStudy, ConflictOfInterest, PhotoCategory
from cohorts.models import Cohort, Theme

ALONE = ""
PAPER_ACCEPT = (
    ".pdf,.docx,application/pdf,"
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
PHOTO_ACCEPT = "image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CaseStudyForm(forms.ModelForm):
    """The text of a case study. Creating one also asks its kind and who writes it: alone or
    with one of the author's groups (``groups``)."""

    group = forms.ChoiceField(label=_("Written by"), required=False)

    class Meta:
        model = CaseStudy
        fields = ["kind", "title", "theme", "summary", "visit_place", "visit_starts", "visit_ends"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "visit_starts": DateInput(),
            "visit_ends": DateInput(),
        }
        help_texts = {
            "theme": _("Required for thematic group work."),
            "visit_starts": _("For a study-visit paper: the first day of the visit."),
        }

    def __init__(self, *args, groups=(), creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.order_by("sort_order", "name")
        self.groups = {str(group.pk): group for group in groups}
        if creating:
            self.fields["group"].choices = [
                (ALONE, _("Me alone")),
                *(
                    (pk, _("My group: %(name)s") % {"name": group.name})
                    for pk, group in self.groups.items()
                ),
            ]
        else:
            del self.fields["kind"]
            del self.fields["group"]

    def clean_group(self) -> Cohort | None:
        value = self.cleaned_data.get("group") or ALONE
        if value == ALONE:
            return None
        if value not in self.groups:
            raise forms.ValidationError(_("Choose one of your groups."))
        return self.groups[value]


class PaperForm(forms.Form):
    paper = forms.FileField(
        label=_("Paper (PDF or DOCX)"),
        widget=forms.ClearableFileInput(attrs={"accept": PAPER_ACCEPT}),
    )


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG, WebP or HEIC, straight from your phone's camera or gallery."),
        widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}),
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=PhotoCategory.objects.none())
    caption = forms.CharField(label=_("Caption"), max_length=500)
    latitude = forms.FloatField(
        required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Note to the reviewers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CollectionFilterForm(forms.Form):
    """The digital collection's filters (GET): all optional; an unknown value is ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    cohort = forms.ModelChoiceField(
        label=_("Cohort"), queryset=Cohort.objects.none(), required=False, empty_label=_("All")
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("All")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    category = forms.ModelChoiceField(
        label=_("Photo category"),
        queryset=PhotoCategory.objects.none(),
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, data=None, *, cohorts, themes, categories, fields=None):
        super().__init__(data)
        self.fields["cohort"].queryset = cohorts
        self.fields["theme"].queryset = themes
        self.fields["category"].queryset = categories
        self.fields["kind"].choices = [("", _("All")), *CaseStudy.Kind.choices]
        for name in list(self.fields):
            if fields is not None and name not in fields:
                del self.fields[name]

    def filters(self) -> dict:
        """The valid filters as keyword arguments of ``collection_list``; an invalid one is
        dropped rather than refusing the page."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name) not in (None, "")}


class ConflictForm(forms.Form):
    """An author declares his own relation with a facilitator who might review him."""

    reviewer = forms.ModelChoiceField(label=_("Facilitator"), queryset=None)
    kind = forms.ChoiceField(label=_("Relation"), choices=ConflictOfInterest.Kind.choices)
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda user: (
            user.get_full_name() or user.email
        )
