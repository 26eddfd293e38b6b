"""Certificates issued in bulk: a batch for a programme (or one cohort of it) runs in a Celery
task, one participant at a time in a transaction of its own, so its progress is real; a
failed batch runs again and a stalled one is resumed, never duplicating a certificate."""

import logging
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import ProgrammePage
from cohorts.models import Cohort, CohortMembership
from core.errors import DomainError
from core.jobs import enqueue_on_commit
from lms.models import Certificate, CertificateBatch, Enrolment, User
from lms.services.certificates import (
    ProgrammeFacts,
    certificate_issue_locked,
    certificate_render,
)

logger = logging.getLogger(__name__)


def _batch_participant_ids(*, programme_id: int, cohort_id: int | None):
    enrolments = Enrolment.objects.filter(programme_id=programme_id, completed_at__isnull=False)
    if cohort_id:
        enrolments = enrolments.filter(
            participant_id__in=CohortMembership.objects.active()
            .filter(cohort_id=cohort_id)
            .values("participant_id")
        )
    return enrolments.order_by("participant_id").values_list("participant_id", flat=True)


@transaction.atomic
def certificate_batch_create(
    *, programme: ProgrammePage, cohort: Cohort | None = None, requested_by: User | None
) -> CertificateBatch:
    """Queue a batch that issues (and renders) the certificates of every participant who has
    completed the programme — only the cohort's members when a cohort is given.
    Side effect: the batch runs in a Celery task after commit."""
    if cohort is not None and cohort.programme_id != programme.pk:
        raise DomainError(_("The cohort belongs to another programme."))
    batch = CertificateBatch.objects.create(
        programme=programme,
        cohort=cohort,
        requested_by=requested_by,
        total=_batch_participant_ids(
            programme_id=programme.pk, cohort_id=cohort.pk if cohort else None
        ).count(),
    )
    _enqueue_batch(batch.pk)
    return batch


@transaction.atomic
def certificate_batch_retry(*, batch: CertificateBatch) -> CertificateBatch:
    """Queue a failed batch again; the run picks up where the failed one stopped."""
    batch = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != CertificateBatch.State.FAILED:
        raise DomainError(_("Only a failed batch can be run again."))
    _requeue(batch)
    return batch


@transaction.atomic
def certificate_batch_resume(
    *, batch: CertificateBatch, requested_by: User | None = None
) -> CertificateBatch:
    """Queue again a batch that stalled — queued or running without progress for
    ``SELARAS_BATCH_STALE_MINUTES`` (its worker died, or its task was lost in a broker
    outage). Never duplicates a certificate, even when the old run is in fact alive: resuming
    clears the run token, so the old run's next step counts nothing and it stops, and issuing
    is idempotent under the programme lock. Raises DomainError when the batch is not stalled.
    """
    batch = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.stalled:
        raise DomainError(
            _("Only a batch without progress for %(minutes)s minutes can be resumed.")
            % {"minutes": settings.SELARAS_BATCH_STALE_MINUTES}
        )
    _requeue(batch)
    logger.info("Certificate batch %s resumed by %s", batch.pk, getattr(requested_by, "pk", None))
    return batch


def _requeue(batch: CertificateBatch) -> None:
    batch.set_status(CertificateBatch.State.QUEUED)
    batch.run_token = ""
    batch.progress_at = timezone.now()
    batch.save(update_fields=["state", "run_token", "progress_at"])
    _enqueue_batch(batch.pk)


def _enqueue_batch(batch_id):
    enqueue_on_commit("lms.tasks.certificate_batch_run_task", batch_id)


def certificate_batch_run(*, batch_id: int) -> CertificateBatch:
    """Run a batch: for each participant, in a transaction of its own, issue the certificate
    (idempotent) and render its PDF, then count it done — so the progress is real.

    A finished (DONE) batch returns at once. Any other state runs from the start under a new
    run token: the list of participants and the counters are recomputed from the database,
    so a run after a crash or a failure neither duplicates nor misses a certificate. Each
    step is counted only while the token is still the batch's; once another run (a resume, a
    redelivered task) took over, this one stops. Must not be called inside a transaction.
    On an error the batch is FAILED with the error, which is raised.
    """
    token = secrets.token_hex(8)
    with transaction.atomic():
        batch = (
            CertificateBatch.objects.select_for_update(of=("self",))
            .select_related("programme")
            .get(pk=batch_id)
        )
        if batch.state == CertificateBatch.State.DONE:
            return batch
        participant_ids = list(
            _batch_participant_ids(programme_id=batch.programme_id, cohort_id=batch.cohort_id)
        )
        batch.set_status(CertificateBatch.State.RUNNING)
        batch.total = len(participant_ids)
        batch.done = batch.issued = batch.skipped = 0
        batch.error = ""
        batch.finished_at = None
        batch.run_token = token
        batch.progress_at = timezone.now()
        batch.save()
    programme = batch.programme
    mine = CertificateBatch.objects.filter(pk=batch_id, run_token=token)
    try:
        facts = ProgrammeFacts.load(programme)
        enrolled = Enrolment.objects.filter(
            programme_id=programme.pk, completed_at__isnull=False
        ).values("participant_id")
        best = facts.best_scores(Q(participant_id__in=enrolled))
        existing = dict(
            Certificate.objects.filter(programme_id=programme.pk).values_list(
                "participant_id", "pk"
            )
        )
        for participant_id in participant_ids:
            certificate_id = existing.get(participant_id)
            created = False
            if certificate_id is None:
                with transaction.atomic():
                    certificate, created = certificate_issue_locked(
                        participant_id=participant_id, programme=programme, facts=facts, best=best
                    )
                certificate_id = certificate.pk
            certificate_render(certificate_id=certificate_id)
            counted = mine.update(
                done=F("done") + 1,
                issued=F("issued") + (1 if created else 0),
                skipped=F("skipped") + (0 if created else 1),
                progress_at=timezone.now(),
            )
            if not counted:
                logger.info(
                    "Certificate batch %s: run %s was superseded; it stops", batch_id, token
                )
                batch.refresh_from_db()
                return batch
    except Exception as error:
        mine.update(
            state=CertificateBatch.State.FAILED, error=repr(error), finished_at=timezone.now()
        )
        raise
    mine.update(state=CertificateBatch.State.DONE, finished_at=timezone.now())
    batch.refresh_from_db()
    return batch
