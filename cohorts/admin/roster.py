"""Roster import and export in the Wagtail admin: upload → preview (checked in the background)
→ apply (in the background, all or nothing), and the roster as CSV (streamed) or XLSX (built
in the background, then downloaded)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from cohorts.documents.roster_export import roster_export_csv_stream
from cohorts.models import Participant, RosterExport, RosterImport
from cohorts.permissions import may_export_roster, may_import_roster
from cohorts.services.roster import (
    roster_import_create,
    roster_import_queue_apply,
    roster_import_resume,
    roster_imports_stale,
)
from cohorts.services.roster_check import roster_progress
from cohorts.services.roster_export import roster_export_queue, roster_export_stale
from cohorts.services.roster_rows import FIELDS
from core.errors import DomainError
from core.forms import SpreadsheetFileField
from core.spreadsheets import CONTENT_TYPES, CSV, XLSX, SpreadsheetError

ERRORS_PER_PAGE = 250
EXPORTS_SHOWN = 5


def _breadcrumbs(view, label):
    return [
        *view.breadcrumbs_items,
        {"url": reverse("cohorts_participant:index"), "label": _("Participants")},
        {"url": reverse("cohorts_roster:upload"), "label": _("Import roster")},
        {"url": "", "label": label},
    ]


def _field_label(name: str) -> str:
    return capfirst(Participant._meta.get_field(name).verbose_name)


def _shown_value(name: str, value) -> str:
    if name == "position" and value in Participant.Position.values:
        return Participant.Position(value).label
    return value


def _preview_row(row: dict) -> dict:
    """A stored preview row with its changes as (label, old, new), as the page shows them."""
    changes = [
        (_field_label(name), _shown_value(name, old), _shown_value(name, new))
        for name, old, new in row.get("changes", ())
    ]
    return {**row, "changes": changes}


class RosterUploadForm(forms.Form):
    file = SpreadsheetFileField(label=gettext_lazy("Roster file"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = _(
            "CSV (comma or semicolon separated) or Excel workbook (.xlsx), at most %(max)s. "
            "Columns: NIP, Nama, Jabatan, Kode Wilayah and, optionally, Pangkat/Golongan, "
            "Email, Telepon and Tema. A column left out keeps what is stored; a blank Tema "
            "keeps the participant's theme."
        ) % {"max": field.max_size_label()}


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
        may_export = may_export_roster(self.request.user)
        exports = []
        if may_export:
            exports = list(RosterExport.objects.select_related("requested_by")[:EXPORTS_SHOWN])
            for export in exports:
                export.stale = roster_export_stale(export)
        return super().get_context_data(
            imports=recent,
            may_export=may_export,
            exports=exports,
            exports_running=any(export.running and not export.stale for export in exports),
            retention_days=settings.SELARAS_UPLOAD_RETENTION_DAYS,
            **kwargs,
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


def _progress(roster_import) -> tuple[int, int]:
    """(done, total) rows of the import's running step, or of its last one."""
    if roster_import.running:
        return roster_progress(roster_import.pk) or (0, 0)
    return roster_import.progress_done, roster_import.progress_total


class RosterImportStatusView(View):
    """The import's progress as JSON for ``static/js/progress.js``, which polls it while a
    step runs and shows the outcome once ``done``."""

    def get(self, request, pk):
        if not may_import_roster(request.user):
            raise PermissionDenied
        roster_import = get_object_or_404(RosterImport, pk=pk)
        done, total = _progress(roster_import)
        return JsonResponse(
            {
                "done": not roster_import.running,
                "value": done,
                "max": total,
                "text": _("%(done)s of %(total)s rows") % {"done": done, "total": total},
            }
        )


class RosterImportView(WagtailAdminTemplateMixin, TemplateView):
    """The preview and then the progress of one import; while a step runs, the page's script
    follows ``RosterImportStatusView`` and shows the outcome when it is done."""

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
        done, total = _progress(roster_import)
        missing = [_field_label(name) for name in FIELDS if name not in roster_import.columns]
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
            preview=[_preview_row(row) for row in roster_import.preview],
            columns_kept=missing if roster_import.columns else [],
            may_resume=roster_import.pk in roster_imports_stale([roster_import]),
            file_deleted=not roster_import.file,
            **kwargs,
        )

    def post(self, request, pk):
        try:
            if request.POST.get("action") == "resume":
                roster_import_resume(roster_import=self.roster_import)
            else:
                roster_import_queue_apply(roster_import=self.roster_import)
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("cohorts_roster:detail", pk=pk)


class RosterExportView(View):
    """The whole roster as CSV, streamed row by row so that a national roster is never held
    in memory. ``?format=xlsx`` goes to the import page, where the workbook is built in the
    background (``RosterExportCreateView``)."""

    def get(self, request):
        if not may_export_roster(request.user):
            raise PermissionDenied
        if request.GET.get("format") == XLSX:
            return redirect(reverse("cohorts_roster:upload") + "#ekspor")
        response = StreamingHttpResponse(
            roster_export_csv_stream(queryset=Participant.objects.all()),
            content_type=CONTENT_TYPES[CSV],
        )
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = f'attachment; filename="peserta-{stamp}.csv"'
        response["Cache-Control"] = "no-store"
        return response


class RosterExportCreateView(View):
    """POST: queue an XLSX export of the roster, then back to the import page, which follows
    its progress and links the file once it is built."""

    def dispatch(self, request, *args, **kwargs):
        if not may_export_roster(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return redirect(reverse("cohorts_roster:upload") + "#ekspor")

    def post(self, request):
        roster_export_queue(by=request.user)
        messages.success(
            request, _("The XLSX is being prepared; it can be downloaded here once it is ready.")
        )
        return redirect(reverse("cohorts_roster:upload") + "#ekspor")


class RosterExportStatusView(View):
    """An export's progress as JSON for ``static/js/progress.js``."""

    def get(self, request, pk):
        if not may_export_roster(request.user):
            raise PermissionDenied
        export = get_object_or_404(RosterExport, pk=pk)
        return JsonResponse(
            {
                "done": not export.running,
                "value": export.progress_done,
                "max": export.progress_total,
                "text": _("%(done)s of %(total)s rows")
                % {"done": export.progress_done, "total": export.progress_total},
            }
        )


class RosterExportDownloadView(View):
    """A built export's workbook, streamed from the private storage (organisers only: it
    holds every participant's personal data)."""

    def get(self, request, pk):
        if not may_export_roster(request.user):
            raise PermissionDenied
        export = get_object_or_404(RosterExport, pk=pk, status=RosterExport.Status.READY)
        if not export.file:
            raise Http404
        stamp = timezone.localtime(export.finished_at or export.created_at).strftime("%Y%m%d")
        response = FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"peserta-{stamp}.xlsx",
            content_type=CONTENT_TYPES[XLSX],
        )
        response["Cache-Control"] = "no-store"
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
            path("<int:pk>/status/", RosterImportStatusView.as_view(), name="status"),
            path("ekspor/", RosterExportView.as_view(), name="export"),
            path("ekspor/xlsx/", RosterExportCreateView.as_view(), name="export_create"),
            path(
                "ekspor/xlsx/<int:pk>/status/",
                RosterExportStatusView.as_view(),
                name="export_status",
            ),
            path(
                "ekspor/xlsx/<int:pk>/unduh/",
                RosterExportDownloadView.as_view(),
                name="export_download",
            ),
        ]
