"""The roster as an XLSX built in the background (``RosterExport``): queued by an organiser,
built by ``cohorts.tasks.roster_export_build_task`` with its progress, stored privately,
downloaded through a view that checks who asks, and deleted when old.

A build is safe to run twice (a redelivered task, a retry): it locks the row and returns
early when the export is ready or failed, or is being built by a worker that shows progress
(its row changed within ``SELARAS_IMPORT_STALE_MINUTES``); a build whose worker was lost is
taken over, and of two builds that both finish, the second discards its file.
"""

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.documents.roster_export import roster_export_write
from cohorts.models import Participant, RosterExport
from core.jobs import enqueue_on_commit

logger = logging.getLogger(__name__)
BUILD_TASK = "cohorts.tasks.roster_export_build_task"
Status = RosterExport.Status


def _stale_before(now=None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(
        minutes=settings.SELARAS_IMPORT_STALE_MINUTES
    )


def roster_export_stale(export: RosterExport, *, now=None) -> bool:
    """Whether an export still waiting or being built has shown no sign of life for
    ``SELARAS_IMPORT_STALE_MINUTES`` (its job was probably lost)."""
    return export.running and export.updated_at < _stale_before(now)


@transaction.atomic
def roster_export_queue(*, by=None) -> RosterExport:
    """A new XLSX export of the whole roster; its build is sent after commit. Nothing else
    is written: the workbook is the task's."""
    export = RosterExport.objects.create(
        requested_by=by, progress_total=Participant.objects.count()
    )
    enqueue_on_commit(BUILD_TASK, export.pk)
    return export


def roster_export_build(*, roster_export_id: int) -> RosterExport:
    """Build the export's workbook (every participant, as ``roster_export`` writes it) into
    the private storage and mark it READY; on an error, FAILED with a message (and the error
    raised again). Progress is committed as it goes, so this runs outside one transaction:
    the row is locked only to start and to finish. Returns the export as it ends."""
    with transaction.atomic():
        export = RosterExport.objects.select_for_update().get(pk=roster_export_id)
        if export.status == Status.RUNNING and not roster_export_stale(export):
            return export  # another worker is on it
        if not export.may_become(Status.RUNNING):
            return export  # ready or failed: done
        export.set_status(Status.RUNNING)
        export.progress_total = Participant.objects.count()
        export.progress_done = 0
        export.save(update_fields=["status", "progress_total", "progress_done", "updated_at"])

    def progress(done):
        RosterExport.objects.filter(pk=export.pk, status=Status.RUNNING).update(
            progress_done=done, updated_at=timezone.now()
        )

    try:
        with tempfile.TemporaryFile() as out:
            rows = roster_export_write(out, queryset=Participant.objects.all(), progress=progress)
            out.seek(0)
            stamp = timezone.localdate().strftime("%Y%m%d")
            export.file.save(f"peserta-{stamp}.xlsx", File(out, name="peserta.xlsx"), save=False)
    except Exception as error:
        _finish(
            export.pk,
            Status.FAILED,
            message=_("The export failed: %(error)s") % {"error": error.__class__.__name__},
        )
        raise
    return _finish(export.pk, Status.READY, name=export.file.name, rows=rows)


@transaction.atomic
def _finish(pk, status, *, name="", rows=0, message="") -> RosterExport:
    export = RosterExport.objects.select_for_update().get(pk=pk)
    storage = RosterExport._meta.get_field("file").storage
    if export.status != Status.RUNNING:  # another build finished first: keep its file
        if name:
            transaction.on_commit(lambda: storage.delete(name))
        return export
    export.set_status(status)
    export.file.name = name
    export.message = message
    export.finished_at = timezone.now()
    if status == Status.READY:
        export.progress_done = export.progress_total = rows
    export.save()
    return export


def roster_exports_cleanup(*, now=None) -> int:
    """Delete the workbooks of exports requested more than ``SELARAS_UPLOAD_RETENTION_DAYS``
    days ago (the rows stay); mark FAILED the old ones never built. Returns the number of
    files deleted."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.SELARAS_UPLOAD_RETENTION_DAYS)
    storage = RosterExport._meta.get_field("file").storage
    old = RosterExport.objects.filter(created_at__lt=before)
    deleted = []
    with transaction.atomic():
        for pk, name in old.exclude(file="").select_for_update().values_list("pk", "file"):
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Roster export %s could not be deleted", name, exc_info=True)
                continue
            deleted.append(pk)
        RosterExport.objects.filter(pk__in=deleted).update(file="")
        old.filter(status__in=RosterExport.may_reach(Status.FAILED)).update(
            status=Status.FAILED, message=_("Never built."), finished_at=now
        )
    return len(deleted)
