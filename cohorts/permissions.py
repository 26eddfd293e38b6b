"""Who may do what on the cohorts side: one predicate per question, used by the admin views,
the site's views and templates alike, and the Wagtail permission policies of the admin's
viewsets built on them. README's permission table says the same in words; the
permission-matrix test (``tests/test_permission_matrix.py``) holds every URL to it."""

from django.db.models import QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from cohorts.models import Cohort, Participant, Region, TrainingSession
from core.permission_policies import NoDeletePermissionPolicy, ViewOnlyPermissionPolicy
from core.roles import Role

# Roles that see every session; a facilitator holding none of them sees only his own.
ROLES_SEEING_EVERY_SESSION = frozenset({Role.PENYELENGGARA, Role.PIMPINAN, Role.PENILAI})


def may_view_participants(user) -> bool:
    return user.has_perm("cohorts.view_participant")


def may_import_roster(user) -> bool:
    """Upload, preview and apply roster files."""
    return user.has_perm("cohorts.add_rosterimport")


def may_export_roster(user) -> bool:
    """The whole roster with every NIP, email and phone is personal data: organisers only."""
    return user.has_perm("cohorts.add_rosterimport")


def may_see_dashboard(user) -> bool:
    return user.has_perm("cohorts.view_trainingsession")


def may_manage_sessions(user) -> bool:
    """Create and change sessions, book, waitlist, invite, assign lodging, cancel."""
    return user.has_perm("cohorts.change_trainingsession")


def may_change_cohort(user) -> bool:
    return user.has_perm("cohorts.change_cohort")


def may_view_schedule_proposals(user) -> bool:
    return user.has_perm("cohorts.view_scheduleproposal")


def may_schedule(user) -> bool:
    """Run the scheduling assistant: propose, adjust, confirm, discard."""
    return user.has_perm("cohorts.add_scheduleproposal")


def _roles(user) -> frozenset[str]:
    """The user's role (group) names, read once per request's user object."""
    roles = getattr(user, "_cohorts_roles", None)
    if roles is None:
        roles = frozenset(user.groups.values_list("name", flat=True))
        user._cohorts_roles = roles
    return roles


def _facilitates(user, session) -> bool:
    return session.facilitators.filter(pk=user.pk).exists()


def sees_only_own_sessions(user) -> bool:
    """A facilitator sees only the sessions he facilitates: the session list, their
    participants pages, attendance pages, sheets and exports. Holding a role that sees every
    session (Penyelenggara, Pimpinan, Penilai), or the right to manage sessions, lifts this."""
    if not user.is_authenticated or user.is_superuser or may_manage_sessions(user):
        return False
    roles = _roles(user)
    return Role.FASILITATOR in roles and not roles & ROLES_SEEING_EVERY_SESSION


def may_view_sessions(user) -> bool:
    """Open the session list (a facilitator's shows only his sessions)."""
    return user.is_authenticated and user.has_perm("cohorts.view_trainingsession")


def may_view_session(user, session) -> bool:
    """A session's page of participants: session viewers, a facilitator only his sessions."""
    if not may_view_sessions(user):
        return False
    return not sees_only_own_sessions(user) or _facilitates(user, session)


def sessions_visible_to(user, sessions: QuerySet[TrainingSession]) -> QuerySet[TrainingSession]:
    """``sessions`` narrowed to those ``may_view_session`` allows (one WHERE clause)."""
    if not may_view_sessions(user):
        return sessions.none()
    if sees_only_own_sessions(user):
        return sessions.filter(pk__in=user.facilitated_sessions.values("pk"))
    return sessions


def may_mark_attendance(user, session) -> bool:
    """Organisers mark every session; a facilitator only the sessions he facilitates."""
    if not user.is_authenticated or not user.has_perm("cohorts.change_attendance"):
        return False
    if may_manage_sessions(user):
        return True
    return _facilitates(user, session)


def may_view_attendance(user, session) -> bool:
    """Sheets, rosters and exports name and number people: attendance viewers only, and a
    facilitator only for the sessions he facilitates."""
    if not user.is_authenticated or not user.has_perm("cohorts.view_attendance"):
        return False
    return not sees_only_own_sessions(user) or _facilitates(user, session)


# Wagtail permission policies of the admin's viewsets -----------------------------------------


class TrainingSessionPermissionPolicy(NoDeletePermissionPolicy):
    """Model permissions, narrowed for facilitators to the sessions they facilitate
    (``may_view_session``). A session is never deleted (its bookings and attendance are
    history): it is cancelled (``session_cancel``)."""

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view":
            return may_view_session(user, instance)
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if set(actions) <= {"view"}:
            return sessions_visible_to(user, queryset)
        return queryset


def admin_permission_policies() -> list[tuple[type, ModelPermissionPolicy]]:
    """The policies ``cohorts/wagtail_hooks.py`` registers before the viewsets: regions are
    official data (imported, never edited here); participants, cohorts and sessions are
    never deleted (bookings, attendance and memberships point at them and are history)."""
    return [
        (Region, ViewOnlyPermissionPolicy(Region)),
        (Participant, NoDeletePermissionPolicy(Participant)),
        (Cohort, NoDeletePermissionPolicy(Cohort)),
        (TrainingSession, TrainingSessionPermissionPolicy(TrainingSession)),
    ]
