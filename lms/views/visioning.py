"""Visioning materials on the site: the page is refused to whoever is not in its audience
(staff review every one), its paparan is served for the page to frame, and a participant of
the audience writes, then amends until the deadline, his acknowledgement."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.documents.views.serve import serve as document_serve

from cms.visioning import VisioningMaterialPage
from cohorts.selectors import participant_get_for_user
from core.errors import DomainError
from lms.permissions import may_acknowledge, may_read_material
from lms.selectors.visioning import acknowledgement_get
from lms.services.visioning import acknowledgement_amend, acknowledgement_record


def guard_visioning_page(request, page):
    """Sign-in first; then "not found" to anyone the material is not for (a ``before_serve_page``
    hook)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if isinstance(page, VisioningMaterialPage) and not may_read_material(request.user, page):
        raise Http404
    return None


class AcknowledgementForm(forms.Form):
    """A response: how the vision applies to the unit, the key messages it answers, and one
    commitment with a date."""

    application = forms.CharField(
        label=gettext_lazy("How does this vision apply to your unit?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    key_message_ids = forms.MultipleChoiceField(
        label=gettext_lazy("Which key messages does your response answer?"),
        widget=forms.CheckboxSelectMultiple,
    )
    commitment = forms.CharField(
        label=gettext_lazy("One commitment of yours"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    commitment_date = forms.DateField(
        label=gettext_lazy("By when"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, material, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key_message_ids"].choices = [
            (block_id, title) for block_id, title, _text in material.key_message_list
        ]


def _material_or_404(request, page_id):
    material = get_object_or_404(VisioningMaterialPage.objects.live(), pk=page_id)
    if not may_read_material(request.user, material):
        raise Http404
    return material


@login_required
@require_http_methods(["GET", "POST"])
def acknowledge(request, page_id):
    """Write (or amend) one's acknowledgement of a material's current version."""
    material = _material_or_404(request, page_id)
    if not may_acknowledge(request.user, material):
        raise Http404  # staff read materials; only the audience answers them
    participant = participant_get_for_user(request.user)
    current = acknowledgement_get(material=material, participant=participant)
    initial = {"commitment_date": timezone.localdate()}
    if current is not None:
        initial = {
            "application": current.application,
            "key_message_ids": current.key_message_ids,
            "commitment": current.commitment,
            "commitment_date": current.commitment_date,
        }
    form = AcknowledgementForm(request.POST or None, material=material, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        response = {
            "application": data["application"],
            "key_message_ids": data["key_message_ids"],
            "commitment": data["commitment"],
            "commitment_date": data["commitment_date"],
            "by": request.user,
        }
        try:
            if current is None:
                acknowledgement_record(material=material, participant=participant, **response)
                messages.success(request, _("Thank you: your acknowledgement is recorded."))
            else:
                acknowledgement_amend(acknowledgement=current, **response)
                messages.success(request, _("Your response is amended; the earlier one is kept."))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return redirect(material.url + "#tanggapan")
    return render(
        request,
        "lms/visioning_acknowledge.html",
        {
            "material": material,
            "form": form,
            "acknowledgement": current,
            "is_open": material.is_open(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
@xframe_options_sameorigin
def paparan(request, page_id):
    """The material's paparan (PDF) for the page's frame, through Wagtail's document serve
    view (its collection's privacy and hooks apply), only to readers of the material; framed
    by this site only (``SAMEORIGIN``, and ``frame-ancestors 'self'`` with it)."""
    material = _material_or_404(request, page_id)
    if material.paparan_id is None:
        raise Http404
    document = material.paparan
    return document_serve(request, document.pk, document.filename)
