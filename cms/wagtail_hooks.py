"""Registers the content app's admin (``cms/admin/``)."""

from wagtail.snippets.models import register_snippet

from cms.admin.content import LearningContentGroup

register_snippet(LearningContentGroup)
