"""Who may do what on the cohorts side: one predicate per question, used by the admin views,
the site's views and templates alike. README's permission table says the same in words; the
permission-matrix test (``tests/test_permission_matrix.py``) holds every URL to it."""


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


def may_mark_attendance(user, session) -> bool:
    """Organisers mark every session; a facilitator only the sessions he facilitates."""
    if not user.is_authenticated or not user.has_perm("cohorts.change_attendance"):
        return False
    if may_manage_sessions(user):
        return True
    return session.facilitators.filter(pk=user.pk).exists()


def may_view_attendance(user, session) -> bool:
    """Sheets, rosters and exports name and number people: attendance viewers only; a
    facilitator who does not run sessions sees only the sessions he facilitates."""
    if not user.is_authenticated or not user.has_perm("cohorts.view_attendance"):
        return False
    if user.has_perm("cohorts.change_attendance") and not may_manage_sessions(user):
        return session.facilitators.filter(pk=user.pk).exists()
    return True
