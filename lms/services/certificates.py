"""Writes of certificates (STTP): issue, render the PDF, revoke, issue in bulk for a cohort
(resumable), and the sweep that sends lost certificate work again."""

import datetime
import logging
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.models import ModulePage, ProgrammePage
from cohorts.models import Participant
from core.errors import DomainError
from core.jobs import enqueue_each, enqueue_on_commit
from lms.documents import certificate as certificate_document
from lms.models import Certificate, Enrolment, TestAttempt, User

logger = logging.getLogger(__name__)

# No 0/O and no 1/I: a code read aloud or typed from paper cannot be mistaken.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


CODE_LENGTH = 10


TWO_PLACES = Decimal("0.01")


def code_normalise(raw: str) -> str:
    """What a person typed → the stored form: upper case, without spaces or dashes."""
    return "".join(raw.split()).replace("-", "").upper()


def _new_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not Certificate.objects.filter(code=code).exists():
            return code


@dataclass
class ProgrammeFacts:
    """What every certificate of one programme needs, read once (also for a whole batch)."""

    modules: list  # [(module_id, title, jp, has_post_test)] in tree order
    bands: list  # [(min_score, name)] highest first

    @classmethod
    def load(cls, programme: ProgrammePage) -> "ProgrammeFacts":
        modules = [
            (module.pk, module.title, module.jp, module.posttest_enabled)
            for module in ModulePage.objects.child_of(programme)
            .live()
            .order_by("path")
            .only("pk", "title", "jp", "posttest_enabled")
        ]
        bands = sorted(
            ((band.min_score, band.name) for band in programme.predicate_bands.all()),
            key=lambda band: band[0],
            reverse=True,
        )
        return cls(modules=modules, bands=bands)

    def best_scores(self, participant_filter) -> dict:
        """{(participant_id, module_id): best submitted post-test score}, in one query."""
        tested = [module_id for module_id, _t, _jp, has_post in self.modules if has_post]
        rows = (
            TestAttempt.objects.filter(
                participant_filter,
                module_id__in=tested,
                kind=TestAttempt.Kind.POST,
                submitted_at__isnull=False,
            )
            .values("participant_id", "module_id")
            .annotate(best=Max("score"))
        )
        return {(row["participant_id"], row["module_id"]): row["best"] for row in rows}

    def final_score(self, participant_id: int, best: dict) -> Decimal:
        scores = [
            best[(participant_id, module_id)]
            for module_id, _title, _jp, has_post in self.modules
            if has_post and best.get((participant_id, module_id)) is not None
        ]
        if not scores:
            return Decimal("0.00")
        return (sum(scores, Decimal(0)) / len(scores)).quantize(TWO_PLACES, ROUND_HALF_UP)

    def predicate(self, score: Decimal) -> str:
        for min_score, name in self.bands:
            if score >= min_score:
                return name
        return ""


def certificate_issue_locked(
    *,
    participant_id: int,
    programme: ProgrammePage,
    facts: ProgrammeFacts | None = None,
    best: dict | None = None,
) -> tuple[Certificate, bool]:
    """Issue inside the caller's transaction. Returns (certificate, created). A batch passes
    the programme's facts and everyone's best scores, read once for all its participants."""
    existing = Certificate.objects.filter(
        participant_id=participant_id, programme_id=programme.pk
    ).first()
    if existing:
        return existing, False
    completed = Enrolment.objects.filter(
        participant_id=participant_id, programme_id=programme.pk, completed_at__isnull=False
    ).exists()
    if not completed:
        raise DomainError(
            _("A certificate is issued only once the participant has completed the programme.")
        )
    # The programme row is the lock that serialises numbering; check again once we hold it,
    # since another worker may have issued this very certificate while we waited.
    locked = ProgrammePage.objects.select_for_update(of=("self",)).filter(pk=programme.pk)
    locked.values_list("pk").get()
    existing = Certificate.objects.filter(
        participant_id=participant_id, programme_id=programme.pk
    ).first()
    if existing:
        return existing, False

    if facts is None:
        facts = ProgrammeFacts.load(programme)
    if best is None:
        best = facts.best_scores(Q(participant_id=participant_id))
    score = facts.final_score(participant_id, best)
    now = timezone.now()
    year = timezone.localtime(now).year
    sequence = Certificate.objects.filter(programme_id=programme.pk).count() + 1
    while True:  # a deleted certificate leaves a gap in the count: skip numbers in use
        number = f"{sequence:04d}/STTP/{programme.pk}/BPSDM/{year}"
        if not Certificate.objects.filter(number=number).exists():
            break
        sequence += 1
    certificate = Certificate.objects.create(
        number=number,
        code=_new_code(),
        participant_id=participant_id,
        programme=programme,
        issued_at=now,
        jp=sum(jp for _id, _title, jp, _post in facts.modules),
        score=score,
        predicate=facts.predicate(score),
        modules=[[title, jp] for _id, title, jp, _post in facts.modules],
    )
    return certificate, True


@transaction.atomic
def certificate_issue(
    *, participant: Participant, programme: ProgrammePage, render_later: bool = True
) -> Certificate:
    """Issue the participant's certificate of the programme, or return the one already issued.

    Requires the enrolment to be completed (DomainError otherwise). Snapshots the live
    modules with their JP, the final score — the mean of the best submitted post-test score
    of each module that has a post-test and was taken — and the predicate band it reaches.
    The number ``NNNN/STTP/<programme id>/BPSDM/<year>`` counts the programme's certificates
    under a lock on the programme row, so concurrent workers never share a number.
    Side effect: unless ``render_later`` is False, the PDF is rendered by a task after commit.
    """
    certificate, created = certificate_issue_locked(
        participant_id=participant.pk, programme=programme
    )
    if created and render_later:
        enqueue_on_commit("lms.tasks.certificate_render_task", certificate.pk)
    return certificate


def certificate_issue_and_render(*, participant_id: int, programme_id: int) -> Certificate:
    """Issue the certificate of a completed programme and render its PDF now (the task run on
    completion). Idempotent: an issued certificate is kept and a rendered PDF not redrawn.
    Must not run inside a transaction (see ``certificate_render``)."""
    certificate = certificate_issue(
        participant=Participant.objects.get(pk=participant_id),
        programme=ProgrammePage.objects.get(pk=programme_id),
        render_later=False,
    )
    certificate_render(certificate_id=certificate.pk)
    return certificate


def _pdf_exists(certificate: Certificate) -> bool:
    return bool(certificate.pdf) and certificate.pdf.storage.exists(certificate.pdf.name)


@transaction.atomic
def _render_locked(certificate_id: int) -> bool:
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("participant__unit__parent__parent", "programme")
        .get(pk=certificate_id)
    )
    if certificate.render_state == Certificate.RenderState.READY and _pdf_exists(certificate):
        return False
    content = certificate_document.render_pdf(certificate_document.certificate_data(certificate))
    if _pdf_exists(certificate):
        certificate.pdf.delete(save=False)
    # A random name: the file must not be found from the public verification code.
    certificate.pdf.save(
        f"sttp-{certificate.pk}-{secrets.token_hex(8)}.pdf", ContentFile(content), save=False
    )
    certificate.render_state = Certificate.RenderState.READY
    certificate.save(update_fields=["pdf", "render_state"])
    return True


def certificate_render(*, certificate_id: int) -> bool:
    """Render the certificate's PDF and mark it READY. Returns False when it already was
    (READY and the file exists), so a redelivered task does nothing.

    Holds the certificate row locked while rendering. On an error the state becomes FAILED
    in a transaction of its own (this function must not run inside another transaction for
    that to stick) and the error is raised again for the task's retry policy.
    """
    try:
        return _render_locked(certificate_id)
    except Exception:
        Certificate.objects.filter(pk=certificate_id).exclude(
            render_state=Certificate.RenderState.READY
        ).update(render_state=Certificate.RenderState.FAILED)
        raise


@transaction.atomic
def certificate_revoke(
    *, certificate: Certificate, reason: str, revoked_by: User | None
) -> Certificate:
    """Revoke a valid certificate. The reason is required and kept for the organisers; the
    public verification page then says the certificate was revoked and when."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for revoking the certificate."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status == Certificate.Status.REVOKED:
        raise DomainError(_("This certificate has already been revoked."))
    certificate.set_status(Certificate.Status.REVOKED)
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.save(update_fields=["status", "revoked_at", "revoked_reason"])
    logger.info(
        "Certificate %s revoked by %s", certificate.number, revoked_by.pk if revoked_by else None
    )
    return certificate


def certificates_sweep(*, now: datetime.datetime | None = None) -> dict:
    """Send again the certificate work whose task was lost (a broker outage, a dead worker),
    once it is ``SELARAS_SWEEP_DELAY`` seconds old: a completed enrolment without a
    certificate is issued (``certificate_issue_task``), and a PDF that is pending, failed, or
    READY but missing on disk is rendered (``certificate_render_task``). Both tasks are
    idempotent. Returns ``{"certificates": n, "pdfs": n}`` tasks sent."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.SELARAS_SWEEP_DELAY)
    limit = settings.SELARAS_SWEEP_BATCH
    issued = Certificate.objects.filter(
        participant_id=OuterRef("participant_id"), programme_id=OuterRef("programme_id")
    )
    unissued = (
        Enrolment.objects.filter(completed_at__lt=cutoff)
        .exclude(Exists(issued))
        .order_by("pk")
        .values_list("participant_id", "programme_id")[:limit]
    )
    unrendered = list(
        Certificate.objects.filter(
            render_state__in=(Certificate.RenderState.PENDING, Certificate.RenderState.FAILED),
            issued_at__lt=cutoff,
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    ready = Certificate.objects.filter(render_state=Certificate.RenderState.READY).only("pk", "pdf")
    gone = [c.pk for c in ready.iterator(chunk_size=2000) if not _pdf_exists(c)][:limit]
    if gone:
        logger.warning("Certificates %s are READY but their PDF is missing: rendering again", gone)
        Certificate.objects.filter(pk__in=gone).update(render_state=Certificate.RenderState.PENDING)
    return {
        "certificates": enqueue_each(
            "lms.tasks.certificate_issue_task", [tuple(row) for row in unissued]
        ),
        "pdfs": enqueue_each("lms.tasks.certificate_render_task", unrendered + gone),
    }
