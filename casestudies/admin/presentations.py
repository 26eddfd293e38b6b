"""Presentations in the Wagtail admin. Organisers: the slots by day (filters, pagination),
scheduling one for an accepted case study (session day, room, times, panel), a slot's page
with the panel's scores beside the review's final score, marking it held or cancelled.
Panellists (facilitators): "my panels" and the rubric form of one presentation. Every change
goes through ``casestudies.services.presentations``."""

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
from wagtail.admin.viewsets.base import ViewSet

from casestudies.admin.scoring import RubricForm, RubricScoreMixin
from casestudies.models import CaseStudy, PanelMember, PresentationSlot
from casestudies.permissions import may_panel_score, may_schedule_presentations, may_sit_on_panels
from casestudies.selectors import (
    case_study_detail,
    case_study_reviews,
    panel_list_for_user,
    panel_scores,
    presentation_slot_list,
    reviewers,
    rubric,
)
from casestudies.services.presentations import (
    panel_score,
    presentation_slot_cancel,
    presentation_slot_hold,
    presentation_slot_schedule,
)
from cohorts.models import Room, SessionDay
from core.admin_views import AdminObjectView
from core.errors import DomainError

PER_PAGE = 50
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class SlotFilterForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", "—"), *PresentationSlot.Status.choices],
    )


class ScheduleForm(forms.Form):
    case_study = forms.ModelChoiceField(label=gettext_lazy("Case study"), queryset=None)
    day = forms.ModelChoiceField(label=gettext_lazy("Session day"), queryset=None)
    room = forms.ModelChoiceField(label=gettext_lazy("Room"), queryset=None)
    starts = forms.TimeField(label=gettext_lazy("From"), widget=TIME)
    ends = forms.TimeField(label=gettext_lazy("Until"), widget=TIME)
    panel = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Panel"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_study"].queryset = CaseStudy.objects.filter(
            status=CaseStudy.Status.ACCEPTED
        ).exclude(presentation_slots__status__in=PresentationSlot.LIVE)
        self.fields["day"].queryset = SessionDay.objects.select_related("session").order_by("-date")
        self.fields["room"].queryset = (
            Room.objects.filter(kind=Room.Kind.CLASSROOM)
            .select_related("venue")
            .order_by("venue__name", "name")
        )
        self.fields["room"].label_from_instance = lambda room: f"{room.venue.name} · {room.name}"
        self.fields["panel"].queryset = reviewers().order_by("first_name", "email")


class OrganiserMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_schedule_presentations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SlotListView(OrganiserMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "casestudies/admin/presentations.html"
    page_title = gettext_lazy("Presentations")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        filters = SlotFilterForm(self.request.GET or None)
        values = filters.cleaned_data if filters.is_valid() else {}
        slots = presentation_slot_list(date=values.get("date"), status=values.get("status"))
        page = Paginator(slots, PER_PAGE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        return super().get_context_data(
            filters=filters, page=page, slots=page.object_list, query=query.urlencode(), **kwargs
        )


class ScheduleView(OrganiserMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "casestudies/admin/presentation_schedule.html"
    page_title = gettext_lazy("Schedule a presentation")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", ScheduleForm())
        return super().get_context_data(**kwargs)

    def post(self, request):
        form = ScheduleForm(request.POST)
        if form.is_valid():
            try:
                slot = presentation_slot_schedule(
                    **{**form.cleaned_data, "panel": list(form.cleaned_data["panel"])},
                    by=request.user,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Presentation scheduled."))
                return redirect("casestudies_presentation:slot", pk=slot.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SlotView(AdminObjectView):
    template_name = "casestudies/admin/presentation_slot.html"
    page_title = gettext_lazy("Presentation")
    header_icon = "date"
    queryset = PresentationSlot.objects.select_related("case_study", "day__session", "room")
    index_url_name = "casestudies_presentation:index"
    index_label = gettext_lazy("Presentations")
    context_object_name = "slot"

    def allowed(self, user) -> bool:
        return may_schedule_presentations(user)

    def get_page_subtitle(self):
        return self.slot.case_study.title

    def get_context_data(self, **kwargs):
        reviews = case_study_reviews(self.slot.case_study)
        context = {
            "case_study": self.slot.case_study,
            "final_score": reviews["final_score"],
            "final": reviews["final"],
            **panel_scores(self.slot),
        }
        return super().get_context_data(**context, **kwargs)

    def post(self, request, pk):
        action = request.POST.get("action")
        try:
            if action == "hold":
                presentation_slot_hold(slot=self.slot, by=request.user)
                messages.success(request, _("Marked held: the case study is now presented."))
            elif action == "cancel":
                presentation_slot_cancel(slot=self.slot, by=request.user)
                messages.success(request, _("Presentation cancelled."))
        except DomainError as error:
            messages.error(request, str(error))
        return redirect("casestudies_presentation:slot", pk=pk)


class PresentationsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_schedule_presentations(request.user)


class PresentationsViewSet(ViewSet):
    name = "casestudies_presentation"
    url_prefix = "presentasi"
    icon = "date"
    menu_label = gettext_lazy("Presentations")
    menu_order = 50
    menu_item_class = PresentationsMenuItem

    def get_urlpatterns(self):
        return [
            path("", SlotListView.as_view(), name="index"),
            path("jadwal/", ScheduleView.as_view(), name="schedule"),
            path("<int:pk>/", SlotView.as_view(), name="slot"),
        ]


# Panellists ------------------------------------------------------------------------------------


class MyPanelsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "casestudies/admin/my_panels.html"
    page_title = gettext_lazy("My panels")
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not may_sit_on_panels(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        page = Paginator(panel_list_for_user(self.request.user), PER_PAGE).get_page(
            self.request.GET.get("p")
        )
        return super().get_context_data(page=page, members=page.object_list, **kwargs)


class PanelScoreView(RubricScoreMixin, AdminObjectView):
    template_name = "casestudies/admin/panel_score.html"
    page_title = gettext_lazy("Score the presentation")
    header_icon = "group"
    queryset = PanelMember.objects.select_related(
        "slot__case_study__author", "slot__case_study__group", "slot__day__session", "slot__room"
    )
    index_url_name = "casestudies_panel:index"
    index_label = gettext_lazy("My panels")
    context_object_name = "member"

    def allowed(self, user) -> bool:
        return may_sit_on_panels(user)

    def allowed_for(self, user, obj) -> bool:
        return obj.panellist_id == user.pk

    def get_page_subtitle(self):
        return self.member.slot.case_study.title

    def get_context_data(self, **kwargs):
        member, criteria = self.member, rubric()
        mine = next(m for m in panel_scores(member.slot)["members"] if m.pk == member.pk)
        initial = {"feedback": member.feedback}
        initial.update({f"criterion_{pk}": level for pk, level in mine.level_map.items()})
        form = kwargs.pop("form", None) or RubricForm(initial=initial, criteria=criteria)
        context = {
            "slot": member.slot,
            "case_study": member.slot.case_study,
            "may_score": may_panel_score(self.request.user, member),
            "form": form,
            "mine": mine,
            **case_study_detail(member.slot.case_study),
        }
        return super().get_context_data(**context, **kwargs)

    score_url_name = "casestudies_panel:score"

    def score_write(self, *, levels, feedback, by):
        panel_score(member=self.member, levels=levels, feedback=feedback, by=by)


panel_urlpatterns = [
    path("", MyPanelsView.as_view(), name="index"),
    path("<int:pk>/", PanelScoreView.as_view(), name="score"),
]


class MyPanelsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_sit_on_panels(request.user)


def my_panels_menu_item():
    return MyPanelsMenuItem(
        gettext_lazy("My panels"), reverse("casestudies_panel:index"), icon_name="group", order=206
    )
