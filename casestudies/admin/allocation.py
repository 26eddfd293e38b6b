"""The automatic allocation of reviewers in the Wagtail admin, for organisers: choose the case
studies (handed in, not yet decided) and how many reviewers each role needs, preview the
proposal of ``casestudies.allocation.allocate`` (with any shortfall), confirm it — only then
is anything saved (``review_allocation_apply``, which checks every assignment again)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from casestudies.allocation import Proposal, allocate
from casestudies.models import ReviewAssignment
from casestudies.permissions import may_assign_reviewers
from casestudies.selectors import allocation_inputs, case_study_list_for_allocation
from casestudies.services.reviews import review_allocation_apply
from core.errors import DomainError

Role = ReviewAssignment.Role
MAX_PER_ROLE = 5


class CaseStudyChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.get_status_display()})"


class AllocationForm(forms.Form):
    case_studies = CaseStudyChoices(
        label=gettext_lazy("Case studies"),
        queryset=case_study_list_for_allocation(),
        widget=forms.CheckboxSelectMultiple,
    )
    penguji = forms.IntegerField(
        label=gettext_lazy("Examiners (penguji) per case study"),
        min_value=0,
        max_value=MAX_PER_ROLE,
        initial=1,
    )
    coach = forms.IntegerField(
        label=gettext_lazy("Coaches per case study"), min_value=0, max_value=MAX_PER_ROLE, initial=1
    )
    mentor = forms.IntegerField(
        label=gettext_lazy("Mentors per case study"), min_value=0, max_value=MAX_PER_ROLE, initial=0
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = case_study_list_for_allocation()
        self.fields["case_studies"].queryset = queryset
        self.fields["case_studies"].initial = [cs.pk for cs in queryset]

    def per_role(self) -> dict[str, int]:
        return {role: self.cleaned_data[role] for role in (Role.PENGUJI, Role.COACH, Role.MENTOR)}


def _parse(values) -> list[Proposal]:
    proposals = []
    for value in values:
        case_study, reviewer, role = value.split(":")
        if role not in Role.values:
            raise ValueError(role)
        proposals.append(Proposal(int(case_study), int(reviewer), role))
    return proposals


class AllocationView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "casestudies/admin/allocation.html"
    page_title = gettext_lazy("Allocate reviewers")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not may_assign_reviewers(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", AllocationForm())
        return super().get_context_data(**kwargs)

    def _preview(self, form):
        case_studies = list(form.cleaned_data["case_studies"])
        per_role = form.per_role()
        inputs = allocation_inputs(case_studies, list(per_role))
        people = inputs.pop("reviewers")
        allocation = allocate(per_role=per_role, **inputs)
        by_id = {cs.pk: cs for cs in case_studies}
        labels = dict(Role.choices)
        load = dict(inputs["load"])
        rows = []
        for proposal in allocation.proposals:
            load[proposal.reviewer_id] += 1
            rows.append(
                {
                    "case_study": by_id[proposal.case_study_id],
                    "reviewer": people[proposal.reviewer_id],
                    "role": labels[proposal.role],
                    "load": load[proposal.reviewer_id],
                }
            )
        return {
            "allocation": allocation,
            "proposal_rows": rows,
            "proposal_values": [
                f"{p.case_study_id}:{p.reviewer_id}:{p.role}" for p in allocation.proposals
            ],
            "shortfall_rows": [
                {
                    "case_study": by_id[s.case_study_id],
                    "role": labels[s.role],
                    "missing": s.missing,
                }
                for s in allocation.shortfalls
            ],
        }

    def post(self, request):
        if request.POST.get("action") == "confirm":
            try:
                made = review_allocation_apply(
                    proposals=_parse(request.POST.getlist("proposal")), by=request.user
                )
            except ValueError:
                messages.error(request, _("The proposal is out of date: preview it again."))
            except DomainError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("%(count)d reviewer assignment(s) made.") % {"count": len(made)}
                )
            return redirect("casestudies_allocation:index")
        form = AllocationForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return self.render_to_response(self.get_context_data(form=form, **self._preview(form)))


class AllocationMenuItem(MenuItem):
    def is_shown(self, request):
        return may_assign_reviewers(request.user)


class AllocationViewSet(ViewSet):
    name = "casestudies_allocation"
    url_prefix = "alokasi-penilai"
    icon = "group"
    menu_label = gettext_lazy("Allocate reviewers")
    menu_order = 50
    menu_item_class = AllocationMenuItem

    def get_urlpatterns(self):
        return [path("", AllocationView.as_view(), name="index")]
