"""Certificates in the Wagtail admin: the register, revoking, issuing for a cohort with a
progress page, and every PDF of a programme as one ZIP.

Issued data is never edited: the viewset has no add, edit or delete views."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton

from cms.models import ProgrammePage
from cohorts.models import Cohort
from core.admin_views import NoEditViewURLFinderMixin
from core.errors import DomainError
from lms.documents.certificate_zip import zip_stream
from lms.models import Certificate, CertificateBatch
from lms.permissions import (
    may_issue_certificates,
    may_revoke_certificate,
    may_view_certificate_batches,
    may_view_certificates,
)
from lms.services import certificate_batches as batch_services
from lms.services import certificates as services


def _breadcrumbs(view, label):
    return [
        *view.breadcrumbs_items,
        {"url": reverse("lms_certificate:index"), "label": _("Certificates")},
        {"url": "", "label": label},
    ]


class IssuedColumn(Column):
    """The date of issue as printed on the certificate, not "3 days ago"."""

    def get_value(self, instance):
        return date_format(timezone.localtime(instance.issued_at), "j M Y")


class CertificateIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("participant", "programme")

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if instance.render_state == Certificate.RenderState.READY:
            buttons.insert(
                0,
                ListingButton(
                    _("Download"),
                    url=reverse("certificates:download", args=[instance.pk]),
                    icon_name="download",
                    priority=5,
                ),
            )
        may_revoke = may_revoke_certificate(self.request.user)
        if instance.status == Certificate.Status.VALID and may_revoke:
            buttons.insert(
                1 if buttons else 0,
                ListingButton(
                    _("Revoke"),
                    url=reverse("lms_certificate:revoke", args=[instance.pk]),
                    icon_name="cross",
                    priority=6,
                ),
            )
        return buttons

    @property
    def header_buttons(self):
        buttons = []
        user = self.request.user
        if may_issue_certificates(user):
            buttons.append(
                HeaderButton(
                    _("Issue for a cohort"), url=reverse("lms_certificate:issue"), icon_name="plus"
                )
            )
        if may_view_certificates(user):
            buttons.append(
                HeaderButton(
                    _("Download all as ZIP"),
                    url=reverse("lms_certificate:zip"),
                    icon_name="download",
                )
            )
        return buttons


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for revocation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Kept for the organisers. The public verification page only says that the "
            "certificate was revoked, and when."
        ),
    )


class CertificateRevokeView(WagtailAdminTemplateMixin, FormView):
    template_name = "lms/admin/certificate_revoke.html"
    form_class = RevokeForm
    page_title = gettext_lazy("Revoke certificate")
    header_icon = "cross"

    def dispatch(self, request, pk):
        if not may_revoke_certificate(request.user):
            raise PermissionDenied
        self.certificate = get_object_or_404(
            Certificate.objects.select_related("participant", "programme"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.certificate.number

    def get_breadcrumbs_items(self):
        return _breadcrumbs(self, _("Revoke certificate"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(certificate=self.certificate, **kwargs)

    def form_valid(self, form):
        try:
            services.certificate_revoke(
                certificate=self.certificate,
                reason=form.cleaned_data["reason"],
                revoked_by=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Certificate %(number)s revoked.") % {"number": self.certificate}
        )
        return redirect("lms_certificate:index")


class IssueForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=ProgrammePage.objects.order_by("title")
    )
    cohort = forms.ModelChoiceField(
        label=gettext_lazy("Cohort"),
        queryset=Cohort.objects.select_related("programme").order_by("name"),
        required=False,
        help_text=gettext_lazy(
            "Leave empty to issue for every participant who completed the programme."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        programme, cohort = cleaned.get("programme"), cleaned.get("cohort")
        if programme and cohort and cohort.programme_id != programme.pk:
            self.add_error("cohort", _("This cohort belongs to another programme."))
        return cleaned


class CertificateIssueView(WagtailAdminTemplateMixin, FormView):
    template_name = "lms/admin/certificate_issue.html"
    form_class = IssueForm
    page_title = gettext_lazy("Issue certificates")
    header_icon = "doc-full-inverse"

    def dispatch(self, request, *args, **kwargs):
        if not may_issue_certificates(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return _breadcrumbs(self, _("Issue for a cohort"))

    def get_initial(self):
        # Other admin pages link here with ?programme=…&cohort=… to preselect them.
        return {
            key: self.request.GET[key] for key in ("programme", "cohort") if key in self.request.GET
        }

    def get_context_data(self, **kwargs):
        batches = CertificateBatch.objects.select_related("programme", "cohort", "requested_by")
        return super().get_context_data(batches=batches[:10], **kwargs)

    def form_valid(self, form):
        try:
            batch = batch_services.certificate_batch_create(
                programme=form.cleaned_data["programme"],
                cohort=form.cleaned_data["cohort"],
                requested_by=self.request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        return redirect("lms_certificate:batch", pk=batch.pk)


def _running(batch) -> bool:
    return batch.state in (CertificateBatch.State.QUEUED, CertificateBatch.State.RUNNING)


class CertificateBatchStatusView(View):
    """A batch's progress as JSON for ``static/js/progress.js``, which polls it while the
    batch runs and shows the outcome once ``done``."""

    def get(self, request, pk):
        if not may_view_certificate_batches(request.user):
            raise PermissionDenied
        batch = get_object_or_404(CertificateBatch, pk=pk)
        return JsonResponse(
            {
                "done": not _running(batch),
                "value": batch.done,
                "max": batch.total,
                "text": _("%(done)s of %(total)s participants")
                % {"done": batch.done, "total": batch.total},
            }
        )


class CertificateBatchView(WagtailAdminTemplateMixin, TemplateView):
    """The progress of a batch; while it runs, the page's script follows
    ``CertificateBatchStatusView`` and shows the outcome when it is done. A failed batch can
    be run again and a stalled one (no progress for ``SELARAS_BATCH_STALE_MINUTES``) resumed."""

    template_name = "lms/admin/certificate_batch.html"
    page_title = gettext_lazy("Issuing certificates")
    header_icon = "doc-full-inverse"

    def dispatch(self, request, pk):
        if not may_view_certificate_batches(request.user):
            raise PermissionDenied
        self.batch = get_object_or_404(
            CertificateBatch.objects.select_related("programme", "cohort", "requested_by"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.batch.cohort.name if self.batch.cohort else self.batch.programme.title

    def get_breadcrumbs_items(self):
        return _breadcrumbs(self, _("Issuing certificates"))

    @property
    def running(self):
        return _running(self.batch)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            batch=self.batch,
            running=self.running,
            stalled=self.batch.stalled,
            stale_minutes=settings.SELARAS_BATCH_STALE_MINUTES,
            may_retry=may_issue_certificates(self.request.user),
            may_zip=may_view_certificates(self.request.user),
            **kwargs,
        )

    def post(self, request, pk):
        if not may_issue_certificates(request.user):
            raise PermissionDenied
        try:
            if request.POST.get("action") == "resume":
                batch_services.certificate_batch_resume(batch=self.batch, requested_by=request.user)
            else:
                batch_services.certificate_batch_retry(batch=self.batch)
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("lms_certificate:batch", pk=pk)


class ZipForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=ProgrammePage.objects.order_by("title")
    )


class CertificateZipView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "lms/admin/certificate_zip.html"
    page_title = gettext_lazy("Download all as ZIP")
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not may_view_certificates(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return _breadcrumbs(self, _("Download all as ZIP"))

    def get(self, request, *args, **kwargs):
        form = ZipForm(request.GET or None)
        if form.is_bound and form.is_valid():
            programme = form.cleaned_data["programme"]
            certificates = (
                Certificate.objects.filter(
                    programme=programme,
                    status=Certificate.Status.VALID,
                    render_state=Certificate.RenderState.READY,
                )
                .only("pk", "number", "pdf")
                .order_by("number")
            )
            response = StreamingHttpResponse(
                zip_stream(certificates.iterator()), content_type="application/zip"
            )
            response["Content-Disposition"] = (
                f'attachment; filename="sertifikat-{programme.slug}.zip"'
            )
            return response
        return self.render_to_response(self.get_context_data(form=form))


class CertificateViewSet(NoEditViewURLFinderMixin, ModelViewSet):
    model = Certificate
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Certificates")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "sertifikat"
    url_namespace = "lms_certificate"
    index_view_class = CertificateIndexView
    list_display = [
        "number",
        Column("participant", label=gettext_lazy("Participant"), accessor="participant.name"),
        Column("programme", label=gettext_lazy("Programme"), accessor="programme.title"),
        IssuedColumn("issued_at", label=gettext_lazy("Issued"), sort_key="issued_at"),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("render_state", label=gettext_lazy("PDF"), accessor="get_render_state_display"),
    ]
    list_filter = ["status", "render_state", "programme"]
    search_fields = ["number", "code", "participant__name", "participant__nip"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "number",
        "code",
        "participant",
        "programme",
        "issued_at",
        "jp",
        "score",
        "predicate",
        "status",
        "revoked_at",
        "revoked_reason",
        "render_state",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit or delete views exist: issued data is not edited.
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("revoke/<int:pk>/", CertificateRevokeView.as_view(), name="revoke"),
            path("issue/", CertificateIssueView.as_view(), name="issue"),
            path("batch/<int:pk>/", CertificateBatchView.as_view(), name="batch"),
            path(
                "batch/<int:pk>/status/", CertificateBatchStatusView.as_view(), name="batch_status"
            ),
            path("zip/", CertificateZipView.as_view(), name="zip"),
        ]
