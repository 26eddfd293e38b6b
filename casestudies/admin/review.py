"""Case studies in the Wagtail admin, for the organisers who review them: the list (every
case study handed in at least once; drafts are their authors' alone) with filters and
pagination, and a case study's review page — its text, paper, photos with what the server
recorded beside what the photo says, its history — with the workflow's next moves as buttons,
each with a comment, and its deadline.

The viewset has no add, edit or delete views: authors write on the site, and every change
here goes through ``casestudies.services.case_studies``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from casestudies.models import CaseStudy, ReviewAssignment
from casestudies.permissions import (
    may_assign_reviewers,
    may_release_feedback,
    may_review_case_studies,
)
from casestudies.selectors import (
    case_study_detail,
    case_study_list_for_review,
    case_study_reviews,
    feedback_release_get,
    reviewer_candidates,
    reviewers,
)
from casestudies.services.case_studies import (
    REVIEW_MOVES,
    case_study_set_deadline,
    case_study_set_status,
)
from casestudies.services.reviews import feedback_release, review_assign
from core.admin_views import AdminObjectView, NoEditViewURLFinderMixin
from core.errors import DomainError

Status = CaseStudy.Status
# The label of the button that makes each move
MOVE_LABELS = {
    Status.IN_REVIEW: gettext_lazy("Start the review"),
    Status.REVISION_REQUESTED: gettext_lazy("Send back for revision"),
    Status.ACCEPTED: gettext_lazy("Accept"),
    Status.PRESENTED: gettext_lazy("Record as presented"),
}


class AuthorsColumn(Column):
    def get_value(self, instance):
        if instance.group_id:
            return _("Group %(name)s") % {"name": instance.group.name}
        return instance.author.name


class SubmittedColumn(Column):
    def get_value(self, instance):
        if not instance.submitted_at:
            return "—"
        value = date_format(timezone.localtime(instance.submitted_at), "j M Y")
        return f"{value} · {_('late')}" if instance.late else value


class CaseStudyIndexView(IndexView):
    def get_base_queryset(self):
        # the filters and the ordering of the listing apply on top of this one query
        return case_study_list_for_review().order_by("-submitted_at", "-pk")

    def get_edit_url(self, instance):
        return reverse("casestudies_casestudy:review", args=[instance.pk])

    def get_list_more_buttons(self, instance):
        return []

    def get_list_buttons(self, instance):
        return [
            ListingButton(
                _("Review"),
                url=reverse("casestudies_casestudy:review", args=[instance.pk]),
                icon_name="doc-full",
                priority=5,
            )
        ]


class TransitionForm(forms.Form):
    status = forms.ChoiceField(choices=[(s.value, s.label) for s in REVIEW_MOVES])
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Kept in the history and shown to the authors. Required when sending it back."
        ),
    )


class DeadlineForm(forms.Form):
    deadline = forms.DateTimeField(
        label=gettext_lazy("Deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(label=gettext_lazy("Reviewer"), queryset=reviewers())
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ReviewAssignment.Role.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers().order_by("first_name", "email")


class CaseStudyReviewView(AdminObjectView):
    template_name = "casestudies/admin/review.html"
    page_title = gettext_lazy("Review case study")
    header_icon = "doc-full"
    queryset = case_study_list_for_review().select_related("author__unit")
    index_url_name = "casestudies_casestudy:index"
    index_label = gettext_lazy("Case studies")
    context_object_name = "case_study"

    def allowed(self, user) -> bool:
        return may_review_case_studies(user)

    def get_context_data(self, **kwargs):
        case_study = self.case_study
        moves = [
            (status.value, MOVE_LABELS[status])
            for status in REVIEW_MOVES
            if case_study.may_become(status)
        ]
        deadline = case_study.deadline and timezone.localtime(case_study.deadline)
        context = {
            "case_study": case_study,
            "moves": moves,
            "transition_form": kwargs.pop("transition_form", None) or TransitionForm(),
            "deadline_form": DeadlineForm(initial={"deadline": deadline}),
            "show_location": True,
            "may_assign": may_assign_reviewers(self.request.user),
            "assign_form": AssignForm(),
            "may_release": may_release_feedback(self.request.user),
            "release": feedback_release_get(case_study),
            **case_study_detail(case_study),
            **case_study_reviews(case_study),
        }
        if context["may_assign"]:
            context["candidates"] = reviewer_candidates(case_study)
            context["roles"] = ReviewAssignment.Role.choices
        return super().get_context_data(**context, **kwargs)

    def post(self, request, pk):
        action = request.POST.get("action")
        try:
            if action == "release":
                if not may_release_feedback(request.user):
                    raise PermissionDenied
                feedback_release(case_study=self.case_study, by=request.user)
                messages.success(request, _("Feedback released to the authors."))
            elif action == "assign":
                form = AssignForm(request.POST)
                if not may_assign_reviewers(request.user):
                    raise PermissionDenied
                if form.is_valid():
                    review_assign(
                        case_study=self.case_study,
                        reviewer=form.cleaned_data["reviewer"],
                        role=form.cleaned_data["role"],
                        by=request.user,
                    )
                    messages.success(request, _("Reviewer assigned."))
                else:
                    messages.error(request, _("Choose a reviewer and a role."))
            elif action == "deadline":
                form = DeadlineForm(request.POST)
                if form.is_valid():
                    case_study_set_deadline(
                        case_study=self.case_study,
                        deadline=form.cleaned_data["deadline"],
                        by=request.user,
                    )
                    messages.success(request, _("Deadline saved."))
                else:
                    messages.error(request, _("Enter the deadline as a date and a time."))
            else:
                form = TransitionForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Choose one of the moves offered."))
                else:
                    case_study = case_study_set_status(
                        case_study=self.case_study,
                        status=form.cleaned_data["status"],
                        comment=form.cleaned_data["comment"],
                        by=request.user,
                    )
                    messages.success(
                        request,
                        _("“%(title)s” is now “%(status)s”.")
                        % {"title": case_study.title, "status": case_study.get_status_display()},
                    )
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("casestudies_casestudy:review", pk=pk)


class CaseStudyViewSet(NoEditViewURLFinderMixin, ModelViewSet):
    model = CaseStudy
    icon = "doc-full"
    menu_label = gettext_lazy("Case studies")
    menu_order = 10
    url_prefix = "studi-kasus"
    url_namespace = "casestudies_casestudy"
    index_view_class = CaseStudyIndexView
    list_display = [
        "title",
        Column("kind", label=gettext_lazy("Kind"), accessor="get_kind_display"),
        AuthorsColumn("authors", label=gettext_lazy("Authors")),
        Column("theme", label=gettext_lazy("Theme"), accessor="theme"),
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        SubmittedColumn("submitted_at", label=gettext_lazy("Submitted"), sort_key="submitted_at"),
        Column("photo_count", label=gettext_lazy("Photos")),
    ]
    list_filter = ["status", "kind", "theme", "late"]
    search_fields = ["title"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", CaseStudyReviewView.as_view(), name="review"),
        ]
