"""One home for "who may do what" questions, used by views and templates alike."""

from lms.models import Role

STAFF_ROLES = (Role.PENYELENGGARA, Role.FASILITATOR, Role.PIMPINAN, Role.PENILAI)


def user_roles(user):
    if not user.is_authenticated:
        return set()
    return {group.name for group in user.groups.all()}


def may_use_admin(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")
