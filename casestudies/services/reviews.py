"""Reviews: assigning reviewers (by hand or by the automatic allocation), their rubric scores,
conflicts of interest, the roles' weights and the release of feedback to the authors. The only
code that saves a ``ReviewAssignment``, ``RubricScore``, ``ConflictOfInterest``,
``ReviewWeights`` or ``FeedbackRelease``."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casestudies.allocation import Proposal
from casestudies.models import (
    CaseStudy,
    ConflictOfInterest,
    FeedbackRelease,
    ReviewAssignment,
    ReviewWeights,
    RubricCriterion,
    RubricScore,
)
from casestudies.models.reviews import LEVELS
from casestudies.permissions import (
    may_declare_conflict,
    may_manage_conflicts,
    may_remove_conflict,
)
from casestudies.selectors import case_study_is_author, review_conflicts, reviewers
from cohorts.models import Participant
from cohorts.selectors import participant_get_for_user
from core.errors import DomainError

Status = CaseStudy.Status
ASSIGNABLE = (Status.SUBMITTED, Status.IN_REVIEW, Status.REVISION_REQUESTED)


def review_assign_check(*, case_study: CaseStudy, reviewer, role: str) -> None:
    """Refuse (DomainError, saying why) a reviewer who is not a facilitator, who wrote the
    case study, who is already assigned, or whom a conflict of interest keeps out of the role
    (``casestudies.conflicts``, each explained); a case study not handed in or already
    decided; an unknown role. Reads only."""
    if role not in ReviewAssignment.Role.values:
        raise DomainError(_("Choose the reviewer's role: coach, mentor or examiner."))
    if case_study.status not in ASSIGNABLE:
        raise DomainError(
            _("A case study that is “%(status)s” gets no new reviewer.")
            % {"status": case_study.get_status_display()}
        )
    if not reviewers().filter(pk=reviewer.pk).exists():
        raise DomainError(
            _("%(name)s is not a facilitator and cannot review.") % {"name": reviewer}
        )
    participant = participant_get_for_user(reviewer)
    if case_study_is_author(case_study=case_study, participant=participant):
        raise DomainError(
            _("%(name)s is one of its authors: a conflict of interest.") % {"name": reviewer}
        )
    if ReviewAssignment.objects.filter(case_study=case_study, reviewer=reviewer).exists():
        raise DomainError(_("%(name)s already reviews this case study.") % {"name": reviewer})
    conflicts = review_conflicts(case_study=case_study, reviewer=reviewer, role=role)
    if conflicts:
        raise DomainError(
            _("%(name)s has a conflict of interest: %(why)s")
            % {"name": reviewer, "why": " ".join(c.explanation for c in conflicts)}
        )


@transaction.atomic
def review_assign(*, case_study: CaseStudy, reviewer, role: str, by) -> ReviewAssignment:
    """Assign ``reviewer`` in ``role``; refused as ``review_assign_check`` says."""
    locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    review_assign_check(case_study=locked, reviewer=reviewer, role=role)
    return ReviewAssignment.objects.create(
        case_study=locked, reviewer=reviewer, role=role, assigned_by=by
    )


@transaction.atomic
def review_score(
    *, assignment: ReviewAssignment, levels: dict[int, int], feedback: str, by
) -> ReviewAssignment:
    """Record the reviewer's level (1–4) for every criterion of the rubric and his feedback,
    replacing what he recorded before. Only the assigned reviewer, while the case study is
    in review; every criterion must have a level."""
    assignment = (
        ReviewAssignment.objects.select_for_update()
        .select_related("case_study")
        .get(pk=assignment.pk)
    )
    if by is None or assignment.reviewer_id != by.pk:
        raise DomainError(_("Only the assigned reviewer scores this case study."))
    if assignment.case_study.status != Status.IN_REVIEW:
        raise DomainError(_("Case studies are scored while they are in review."))
    criteria = list(RubricCriterion.objects.values_list("pk", flat=True))
    missing = [pk for pk in criteria if pk not in levels]
    if missing:
        raise DomainError(_("Give a level for every criterion of the rubric."))
    if any(not (LEVELS[0] <= levels[pk] <= LEVELS[1]) for pk in criteria):
        raise DomainError(_("Levels go from 1 to 4."))
    RubricScore.objects.filter(assignment=assignment).delete()
    RubricScore.objects.bulk_create(
        RubricScore(assignment=assignment, criterion_id=pk, level=levels[pk]) for pk in criteria
    )
    assignment.feedback = feedback.strip()
    assignment.scored_at = timezone.now()
    assignment.save(update_fields=["feedback", "scored_at"])
    return assignment


@transaction.atomic
def review_allocation_apply(*, proposals: Iterable[Proposal], by) -> list[ReviewAssignment]:
    """Assign the proposals of an automatic allocation (``casestudies.allocation``), as
    previewed and confirmed by the organiser: all or none. Each one is checked again as a hand
    assignment is (``review_assign_check``), so a conflict declared since the preview
    refuses the whole batch, saying which."""
    proposals, made = list(proposals), []
    locked = {
        cs.pk: cs
        for cs in CaseStudy.objects.select_for_update().filter(
            pk__in={p.case_study_id for p in proposals}
        )
    }
    people = {
        user.pk: user for user in reviewers().filter(pk__in={p.reviewer_id for p in proposals})
    }
    for proposal in proposals:
        case_study = locked.get(proposal.case_study_id)
        reviewer = people.get(proposal.reviewer_id)
        if case_study is None or reviewer is None:
            raise DomainError(_("The proposal is out of date: preview it again."))
        try:
            review_assign_check(case_study=case_study, reviewer=reviewer, role=proposal.role)
        except DomainError as error:
            raise DomainError(f"{case_study.title}: {error}") from error
        made.append(
            ReviewAssignment.objects.create(
                case_study=case_study, reviewer=reviewer, role=proposal.role, assigned_by=by
            )
        )
    return made


def conflict_declare_check(
    *,
    reviewer,
    participant: Participant,
    kind: str,
    valid_from: datetime.date | None,
    valid_to: datetime.date | None,
    by,
) -> None:
    """Refuse (DomainError) a declarer who is neither the reviewer, nor the participant, nor
    an organiser; an unknown relation; dates out of order; a reviewer declaring a relation
    with himself. Reads only."""
    if by is None or not may_declare_conflict(by, reviewer=reviewer, participant=participant):
        raise DomainError(_("A conflict is declared by the reviewer, the author or an organiser."))
    if kind not in ConflictOfInterest.Kind.values:
        raise DomainError(_("Choose the kind of relation."))
    if valid_from and valid_to and valid_to < valid_from:
        raise DomainError(_("The end of the relation comes before its start."))
    if participant.user_id is not None and participant.user_id == reviewer.pk:
        raise DomainError(_("A reviewer has no conflict with himself."))


@transaction.atomic
def conflict_declare(
    *,
    reviewer,
    participant: Participant,
    kind: str,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
    reason: str = "",
    by,
) -> ConflictOfInterest:
    """Record a relation between ``reviewer`` and ``participant`` that keeps the reviewer
    from reviewing the participant's case studies while in force. Existing assignments are
    left as they are (the review page shows the conflict); new ones are refused."""
    conflict_declare_check(
        reviewer=reviewer,
        participant=participant,
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
        by=by,
    )
    return ConflictOfInterest.objects.create(
        reviewer=reviewer,
        participant=participant,
        kind=kind,
        valid_from=valid_from,
        valid_to=valid_to,
        reason=reason.strip(),
        declared_by=by,
    )


@transaction.atomic
def conflict_pin(*, conflict: ConflictOfInterest, by) -> ConflictOfInterest:
    """An organiser pins the conflict: from then on nobody removes it. Pinning twice keeps
    the first pin."""
    if by is None or not may_manage_conflicts(by):
        raise DomainError(_("Only an organiser pins a conflict."))
    conflict = ConflictOfInterest.objects.select_for_update().get(pk=conflict.pk)
    if not conflict.pinned:
        conflict.pinned_by, conflict.pinned_at = by, timezone.now()
        conflict.save(update_fields=["pinned_by", "pinned_at"])
    return conflict


@transaction.atomic
def conflict_remove(*, conflict: ConflictOfInterest, by) -> None:
    """Remove an unpinned conflict: only whoever declared it or an organiser. A pinned one
    stays, whoever asks."""
    conflict = ConflictOfInterest.objects.select_for_update().get(pk=conflict.pk)
    if conflict.pinned:
        raise DomainError(_("This conflict is pinned by the organiser: it cannot be removed."))
    if by is None or not may_remove_conflict(by, conflict):
        raise DomainError(_("Only whoever declared a conflict or an organiser removes it."))
    conflict.delete()


@transaction.atomic
def review_weights_save(*, penguji: int, coach: int, mentor: int, by) -> ReviewWeights:
    """Set the roles' weights in the final score (percent, whole numbers, summing to 100;
    ValidationError otherwise). Final scores are computed when shown, so every case study
    follows the new weights at once."""
    weights = {"penguji": penguji, "coach": coach, "mentor": mentor}
    if any(value is None or not 0 <= value <= 100 for value in weights.values()):
        raise ValidationError(_("Each weight is a whole percentage from 0 to 100."))
    if sum(weights.values()) != 100:
        raise ValidationError(
            _("The weights add up to %(total)d%%; they must add up to 100%%.")
            % {"total": sum(weights.values())}
        )
    row, _created = ReviewWeights.objects.select_for_update().get_or_create(pk=1)
    for role, value in weights.items():
        setattr(row, role, value)
    row.updated_by = by
    row.save()
    return row


RELEASABLE = (Status.IN_REVIEW, Status.REVISION_REQUESTED, Status.ACCEPTED, Status.PRESENTED)


@transaction.atomic
def feedback_release(*, case_study: CaseStudy, by) -> FeedbackRelease:
    """Let the authors see the reviewers' feedback and the final score on their case-study
    page, recording who and when. Refused before the review started, with no scored review,
    or when already released."""
    locked = CaseStudy.objects.select_for_update().get(pk=case_study.pk)
    if locked.status not in RELEASABLE:
        raise DomainError(_("Feedback is released once the review has started."))
    if not ReviewAssignment.objects.filter(case_study=locked, scored_at__isnull=False).exists():
        raise DomainError(_("No reviewer has scored it yet: there is no feedback to release."))
    if FeedbackRelease.objects.filter(case_study=locked).exists():
        raise DomainError(_("The feedback has already been released."))
    return FeedbackRelease.objects.create(case_study=locked, released_by=by)
