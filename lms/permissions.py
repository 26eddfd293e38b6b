"""Who may do what in the learning engine, accounts, certificates and visioning: one predicate
per question, used by views, pages, admin views and templates alike. README's permission table
says the same in words; the permission-matrix test holds every URL to it."""

from enum import Enum

from django.db.models import Exists, Q
from wagtail.models import GroupApprovalTask, Page

from cms.models import LessonPage, ModulePage, ProgrammePage
from cms.visioning import VisioningMaterialPage
from cohorts.selectors import participant_get_for_user, units_under_q
from core.roles import Role
from lms.models import Enrolment, ModuleCompletion
from lms.selectors.visioning import material_in_audience


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


# Visioning materials -----------------------------------------------------------------------


def may_read_material(user, material: VisioningMaterialPage) -> bool:
    """A material's page and paparan: the participants of its audience; staff (admin access)
    every one, to review it. Anyone else is answered "not found"."""
    if not user.is_authenticated:
        return False
    participant = participant_get_for_user(user)
    if participant is not None and material_in_audience(material=material, participant=participant):
        return True
    return may_use_admin(user)


def may_acknowledge(user, material: VisioningMaterialPage) -> bool:
    """Only a participant of the material's audience acknowledges it (his own response)."""
    participant = participant_get_for_user(user)
    return participant is not None and material_in_audience(
        material=material, participant=participant
    )


def may_view_acknowledgements(user) -> bool:
    """The responses name people and what they commit to: organisers and coaches."""
    return user.has_perm("lms.view_visioningacknowledgement")


def may_record_acknowledgement(user) -> bool:
    """Record an acknowledgement on a participant's behalf, with a note (organisers)."""
    return user.has_perm("lms.add_visioningacknowledgement")


def may_rate_acknowledgement(user) -> bool:
    """Rate the understanding a response shows (coaches)."""
    return user.has_perm("lms.add_visioningrating")


def sees_only_own_visioning(user) -> bool:
    """A Pimpinan who does not also publish (an organiser, a superuser) sees in the page
    explorer only his own materials and those of the units under his own."""
    if not user.is_authenticated or user.is_superuser:
        return False
    roles = user_roles(user)
    return Role.PIMPINAN in roles and Role.PENYELENGGARA not in roles


def visioning_pages_visible_to(user, pages):
    """``pages`` (children of the visioning index) narrowed for ``sees_only_own_visioning``:
    those he owns, and the materials whose leader's unit is his unit or under it."""
    if not sees_only_own_visioning(user):
        return pages
    visible = Q(owner=user)
    participant = participant_get_for_user(user)
    if participant is not None:
        visible |= units_under_q(
            [participant.unit.code], field="visioningmaterialpage__leader_unit__code"
        )
    return pages.filter(visible)


def may_view_alignment(user) -> bool:
    """The alignment dashboard: organisers (every material, every unit) and Pimpinan (the
    materials ``visioning_pages_visible_to`` shows them, within their own units)."""
    if not user.is_authenticated:
        return False
    return may_record_acknowledgement(user) or Role.PIMPINAN in user_roles(user)


def alignment_scope(user, materials):
    """(the materials ``user`` may follow, the region code his view is limited to or None)."""
    if may_record_acknowledgement(user) or not sees_only_own_visioning(user):
        return materials, None
    participant = participant_get_for_user(user)
    within = participant.unit.code if participant is not None else None
    visible = visioning_pages_visible_to(user, Page.objects.type(VisioningMaterialPage))
    return materials.filter(pk__in=visible.values("pk")), within


# Shared practices --------------------------------------------------------------------------


def may_read_practices(user) -> bool:
    """The feed: signed-in participants (leaders and peers) and staff."""
    if not user.is_authenticated:
        return False
    return participant_get_for_user(user) is not None or may_use_admin(user)


def may_post_practice(user) -> bool:
    return user.is_authenticated and participant_get_for_user(user) is not None


def may_moderate_practices(user) -> bool:
    """Publish, reject and hide posts (organisers)."""
    return user.has_perm("lms.change_practicepost")


def may_feature_practice(user) -> bool:
    """Feature a published post (Pimpinan, organisers)."""
    return user.has_perm("lms.feature_practicepost")


def is_practice_author(user, post) -> bool:
    participant = participant_get_for_user(user) if user.is_authenticated else None
    return participant is not None and participant.pk == post.author_id


def may_view_practice(user, post) -> bool:
    """A published post: whoever reads the feed; any other: its author and organisers."""
    if post.status == post.Status.PUBLISHED and may_read_practices(user):
        return True
    return is_practice_author(user, post) or may_moderate_practices(user)


def may_view_practice_original(user, post) -> bool:
    """The photo as uploaded (EXIF and GPS included): its author and organisers only."""
    return is_practice_author(user, post) or may_moderate_practices(user)
