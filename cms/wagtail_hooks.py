"""Registers the content app's admin (``cms/admin/``)."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from cms.admin.content import LearningContentGroup, admin_permission_policies
from cms.admin.pages import refuse_move_without_permission

for model, policy in admin_permission_policies():
    register_permission_policy(model, policy)

register_snippet(LearningContentGroup)
hooks.register("before_move_page", refuse_move_without_permission)
