"""Writing case studies: drafts, their paper and their workflow. The only code that saves a
``CaseStudy`` or a ``CaseStudyTransition``.

Every move of the workflow goes through ``CaseStudy.set_status`` (the lifecycle refuses any
other) and is kept with who, when and a comment. Authors submit; reviewers (organisers) take
it into review, send it back for revision (a comment is required: it tells the authors what
to change), accept it and record it as presented."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casestudies.models import CaseStudy, CaseStudyTransition
from casestudies.selectors import case_study_is_author
from cohorts.models import CohortMembership
from cohorts.selectors import participant_get_for_user
from core.errors import DomainError
from core.files import DocumentLimits, document_check, file_sha256

Status = CaseStudy.Status
REVIEW_MOVES = (Status.IN_REVIEW, Status.REVISION_REQUESTED, Status.ACCEPTED, Status.PRESENTED)
TEXT_FIELDS = ("title", "summary", "theme", "visit_starts", "visit_ends", "visit_place")


def case_study_check(*, case_study: CaseStudy) -> None:
    """Refuse (ValidationError keyed by field) what no case study may be: a thematic work
    without its theme, a visit ending before it starts, a study-visit paper without its
    dates. Reads only."""
    errors = {}
    if case_study.kind == CaseStudy.Kind.THEMATIC and not case_study.theme_id:
        errors["theme"] = _("Thematic group work needs its theme.")
    if case_study.kind == CaseStudy.Kind.STUDY_VISIT and not (
        case_study.visit_starts and case_study.visit_ends
    ):
        errors["visit_starts"] = _("A study-visit paper needs the visit's first and last day.")
    if (
        case_study.visit_starts
        and case_study.visit_ends
        and case_study.visit_ends < case_study.visit_starts
    ):
        errors["visit_ends"] = _("The visit cannot end before it starts.")
    if errors:
        raise ValidationError(errors)


def _record(case_study, *, old, new, by, comment="") -> CaseStudyTransition:
    return CaseStudyTransition.objects.create(
        case_study=case_study,
        from_status=old,
        to_status=new,
        by=by,
        comment=comment,
        late=new == Status.SUBMITTED and case_study.late,
    )


@transaction.atomic
def case_study_create(
    *,
    kind: str,
    title: str,
    participant,
    by,
    group=None,
    theme=None,
    summary: str = "",
    visit_starts=None,
    visit_ends=None,
    visit_place: str = "",
    deadline=None,
) -> CaseStudy:
    """A new draft written by ``participant`` alone, or with ``group`` (a cohort he is a
    current member of: every member becomes an author). Refused (DomainError) for a group he
    is not in; validated by ``case_study_check``. Records the creation in the history."""
    member = CohortMembership.objects.active().filter(cohort=group, participant=participant)
    if group is not None and not member.exists():
        raise DomainError(_("You can only write with a group you are a member of."))
    case_study = CaseStudy(
        kind=kind,
        title=title,
        summary=summary,
        theme=theme,
        author=None if group is not None else participant,
        group=group,
        visit_starts=visit_starts,
        visit_ends=visit_ends,
        visit_place=visit_place,
        deadline=deadline,
        created_by=by,
    )
    case_study_check(case_study=case_study)
    case_study.full_clean(exclude=["paper"])
    case_study.save()
    _record(case_study, old="", new=Status.DRAFT, by=by)
    return case_study


def _lock(case_study) -> CaseStudy:
    return CaseStudy.objects.select_for_update().get(pk=case_study.pk)


def case_study_edit_check(*, case_study: CaseStudy, by) -> None:
    """Refuse (DomainError) a change by someone who is not an author, or once handed in."""
    participant = participant_get_for_user(by) if by is not None else None
    if not case_study_is_author(case_study=case_study, participant=participant):
        raise DomainError(_("Only its authors can change this case study."))
    if not case_study.editable:
        raise DomainError(
            _("This case study is “%(status)s”: it can no longer be changed.")
            % {"status": case_study.get_status_display()}
        )


@transaction.atomic
def case_study_save(*, case_study: CaseStudy, by, **fields) -> CaseStudy:
    """Change the text fields (``TEXT_FIELDS``) of a draft or of a case study sent back, by
    one of its authors. Validated as ``case_study_check``."""
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    locked = _lock(case_study)
    case_study_edit_check(case_study=locked, by=by)
    for name, value in fields.items():
        setattr(locked, name, value)
    case_study_check(case_study=locked)
    locked.full_clean(exclude=["paper"])
    locked.save()
    return locked


@transaction.atomic
def case_study_paper_upload(
    *, case_study: CaseStudy, file, by, limits: DocumentLimits | None = None
) -> CaseStudy:
    """Store the paper (PDF or DOCX, judged by its content: ``core.files.document_check``)
    privately under a random name, with its SHA-256, replacing the previous one (whose file
    is deleted after the commit). Authors only, while editable."""
    locked = _lock(case_study)
    case_study_edit_check(case_study=locked, by=by)
    paper_format = document_check(file, limits)
    old = locked.paper.name if locked.paper else ""
    locked.paper_sha256 = file_sha256(file)
    locked.paper_format = paper_format
    locked.paper_name = (getattr(file, "name", "") or f"makalah.{paper_format}")[-255:]
    locked.paper_uploaded_at = timezone.now()
    locked.paper.save(f"makalah.{paper_format}", file, save=False)
    locked.save()
    if old:
        storage = locked.paper.storage
        transaction.on_commit(lambda: storage.delete(old))
    return locked


def case_study_submit_check(*, case_study: CaseStudy, by) -> None:
    """Refuse (DomainError) handing in without a paper or at least one photo, by someone who is
    not an author, or from a state that cannot be submitted. Reads only."""
    participant = participant_get_for_user(by) if by is not None else None
    if not case_study_is_author(case_study=case_study, participant=participant):
        raise DomainError(_("Only its authors can submit this case study."))
    case_study.transition_check(Status.SUBMITTED)
    if not case_study.paper:
        raise DomainError(_("Upload the paper before submitting."))
    if not case_study.photos.exists():
        raise DomainError(_("Add at least one photo before submitting."))


@transaction.atomic
def case_study_submit(*, case_study: CaseStudy, by, comment: str = "") -> CaseStudy:
    """Hand in (or in again, after a revision was requested): submitted with the server's
    time, flagged late when past the deadline; the move is kept with ``comment``."""
    locked = _lock(case_study)
    case_study_submit_check(case_study=locked, by=by)
    old = locked.status
    locked.set_status(Status.SUBMITTED)
    locked.save()
    _record(locked, old=old, new=Status.SUBMITTED, by=by, comment=comment)
    return locked


@transaction.atomic
def case_study_set_status(
    *, case_study: CaseStudy, status: str, by, comment: str = ""
) -> CaseStudy:
    """A reviewer's move: into review, revision requested (``comment`` required: what to
    change), accepted, presented. Refused (DomainError) for any move the lifecycle does not
    allow and for submitting, which is the authors'."""
    if status not in REVIEW_MOVES:
        raise DomainError(_("Only the authors submit a case study."))
    comment = comment.strip()
    if status == Status.REVISION_REQUESTED and not comment:
        raise DomainError(_("Say what should be revised: a comment is required."))
    locked = _lock(case_study)
    old = locked.status
    locked.set_status(status)
    locked.save()
    _record(locked, old=old, new=status, by=by, comment=comment)
    return locked


@transaction.atomic
def case_study_set_deadline(*, case_study: CaseStudy, deadline, by) -> CaseStudy:
    """The organiser sets or clears the deadline; the late flag of a submission already made
    is not changed (it was judged when it was made)."""
    locked = _lock(case_study)
    locked.deadline = deadline
    locked.save(update_fields=["deadline", "updated_at"])
    return locked
