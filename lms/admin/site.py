"""The admin as a whole: Selaras's stylesheet, and menus that offer each person only what his
permissions let him use. Registered by ``lms/wagtail_hooks.py``.

Wagtail already hides what a permission forbids outright; what remains to cut away:
- the Help menu: Wagtail's guides (English pages about Wagtail, off site); the keyboard
  shortcuts dialog stays on its key, "?" (``templates/wagtailadmin/base.html``);
- the workflow reports, which Wagtail shows to anyone who may edit a page: only those who
  manage workflows or approve a task of an active one have anything to find there.
"""

from django.templatetags.static import static
from django.utils.html import format_html

from lms.permissions import may_use_workflows

WORKFLOW_REPORTS = {"workflows", "workflow-tasks"}


def admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("css/selaras-admin.css"))


def reports_menu(request, menu_items):
    if not may_use_workflows(request.user):
        menu_items[:] = [item for item in menu_items if item.name not in WORKFLOW_REPORTS]


def help_menu(request, menu_items):
    menu_items.clear()
