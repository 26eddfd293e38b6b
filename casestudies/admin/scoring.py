"""Reviewers in the Wagtail admin: "my reviews" (the case studies assigned to the signed-in
facilitator), the rubric form of one assignment, with the paper, photos and history to
judge from, and his own conflicts of interest (declare, remove an unpinned one he declared).
Organisers assign reviewers on the review page (``casestudies.admin.review``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from casestudies.models import ConflictOfInterest, ReviewAssignment
from casestudies.models.reviews import LEVELS
from casestudies.permissions import may_remove_conflict, may_score, may_score_case_studies
from casestudies.selectors import (
    assignments_for_reviewer,
    case_study_detail,
    case_study_reviews,
    conflict_list,
    rubric,
)
from casestudies.services.reviews import conflict_declare, conflict_remove, review_score
from cohorts.admin.people import participant_chooser_viewset
from cohorts.models import Participant
from core.admin_views import AdminObjectView
from core.errors import DomainError

PER_PAGE = 50
LEVEL_CHOICES = [(str(level), str(level)) for level in range(LEVELS[0], LEVELS[1] + 1)]


class RubricForm(forms.Form):
    """A level (1–4) for every criterion of the rubric, and the feedback."""

    feedback = forms.CharField(
        label=gettext_lazy("Feedback to the authors"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} (× {criterion.weight})",
                help_text=criterion.description,
                choices=LEVEL_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )

    def levels(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}

    def criterion_fields(self):
        return [self[f"criterion_{c.pk}"] for c in self.criteria]


class RubricScoreMixin:
    """The POST of a page where one person scores on the rubric (a reviewer, a panellist):
    the form checked, the levels and feedback written by ``score_write`` (one service), a
    refusal shown as a message, then back to ``score_url_name``."""

    score_url_name = ""

    def score_write(self, *, levels, feedback, by):
        raise NotImplementedError

    def post(self, request, pk):
        form = RubricForm(request.POST, criteria=rubric())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            self.score_write(
                levels=form.levels(), feedback=form.cleaned_data["feedback"], by=request.user
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Scores saved."))
        return redirect(self.score_url_name, pk=pk)


class MyReviewsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "casestudies/admin/my_reviews.html"
    page_title = gettext_lazy("My reviews")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if not may_score_case_studies(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        paginator = Paginator(assignments_for_reviewer(self.request.user), PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(page=page, assignments=page.object_list, **kwargs)


class ScoreView(RubricScoreMixin, AdminObjectView):
    template_name = "casestudies/admin/score.html"
    page_title = gettext_lazy("Score with the rubric")
    header_icon = "tasks"
    queryset = ReviewAssignment.objects.select_related(
        "case_study__author", "case_study__group", "case_study__theme", "reviewer"
    )
    index_url_name = "casestudies_review:index"
    index_label = gettext_lazy("My reviews")
    context_object_name = "assignment"

    def allowed(self, user) -> bool:
        return may_score_case_studies(user)

    def allowed_for(self, user, obj) -> bool:
        return obj.reviewer_id == user.pk

    def get_page_subtitle(self):
        return self.assignment.case_study.title

    def get_context_data(self, **kwargs):
        assignment = self.assignment
        criteria = rubric()
        reviews = case_study_reviews(assignment.case_study)
        mine = next(a for a in reviews["assignments"] if a.pk == assignment.pk)
        initial = {"feedback": assignment.feedback}
        initial.update(
            {
                f"criterion_{criterion.pk}": level
                for criterion, level in zip(criteria, mine.levels, strict=True)
                if level is not None
            }
        )
        form = kwargs.pop("form", None) or RubricForm(initial=initial, criteria=criteria)
        context = {
            "case_study": assignment.case_study,
            "may_score": may_score(self.request.user, assignment),
            "form": form,
            "mine": mine,
            "show_location": True,
            **case_study_detail(assignment.case_study),
        }
        return super().get_context_data(**context, **kwargs)

    score_url_name = "casestudies_review:score"

    def score_write(self, *, levels, feedback, by):
        review_score(assignment=self.assignment, levels=levels, feedback=feedback, by=by)


class DeclareConflictForm(forms.Form):
    """A reviewer declares his own relation with a participant (chosen with the admin's
    participant chooser: no list of every participant)."""

    participant = forms.ModelChoiceField(
        label=gettext_lazy("Participant"),
        queryset=Participant.objects.all(),
        widget=participant_chooser_viewset.widget_class(),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Relation"), choices=ConflictOfInterest.Kind.choices
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Valid from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    valid_to = forms.DateField(
        label=gettext_lazy("Valid to"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MyConflictsView(WagtailAdminTemplateMixin, TemplateView):
    """The signed-in reviewer's conflicts of interest (whoever declared them), declaring a new
    one, removing an unpinned one he declared."""

    template_name = "casestudies/admin/my_conflicts.html"
    page_title = gettext_lazy("My conflicts of interest")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not may_score_case_studies(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        conflicts = list(conflict_list().filter(reviewer=user))
        for conflict in conflicts:
            conflict.removable = may_remove_conflict(user, conflict)
        kwargs.setdefault("form", DeclareConflictForm())
        return super().get_context_data(conflicts=conflicts, **kwargs)

    def post(self, request):
        if request.POST.get("action") == "remove":
            conflict = conflict_list().filter(
                reviewer=request.user, pk=request.POST.get("conflict") or 0
            )
            try:
                conflict_remove(conflict=conflict.get(), by=request.user)
            except (DomainError, ConflictOfInterest.DoesNotExist, ValueError) as error:
                messages.error(request, str(error) or _("Conflict not found."))
            else:
                messages.success(request, _("Conflict removed."))
            return redirect("casestudies_review:conflicts")
        form = DeclareConflictForm(request.POST)
        if form.is_valid():
            try:
                conflict_declare(reviewer=request.user, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Conflict declared."))
                return redirect("casestudies_review:conflicts")
        return self.render_to_response(self.get_context_data(form=form), status=400)


urlpatterns = [
    path("", MyReviewsView.as_view(), name="index"),
    path("<int:pk>/", ScoreView.as_view(), name="score"),
    path("konflik/", MyConflictsView.as_view(), name="conflicts"),
]


class MyReviewsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_score_case_studies(request.user)


def my_reviews_menu_item():
    return MyReviewsMenuItem(
        gettext_lazy("My reviews"),
        reverse("casestudies_review:index"),
        icon_name="tasks",
        order=205,
    )
