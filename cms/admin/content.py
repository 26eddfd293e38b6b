"""Learning content that is not a page, in the Wagtail admin: the question bank of each
module and the competency areas modules build.

Both are editorial content edited with Wagtail's snippet views, like the pages they belong
to (the question form checks its options as a whole: ``cms.models.QuestionForm``); no other
table is written when they are saved. Neither is ever deleted, by anybody: test attempts keep
the questions they asked and their answers point at them (``on_delete=PROTECT``), and modules
point at their competency area (``PROTECT``) — a deletion would fail, or with the snippets'
bulk delete, lose the history. A question is retired by unticking "in use" instead. The
permission policies below say so to every view, button and bulk action."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from cms.models import CompetencyArea, Question
from core.admin_columns import ValueColumn
from core.permission_policies import NoDeletePermissionPolicy


def admin_permission_policies():
    """The policies ``cms/wagtail_hooks.py`` registers before the snippets."""
    return [
        (Question, NoDeletePermissionPolicy(Question)),
        (CompetencyArea, NoDeletePermissionPolicy(CompetencyArea)),
    ]


class QuestionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("module")


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Question bank")
    url_prefix = "bank-soal"
    index_view_class = QuestionIndexView
    list_display = ["text", "module", "kind", ValueColumn.of(Question, "active")]
    list_filter = ["kind", "active", "module"]
    search_fields = ["text"]
    search_backend_name = None
    copy_view_enabled = True


class CompetencyAreaViewSet(SnippetViewSet):
    model = CompetencyArea
    icon = "pick"
    menu_label = _("Competency areas")
    url_prefix = "kompetensi"
    list_display = ["name", "description"]
    search_fields = ["name"]
    search_backend_name = None


class LearningContentGroup(SnippetViewSetGroup):
    menu_label = _("Learning content")
    menu_icon = "doc-full"
    menu_order = 150
    items = (QuestionViewSet, CompetencyAreaViewSet)
