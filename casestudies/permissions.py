"""Who may do what with case studies: one predicate per question, used by the site's views,
the admin's views and templates alike. README's permission table says the same in words; the
permission-matrix test holds every URL to it.

Authors are the participant who writes it alone, or the current members of the group that
writes it together: they see and edit the same draft. A draft is theirs alone — organisers
see a case study once it has been submitted. Reviewing (moving it through review) takes
``casestudies.change_casestudy`` (Penyelenggara)."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from casestudies.models import CaseStudy
from casestudies.selectors import COLLECTED, case_study_is_author, case_study_is_reviewer
from cohorts.selectors import participant_get_for_user


def may_write_case_studies(user) -> bool:
    """Open "my case studies" and start one: participants with an account."""
    return participant_get_for_user(user) is not None


def is_author(user, case_study: CaseStudy) -> bool:
    """Kept on the case study object, so one request asks once."""
    if not user.is_authenticated:
        return False
    cache = case_study.__dict__.setdefault("_authors_checked", {})
    if user.pk not in cache:
        cache[user.pk] = case_study_is_author(
            case_study=case_study, participant=participant_get_for_user(user)
        )
    return cache[user.pk]


def may_review_case_studies(user) -> bool:
    """The review list, a case study's review page and its transitions."""
    return user.is_authenticated and user.has_perm("casestudies.change_casestudy")


def may_score_case_studies(user) -> bool:
    """Be assigned as a reviewer and open "my reviews" (facilitators: coach, mentor, penguji)."""
    return user.is_authenticated and user.has_perm("casestudies.view_reviewassignment")


def is_reviewer(user, case_study: CaseStudy) -> bool:
    """Assigned to review it; kept on the case study object, so one request asks once."""
    if not may_score_case_studies(user):
        return False
    cache = case_study.__dict__.setdefault("_reviewers_checked", {})
    if user.pk not in cache:
        cache[user.pk] = case_study_is_reviewer(case_study=case_study, user=user)
    return cache[user.pk]


def may_view_case_study(user, case_study: CaseStudy) -> bool:
    """Its authors always; organisers and its assigned reviewers once it is no longer a
    draft; nobody else."""
    if is_author(user, case_study):
        return True
    if case_study.status == CaseStudy.Status.DRAFT:
        return False
    return may_review_case_studies(user) or is_reviewer(user, case_study)


def may_score(user, assignment) -> bool:
    """Score with the rubric: the assigned reviewer himself, while the case study is in
    review."""
    return (
        user.is_authenticated
        and assignment.reviewer_id == user.pk
        and assignment.case_study.status == CaseStudy.Status.IN_REVIEW
    )


def may_assign_reviewers(user) -> bool:
    return user.is_authenticated and user.has_perm("casestudies.add_reviewassignment")


def may_edit_case_study(user, case_study: CaseStudy) -> bool:
    """Change the text, the paper and the photos: its authors, while a draft or sent back."""
    return case_study.editable and is_author(user, case_study)


def may_submit_case_study(user, case_study: CaseStudy) -> bool:
    return case_study.may_become(CaseStudy.Status.SUBMITTED) and is_author(user, case_study)


def may_see_photo_location(user, case_study: CaseStudy) -> bool:
    """Positions (reported by the browser, read from EXIF) and original files, which keep
    their EXIF, go no further than the authors and the reviewers."""
    return may_view_case_study(user, case_study)


def may_manage_photo_categories(user) -> bool:
    return user.has_perm("casestudies.change_photocategory")


def may_view_collection(user) -> bool:
    """The digital collection (accepted and presented case studies, their web photos and
    papers): shared with the programmes' participants (with an account) and staff (admin
    access). Drafts and work in review never appear in it."""
    if not user.is_authenticated:
        return False
    return user.has_perm("wagtailadmin.access_admin") or participant_get_for_user(user) is not None


def may_view_collected(user, case_study: CaseStudy) -> bool:
    """One output of the collection: accepted or presented, for whoever sees the collection."""
    return case_study.status in COLLECTED and may_view_collection(user)


def may_build_collection(user) -> bool:
    """Build a programme's PDF book and download it; export its outputs as a ZIP (papers and
    original photos, EXIF included): organisers."""
    return may_review_case_studies(user)


def may_manage_conflicts(user) -> bool:
    """Declare conflicts of interest for anyone, pin them, remove unpinned ones: organisers."""
    return user.is_authenticated and user.has_perm("casestudies.change_conflictofinterest")


def may_declare_conflict(user, *, reviewer, participant) -> bool:
    """The reviewer himself, the participant (author) himself, or an organiser."""
    if not user.is_authenticated:
        return False
    return (
        may_manage_conflicts(user)
        or reviewer.pk == user.pk
        or (participant.user_id is not None and participant.user_id == user.pk)
    )


def may_remove_conflict(user, conflict) -> bool:
    """Nobody removes a pinned conflict; an unpinned one goes only by whoever declared it or
    an organiser."""
    if not user.is_authenticated or conflict.pinned:
        return False
    return conflict.declared_by_id == user.pk or may_manage_conflicts(user)


def may_edit_review_weights(user) -> bool:
    return user.is_authenticated and user.has_perm("casestudies.change_reviewweights")


def may_release_feedback(user) -> bool:
    """Let the authors see the reviewers' feedback and the final score: organisers."""
    return may_review_case_studies(user)


def feedback_released(case_study: CaseStudy) -> bool:
    try:
        return case_study.feedback_release is not None
    except ObjectDoesNotExist:
        return False


def may_see_feedback(user, case_study: CaseStudy) -> bool:
    """The authors, once the organiser released the feedback; never before."""
    return is_author(user, case_study) and feedback_released(case_study)


def may_schedule_presentations(user) -> bool:
    """Schedule presentation slots, mark them held or cancelled, see the panels' scores:
    organisers (who assign reviewers)."""
    return may_assign_reviewers(user)


def may_sit_on_panels(user) -> bool:
    """Sit on a presentation panel and open "my panels": facilitators."""
    return may_score_case_studies(user)


def may_panel_score(user, member) -> bool:
    """Score a presentation: the panellist himself, once held or on its day."""
    slot = member.slot
    return (
        user.is_authenticated
        and member.panellist_id == user.pk
        and (
            slot.status == slot.Status.HELD
            or (slot.status == slot.Status.SCHEDULED and slot.day.date <= timezone.localdate())
        )
    )
