"""Learning content that is not a page, in the Wagtail admin: the question bank of each
module and the competency areas modules build."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from cms.models import CompetencyArea, Question


class QuestionIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("module")


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Question bank")
    url_prefix = "bank-soal"
    index_view_class = QuestionIndexView
    list_display = ["text", "module", "kind", "active"]
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
