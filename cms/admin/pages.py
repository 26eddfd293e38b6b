"""The page tree in the Wagtail admin: what Wagtail's own page views leave open."""

from django.core.exceptions import PermissionDenied


def refuse_move_without_permission(request, page, destination):
    """Wagtail shows the confirmation of a page move to anyone who opens the admin and checks
    the permission only when the move is made: refuse the confirmation too (a
    ``before_move_page`` hook)."""
    if not page.permissions_for_user(request.user).can_move_to(destination):
        raise PermissionDenied
