"""Certificates on the site: a participant's list and download, and public verification."""

import re

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cohorts.selectors import participant_get_for_user
from lms.documents.certificate import download_filename
from lms.models import Certificate
from lms.permissions import may_download_certificate, may_view_certificates
from lms.services.certificates import CODE_ALPHABET, code_normalise

CODE_PATTERN = re.compile(rf"^[{CODE_ALPHABET}]{{6,16}}$")


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@never_cache
def certificate_list(request):
    participant = participant_get_for_user(request.user)
    certificates = []
    if participant is not None:
        certificates = Certificate.objects.filter(participant=participant).select_related(
            "programme"
        )
    return render(
        request,
        "lms/certificates/list.html",
        {"participant": participant, "certificates": certificates},
    )


@login_required
@never_cache
def certificate_download(request, pk):
    """The PDF as an attachment. Anyone else gets a 404, so a number reveals nothing."""
    certificate = get_object_or_404(Certificate.objects.select_related("programme"), pk=pk)
    if not may_download_certificate(request.user, certificate):
        raise Http404
    if certificate.status == Certificate.Status.REVOKED and not may_view_certificates(request.user):
        return render(
            request, "lms/certificates/revoked.html", {"certificate": certificate}, status=410
        )
    if certificate.render_state != Certificate.RenderState.READY or not certificate.pdf:
        return render(
            request, "lms/certificates/preparing.html", {"certificate": certificate}, status=202
        )
    try:
        file = certificate.pdf.open("rb")
    except FileNotFoundError:
        return render(
            request, "lms/certificates/preparing.html", {"certificate": certificate}, status=202
        )
    return FileResponse(
        file,
        as_attachment=True,
        filename=download_filename(certificate),
        content_type="application/pdf",
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The code is printed beside the QR code, at the bottom of the certificate."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        code = code_normalise(self.cleaned_data["code"])
        if not CODE_PATTERN.match(code):
            raise forms.ValidationError(_("This code is not recognised. Check it and try again."))
        return code


@require_GET
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("certificates:verify", code=form.cleaned_data["code"])
    return _noindex(render(request, "lms/certificates/verify_form.html", {"form": form}))


@require_GET
@never_cache
def verify(request, code):
    """Public: valid or revoked, with the name, programme and date of issue — nothing else."""
    normalised = code_normalise(code)
    if normalised != code:
        return redirect("certificates:verify", code=normalised)
    certificate = (
        Certificate.objects.select_related("participant", "programme")
        .only(
            "code",
            "status",
            "issued_at",
            "revoked_at",
            "participant__name",
            "programme__title",
        )
        .filter(code=normalised)
        .first()
    )
    if certificate is None:
        response = render(
            request,
            "lms/certificates/verify_unknown.html",
            {"code": normalised, "form": VerifyForm()},
            status=404,
        )
    else:
        response = render(request, "lms/certificates/verify.html", {"certificate": certificate})
    return _noindex(response)
