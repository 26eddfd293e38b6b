"""Who may do what in the learning engine, accounts and certificates: one predicate per
question, used by views, pages, admin views and templates alike. README's permission table
says the same in words; the permission-matrix test holds every URL to it."""

from enum import Enum

from django.db.models import Exists
from wagtail.models import GroupApprovalTask

from cms.models import LessonPage, ModulePage, ProgrammePage
from cohorts.selectors import participant_get_for_user
from lms.models import Enrolment, ModuleCompletion


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return {group.name for group in user.groups.all()}


def may_use_admin(user) -> bool:
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


def may_use_workflows(user) -> bool:
    """Moderation workflows concern whoever manages them and the members of a group that
    approves a task of an active workflow; anybody else finds nothing in their reports."""
    if not may_use_admin(user):
        return False
    if any(user.has_perm(f"wagtailcore.{action}_workflow") for action in ("add", "change")):
        return True
    return GroupApprovalTask.objects.filter(
        active=True, workflow_tasks__workflow__active=True, groups__user=user
    ).exists()


def is_learning_staff(user) -> bool:
    """Staff read every lesson and test page (to check content), enrolled or not."""
    return may_use_admin(user)


def may_invite(user) -> bool:
    return user.has_perm("lms.add_invitation")


def may_enrol(user) -> bool:
    return user.has_perm("lms.add_enrolment")


def may_view_progress(user) -> bool:
    """Cohort progress and test results show every member's scores."""
    return user.has_perm("lms.view_testattempt")


def may_correct_score(user) -> bool:
    return user.has_perm("lms.change_testattempt")


def may_view_certificates(user) -> bool:
    return user.has_perm("lms.view_certificate")


def may_revoke_certificate(user) -> bool:
    return user.has_perm("lms.change_certificate")


def may_issue_certificates(user) -> bool:
    return user.has_perm("lms.add_certificatebatch")


def may_view_certificate_batches(user) -> bool:
    return user.has_perm("lms.view_certificatebatch")


def may_download_certificate(user, certificate) -> bool:
    """The certificate's own participant, or staff who may view certificates (the PDF shows
    the NIP, so admin access alone is not enough)."""
    if not user.is_authenticated:
        return False
    if may_view_certificates(user):
        return True
    participant = participant_get_for_user(user)
    return participant is not None and participant.pk == certificate.participant_id


def may_view_attempt(user, attempt) -> bool:
    if not user.is_authenticated:
        return False
    participant = participant_get_for_user(user)
    return (participant is not None and attempt.participant_id == participant.pk) or (
        may_view_progress(user)
    )


class Access(Enum):
    ALLOWED = "allowed"
    SIGN_IN = "sign_in"
    NOT_ENROLLED = "not_enrolled"
    LOCKED = "locked"


def learning_access(user, page):
    """May ``user`` open this programme, module or lesson page? Returns (Access, detail).

    Enrolled participants may; a module (and its lessons) stays locked until its
    prerequisite module is complete. Staff may always (to review content).
    """
    if not user.is_authenticated:
        return Access.SIGN_IN, None
    module = None
    if isinstance(page, LessonPage):
        module = lesson_module(page)
    elif isinstance(page, ModulePage):
        module = page
    participant = participant_get_for_user(user)
    if participant is None:
        return (Access.ALLOWED if is_learning_staff(user) else Access.NOT_ENROLLED), None
    # One query answers "enrolled here?" and "prerequisite met?"
    enrolments = Enrolment.objects.filter(participant=participant)
    programme = getattr(module, "_cached_parent_obj", None) if module is not None else page
    if isinstance(programme, ProgrammePage):
        enrolments = enrolments.filter(programme_id=programme.pk)
    else:
        enrolments = enrolments.filter(programme__path=page.path[: 3 * page.steplen])
    prerequisite_id = module.prerequisite_id if module is not None else None
    if prerequisite_id:
        enrolments = enrolments.annotate(
            prerequisite_met=Exists(
                ModuleCompletion.objects.filter(participant=participant, module_id=prerequisite_id)
            )
        )
    enrolment = enrolments.first()
    if enrolment is None:
        return (Access.ALLOWED if is_learning_staff(user) else Access.NOT_ENROLLED), None
    if prerequisite_id and not enrolment.prerequisite_met and not is_learning_staff(user):
        return Access.LOCKED, module.prerequisite
    return Access.ALLOWED, None


def lesson_module(lesson):
    """The lesson's module, fetched once per lesson object (one query, not two)."""
    module = getattr(lesson, "_cached_parent_obj", None)  # set by routing
    if not isinstance(module, ModulePage):
        module = ModulePage.objects.get(path=lesson.path[: -lesson.steplen])
        lesson._cached_parent_obj = module
    return module
