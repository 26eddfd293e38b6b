"""Wagtail permission policies shared by the apps' admin viewsets. Each app registers its
models' policies at the top of its ``wagtail_hooks.py`` (before the viewsets), with
``wagtail.permissions.register_permission_policy``.

A policy answers for the whole admin: the listing's buttons, the views themselves and the
snippets' bulk actions all ask it, so an action it refuses has no way in."""

from wagtail.permission_policies import ModelPermissionPolicy


class NoDeletePermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, except that nobody deletes (superusers included): rows that
    history, other rows (``on_delete=PROTECT``) or stored answers point at are retired or
    cancelled by their services instead."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action != "delete"]
        if not actions:
            return self._get_users_with_any_permission_codenames(set()).none()
        return super().users_with_any_permission(actions)


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Read-only in the admin for everybody: official data loaded by a command (regions)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return self._get_users_with_any_permission_codenames(set()).none()
        return super().users_with_any_permission(["view"])
