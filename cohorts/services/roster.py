"""Roster import: an uploaded CSV or XLSX of participants, from preview to applied.

Import runs in two steps on a ``RosterImport`` row. *Validate* reads the file and checks every
row (``roster_check``) into a preview: counts, the first rows' results with what changes,
and the errors with their row and column. Nothing else is written. *Apply* validates again
and, only when no row has an error, upserts every row keyed on the NIP in one transaction:
all rows or none. A row equal to the stored participant is left alone, so importing the same
file twice changes nothing the second time; a field the file has no column for (grade,
email, phone, theme) keeps its stored value.

The upload is personal data: it lives in the private storage under a random name, is never
served, and is deleted once it can no longer be applied — after a successful apply, when it
turns out invalid, and after ``SELARAS_UPLOAD_RETENTION_DAYS`` for imports never applied
(``roster_uploads_cleanup``, daily). The import row and its preview stay.

A step whose task was lost (an UPLOADED import never checked, an APPLYING one whose worker
died) shows no progress for ``SELARAS_IMPORT_STALE_MINUTES``: the organiser may then send it
again (``roster_import_resume``), and the sweep sends lost checks again by itself. Applying
twice is harmless: the apply locks the row and returns early once it is APPLIED.
"""

import datetime
import logging

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorts.models import Participant, RosterImport
from cohorts.services.roster_check import (
    RosterCheck,
    progress_set,
    roster_check,
    roster_heartbeats,
)
from cohorts.services.roster_rows import FIELDS, row_stored
from core.errors import DomainError
from core.jobs import enqueue_on_commit
from core.spreadsheets import Limits, check_size, detect_format

logger = logging.getLogger(__name__)

WRITE_BATCH = 1000


SWEEP_BATCH = 500  # stuck checks sent again per sweep


def _store_check(roster_import: RosterImport, check: RosterCheck):
    roster_import.format = check.format or roster_import.format
    roster_import.columns = check.columns
    roster_import.total_rows = check.total_rows
    roster_import.valid_rows = len(check.rows)
    roster_import.error_count = check.error_count
    roster_import.errors = check.errors
    roster_import.warnings = check.warnings
    roster_import.preview = check.preview
    roster_import.created = check.created
    roster_import.updated = check.updated
    roster_import.unchanged = check.unchanged
    roster_import.progress_done = roster_import.progress_total = check.total_rows


def _discard_uploads(queryset) -> int:
    """Delete the files of ``queryset``'s imports from the private storage and forget them;
    the rows and their previews stay. A file that cannot be deleted is logged and kept (the
    daily cleanup tries again). Rows locked by a running apply are skipped. Returns the
    number of files deleted."""
    storage = RosterImport._meta.get_field("file").storage
    deleted = []
    with transaction.atomic():
        rows = queryset.select_for_update(skip_locked=True).exclude(file="")
        for pk, name in rows.values_list("pk", "file"):
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Roster upload %s could not be deleted", name, exc_info=True)
                continue
            deleted.append(pk)
        RosterImport.objects.filter(pk__in=deleted).update(file="")
    return len(deleted)


def _discard_upload_on_commit(roster_import_id: int) -> None:
    transaction.on_commit(
        lambda: _discard_uploads(RosterImport.objects.filter(pk=roster_import_id))
    )


@transaction.atomic
def roster_import_create(*, file, uploaded_by) -> RosterImport:
    """Store an uploaded roster in the private storage (random name) and queue its
    validation after commit.

    The content decides the format; SpreadsheetError when the file is neither CSV nor XLSX
    or is too large, unpacked included. The original name is kept only to show it.
    """
    check_size(file, Limits.default())
    file_format = detect_format(file)
    roster_import = RosterImport(
        original_name=str(getattr(file, "name", "") or "roster")[:255],
        format=file_format,
        uploaded_by=uploaded_by,
    )
    roster_import.file.save(f"roster.{file_format}", file, save=False)
    roster_import.save()
    enqueue_on_commit("cohorts.tasks.roster_import_validate_task", roster_import.pk)
    return roster_import


def roster_import_validate(*, roster_import_id: int) -> RosterImport:
    """Validate an UPLOADED import into a preview: VALIDATED, or INVALID with its errors
    (and its file deleted after commit: it can never be applied).

    Writes nothing but the import row. An import already checked is returned as it is, so a
    redelivered task does nothing; one that FAILED before checking a row is checked again.
    The check runs outside a transaction (on SQLite an open write transaction would block
    every other writer meanwhile); a crash marks the import FAILED with the error, which is
    raised again. An import whose file was deleted meanwhile is FAILED saying so.
    """
    roster_import = RosterImport.objects.get(pk=roster_import_id)
    if not _awaits_check(roster_import):
        return roster_import
    if not roster_import.file:
        RosterImport.objects.filter(
            pk=roster_import_id, status=RosterImport.Status.UPLOADED
        ).update(
            status=RosterImport.Status.FAILED,
            message=_("The uploaded file was deleted before it was checked: upload it again."),
            updated_at=timezone.now(),
        )
        return RosterImport.objects.get(pk=roster_import_id)
    try:
        with roster_import.file.open("rb") as file:
            check = roster_check(file, progress_id=roster_import_id)
        with transaction.atomic():
            roster_import = RosterImport.objects.select_for_update().get(pk=roster_import_id)
            if not _awaits_check(roster_import):
                return roster_import
            _store_check(roster_import, check)
            ok = not check.error_count
            roster_import.set_status(
                RosterImport.Status.VALIDATED if ok else RosterImport.Status.INVALID
            )
            roster_import.save()
            if not ok:
                _discard_upload_on_commit(roster_import_id)
    except Exception as error:
        RosterImport.objects.filter(
            pk=roster_import_id, status=RosterImport.Status.UPLOADED
        ).update(status=RosterImport.Status.FAILED, message=repr(error), updated_at=timezone.now())
        raise
    return roster_import


def _awaits_check(roster_import: RosterImport) -> bool:
    """UPLOADED, or FAILED before any row was checked (a retry of a crashed check)."""
    status = roster_import.status
    return status == RosterImport.Status.UPLOADED or (
        status == RosterImport.Status.FAILED and not roster_import.total_rows
    )


@transaction.atomic
def roster_import_queue_apply(*, roster_import: RosterImport) -> RosterImport:
    """Mark a previewed import without errors APPLYING and queue the apply after commit.
    DomainError when it has errors, is not validated yet, was applied already or its file
    was deleted."""
    roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
    if not roster_import.may_apply:
        raise DomainError(_("Only a checked roster without errors can be applied."))
    roster_import.set_status(RosterImport.Status.APPLYING)
    roster_import.message = ""
    roster_import.save(update_fields=["status", "message", "updated_at"])
    progress_set(roster_import.pk, 0, roster_import.valid_rows)
    enqueue_on_commit("cohorts.tasks.roster_import_apply_task", roster_import.pk)
    return roster_import


def _write(check: RosterCheck, progress_id: int) -> None:
    now = timezone.now()
    creates, updates = [], []
    for _number, fields in check.rows:
        current = check.current(fields)
        stored = row_stored(fields, current)
        if current is not None and stored == current:
            continue
        values = dict(zip(FIELDS, stored, strict=True))
        values["unit_id"], values["theme_id"] = values.pop("unit"), values.pop("theme")
        if current is None:
            creates.append(Participant(**values))
        else:
            pk = check.existing[fields[0]][0]
            updates.append(Participant(pk=pk, updated_at=now, **values))
    total, done = len(creates) + len(updates), 0
    progress_set(progress_id, 0, total)
    for start in range(0, len(creates), WRITE_BATCH):
        batch = creates[start : start + WRITE_BATCH]
        Participant.objects.bulk_create(batch)
        done += len(batch)
        progress_set(progress_id, done, total)
    changed = ["name", "position", "unit", "grade", "email", "phone", "theme", "updated_at"]
    for start in range(0, len(updates), WRITE_BATCH):
        batch = updates[start : start + WRITE_BATCH]
        Participant.objects.bulk_update(batch, changed)
        done += len(batch)
        progress_set(progress_id, done, total)


def roster_import_apply(*, roster_import_id: int) -> RosterImport:
    """Apply an import: validate the file again and, when no row has an error, create or
    update every participant in ONE transaction (all or nothing). Keyed on the NIP; rows
    equal to the stored participant are not written, so a second import of the same file
    creates and updates nothing. Participants absent from the file are left alone, and so
    are the fields the file has no column for. The file is deleted after commit.

    An APPLIED import is returned as it is. Accepts VALIDATED (run directly), APPLYING (queued,
    or a worker died midway) and FAILED (a re-run). New errors found since the preview make
    it INVALID without writing. On a crash the transaction rolls back — nothing is half
    written — and the import is FAILED with the error (raised again); it can be re-run.
    The row is locked for the whole run, so a second worker waits and then finds it APPLIED.
    """
    try:
        with transaction.atomic():
            roster_import = RosterImport.objects.select_for_update().get(pk=roster_import_id)
            if roster_import.status == RosterImport.Status.APPLIED:
                return roster_import
            if roster_import.status != RosterImport.Status.APPLYING:
                if not roster_import.may_apply:
                    raise DomainError(_("Only a checked roster without errors can be applied."))
                roster_import.set_status(RosterImport.Status.APPLYING)
            if not roster_import.file:
                raise DomainError(_("The uploaded file was deleted: upload it again."))
            with roster_import.file.open("rb") as file:
                check = roster_check(file, progress_id=roster_import_id)
            _store_check(roster_import, check)
            _discard_upload_on_commit(roster_import_id)
            if check.error_count:
                roster_import.set_status(RosterImport.Status.INVALID)
                roster_import.save()
                return roster_import
            _write(check, roster_import_id)
            roster_import.set_status(RosterImport.Status.APPLIED)
            roster_import.message = ""
            roster_import.finished_at = timezone.now()
            roster_import.save()
    except DomainError:
        raise
    except Exception as error:
        RosterImport.objects.filter(pk=roster_import_id).exclude(
            status=RosterImport.Status.APPLIED
        ).update(status=RosterImport.Status.FAILED, message=repr(error), updated_at=timezone.now())
        raise
    return roster_import


# Lost steps and old uploads --------------------------------------------------------------------


def _stale_before(now=None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(
        minutes=settings.SELARAS_IMPORT_STALE_MINUTES
    )


def roster_imports_stale(imports, *, now=None) -> set:
    """The ids of those ``imports`` whose step is running (UPLOADED, APPLYING) but shows no
    sign of life for ``SELARAS_IMPORT_STALE_MINUTES``: the row unchanged and no progress
    reported since. No query (one cache read)."""
    before = _stale_before(now)
    candidates = [
        item.pk for item in imports if item.running and item.updated_at and item.updated_at < before
    ]
    beats = roster_heartbeats(candidates)
    return {pk for pk in candidates if beats.get(pk, 0) < before.timestamp()}


@transaction.atomic
def roster_import_resume(*, roster_import: RosterImport) -> RosterImport:
    """Send a stuck import's step again: the check of an UPLOADED import, the apply of an
    APPLYING one (after commit). DomainError when it is not stuck (finished, or still
    showing progress) or its file is gone. Never applies twice: the apply locks the row and
    returns early once APPLIED, and a live apply holds that lock (so this refuses at once
    on PostgreSQL rather than wait)."""
    try:
        roster_import = RosterImport.objects.select_for_update(nowait=True).get(pk=roster_import.pk)
    except DatabaseError:
        raise DomainError(_("This import is running right now.")) from None
    if roster_import.pk not in roster_imports_stale([roster_import]):
        raise DomainError(
            _("Only an import without progress for %(minutes)d minutes can be resumed.")
            % {"minutes": settings.SELARAS_IMPORT_STALE_MINUTES}
        )
    if not roster_import.file:
        raise DomainError(_("The uploaded file was deleted: upload it again."))
    roster_import.message = ""
    roster_import.save(update_fields=["message", "updated_at"])
    if roster_import.status == RosterImport.Status.UPLOADED:
        enqueue_on_commit("cohorts.tasks.roster_import_validate_task", roster_import.pk)
    else:
        enqueue_on_commit("cohorts.tasks.roster_import_apply_task", roster_import.pk)
    return roster_import


@transaction.atomic
def roster_imports_requeue_stale(*, now=None) -> int:
    """Send again the check of every UPLOADED import stuck for
    ``SELARAS_IMPORT_STALE_MINUTES`` (its task was lost: broker down, worker killed), after
    commit; a check is idempotent. Stuck applies wait for the organiser
    (``roster_import_resume``). Returns how many were sent."""
    now = now or timezone.now()
    candidates = list(
        RosterImport.objects.filter(
            status=RosterImport.Status.UPLOADED, updated_at__lt=_stale_before(now)
        )
        .exclude(file="")
        .only("pk", "status", "updated_at")[:SWEEP_BATCH]
    )
    stale = roster_imports_stale(candidates, now=now)
    RosterImport.objects.filter(pk__in=stale).update(updated_at=now)
    for pk in sorted(stale):
        enqueue_on_commit("cohorts.tasks.roster_import_validate_task", pk)
    return len(stale)


def roster_uploads_cleanup(*, now=None) -> int:
    """Delete the uploaded files that will never be applied: those of imports applied or
    invalid (normally deleted at once; this catches a failed delete) and of any import
    uploaded more than ``SELARAS_UPLOAD_RETENTION_DAYS`` days ago. The rows and their
    previews stay; an old import can no longer be applied (its page says why). Returns
    the number of files deleted."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.SELARAS_UPLOAD_RETENTION_DAYS)
    finished = (RosterImport.Status.APPLIED, RosterImport.Status.INVALID)
    return _discard_uploads(
        RosterImport.objects.filter(Q(status__in=finished) | Q(created_at__lt=before))
    )
