"""Roster import and export in the Wagtail admin: upload → preview (checked in the background)
→ apply (in the background, all or nothing), and the roster as CSV or XLSX."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from cohorts.documents.roster_export import roster_export
from cohorts.models import Participant, RosterImport
from cohorts.permissions import may_export_roster, may_import_roster
from cohorts.services.roster import roster_import_create, roster_import_queue_apply, roster_progress
from core.errors import DomainError
from core.spreadsheets import SpreadsheetError, detect_format

MAX_UPLOAD_SIZE = 20 * 1024 * 1024
ERRORS_PER_PAGE = 250
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _breadcrumbs(view, label):
    return [
        *view.breadcrumbs_items,
        {"url": reverse("cohorts_participant:index"), "label": _("Participants")},
        {"url": reverse("cohorts_roster:upload"), "label": _("Import roster")},
        {"url": "", "label": label},
    ]


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Roster file"),
        help_text=gettext_lazy(
            "CSV (comma or semicolon separated) or Excel workbook (.xlsx), at most 20 MB. "
            "Columns: NIP, Nama, Jabatan, Kode Wilayah, Pangkat/Golongan, Email, Telepon and, "
            "optionally, Tema (a blank Tema keeps the participant's theme)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s; at most %(max)s can be uploaded.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD_SIZE)}
            )
        try:
            detect_format(upload)
        except SpreadsheetError as error:
            raise forms.ValidationError(str(error)) from None
        return upload


class RosterUploadView(WagtailAdminTemplateMixin, FormView):
    template_name = "cohorts/admin/roster_upload.html"
    form_class = RosterUploadForm
    page_title = gettext_lazy("Import roster")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not may_import_roster(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cohorts_participant:index"), "label": _("Participants")},
            {"url": "", "label": _("Import roster")},
        ]

    def get_context_data(self, **kwargs):
        recent = RosterImport.objects.select_related("uploaded_by").defer(
            "errors", "preview", "warnings"
        )[:10]
        return super().get_context_data(
            imports=recent, may_export=may_export_roster(self.request.user), **kwargs
        )

    def form_valid(self, form):
        try:
            roster_import = roster_import_create(
                file=form.cleaned_data["file"], uploaded_by=self.request.user
            )
        except SpreadsheetError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        return redirect("cohorts_roster:detail", pk=roster_import.pk)


class RosterImportView(WagtailAdminTemplateMixin, TemplateView):
    """The preview and then the progress of one import. While a step runs the page reloads
    itself every 2 seconds (a ``Refresh`` header: no script needed)."""

    template_name = "cohorts/admin/roster_import.html"
    page_title = gettext_lazy("Roster import")
    header_icon = "upload"

    def dispatch(self, request, pk):
        if not may_import_roster(request.user):
            raise PermissionDenied
        self.roster_import = get_object_or_404(
            RosterImport.objects.select_related("uploaded_by"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.roster_import.original_name

    def get_breadcrumbs_items(self):
        return _breadcrumbs(self, self.roster_import.original_name)

    def get_context_data(self, **kwargs):
        roster_import = self.roster_import
        done, total = roster_import.progress_done, roster_import.progress_total
        if roster_import.running:
            done, total = roster_progress(roster_import.pk) or (0, 0)
        errors = Paginator(roster_import.errors, ERRORS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            roster_import=roster_import,
            running=roster_import.running,
            progress_done=done,
            progress_total=total,
            progress_percent=min(100, round(100 * done / total)) if total else 0,
            errors_page=errors,
            errors_hidden=roster_import.error_count - len(roster_import.errors),
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.roster_import.running:
            response["Refresh"] = "2"
        return response

    def post(self, request, pk):
        try:
            roster_import_queue_apply(roster_import=self.roster_import)
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("cohorts_roster:detail", pk=pk)


class RosterExportView(View):
    """The whole roster as ``?format=csv`` (default) or ``?format=xlsx``."""

    def get(self, request):
        if not may_export_roster(request.user):
            raise PermissionDenied
        file_format = request.GET.get("format", "csv")
        if file_format not in CONTENT_TYPES:
            file_format = "csv"
        content = roster_export(
            format=file_format, queryset=Participant.objects.select_related("unit")
        )
        response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="peserta-{stamp}.{file_format}"'
        return response


class RosterMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import_roster(request.user)


class RosterViewSet(ViewSet):
    """Upload, preview and apply roster imports; export the roster. Lives under People."""

    name = "roster"
    icon = "upload"
    menu_label = gettext_lazy("Import roster")
    menu_order = 250
    url_prefix = "impor-peserta"
    url_namespace = "cohorts_roster"

    @property
    def menu_item_class(self):
        return RosterMenuItem

    def get_urlpatterns(self):
        return [
            path("", RosterUploadView.as_view(), name="upload"),
            path("<int:pk>/", RosterImportView.as_view(), name="detail"),
            path("ekspor/", RosterExportView.as_view(), name="export"),
        ]
