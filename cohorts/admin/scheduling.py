"""The scheduling assistant in the Wagtail admin (Training → Scheduling assistant): choose a
programme's sessions and how to treat each kecamatan's leaders → the proposal is computed in
the background → the organiser moves people, then confirms (books everyone) or discards it.

Seeing proposals needs ``cohorts.view_scheduleproposal``; asking for, changing, confirming
and discarding one needs ``cohorts.add_scheduleproposal``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from cms.models import ProgrammePage
from cohorts.admin.menu import TRAINING_MENU_HOOK
from cohorts.models import Participant, Region, ScheduleProposal, Theme, TrainingSession
from cohorts.permissions import may_schedule, may_view_schedule_proposals
from cohorts.scheduling.algorithm import explanation_text
from cohorts.scheduling.proposals import (
    proposal_adjust,
    proposal_create,
    proposal_discard,
    proposal_progress,
    proposal_queue_confirm,
)
from core.errors import DomainError

Mode = ScheduleProposal.Mode
Status = ScheduleProposal.Status
SESSIONS_PER_PAGE = 20
ALL_SESSIONS_IN_SELECT = 40  # more sessions than this: a participant moves within the page
UNASSIGNED_SHOWN = 500
MODE_HELP = {
    Mode.TOGETHER: gettext_lazy(
        "The camat and the lurahs of one kecamatan attend the same session, so they train "
        "together. While they are away, the kecamatan has none of its leaders at work."
    ),
    Mode.SPREAD: gettext_lazy(
        "The camat and the lurahs of one kecamatan attend sessions on different dates, so "
        "that on every date some of its leaders stay at work."
    ),
}


def _breadcrumbs(view, label=None):
    items = [
        *view.breadcrumbs_items,
        {"url": reverse("cohorts_scheduler:start"), "label": _("Scheduling assistant")},
    ]
    if label:
        items.append({"url": "", "label": label})
    return items


class ProposalForm(forms.Form):
    sessions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Sessions"),
        queryset=TrainingSession.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("The programme's scheduled sessions to fill."),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("Each kecamatan's leaders"),
        choices=Mode.choices,
        widget=forms.RadioSelect,
        initial=Mode.TOGETHER,
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        sessions = (
            TrainingSession.objects.filter(
                programme=programme, status=TrainingSession.Status.SCHEDULED
            )
            .select_related("venue", "room")
            .order_by("starts_at", "title")
        )
        self.fields["sessions"].queryset = sessions
        self.fields["sessions"].label_from_instance = self.session_label
        if not self.is_bound:
            self.initial["sessions"] = list(sessions)

    @staticmethod
    def session_label(session):
        from django.utils import timezone
        from django.utils.formats import date_format

        start = timezone.localtime(session.starts_at)
        end = timezone.localtime(session.ends_at)
        when = date_format(start, "j M Y")
        if end.date() != start.date():
            when += "–" + date_format(end, "j M Y")
        return _("%(title)s · %(when)s · %(venue)s · %(free)d of %(capacity)d seats free") % {
            "title": session.title,
            "when": when,
            "venue": session.venue.name,
            "free": session.seats_left,
            "capacity": session.capacity,
        }


class SchedulerStartView(WagtailAdminTemplateMixin, TemplateView):
    """Choose a programme (GET ?programme=), then its sessions and the mode (POST)."""

    template_name = "cohorts/admin/scheduler_start.html"
    page_title = gettext_lazy("Scheduling assistant")
    header_icon = "calendar-check"

    def dispatch(self, request, *args, **kwargs):
        if not may_view_schedule_proposals(request.user):
            raise PermissionDenied
        self.programmes = list(
            ProgrammePage.objects.annotate(
                session_count=Count(
                    "training_sessions",
                    filter=Q(training_sessions__status=TrainingSession.Status.SCHEDULED),
                )
            )
            .filter(session_count__gt=0)
            .order_by("title")
        )
        chosen = request.POST.get("programme") or request.GET.get("programme") or ""
        self.programme = next((p for p in self.programmes if str(p.pk) == chosen), None)
        if self.programme is None and len(self.programmes) == 1:
            self.programme = self.programmes[0]
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return _breadcrumbs(self)

    def get_context_data(self, form=None, **kwargs):
        if form is None and self.programme and may_schedule(self.request.user):
            form = ProposalForm(programme=self.programme)
        recent = (
            ScheduleProposal.objects.select_related("programme", "created_by")
            .defer("assignments", "explanations")
            .annotate(session_count=Count("sessions"))[:10]
        )
        return super().get_context_data(
            programmes=self.programmes,
            programme=self.programme,
            form=form,
            mode_help=MODE_HELP,
            modes=[(value, label, MODE_HELP[value]) for value, label in Mode.choices],
            proposals=recent,
            may_schedule=may_schedule(self.request.user),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not may_schedule(request.user):
            raise PermissionDenied
        if self.programme is None:
            messages.error(request, _("Choose a programme first."))
            return redirect("cohorts_scheduler:start")
        form = ProposalForm(request.POST, programme=self.programme)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            proposal = proposal_create(
                programme=self.programme,
                sessions=form.cleaned_data["sessions"],
                mode=form.cleaned_data["mode"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        return redirect("cohorts_scheduler:detail", pk=proposal.pk)


class _ProposalMixin:
    def load(self, pk, *, full=False):
        queryset = ScheduleProposal.objects.select_related("programme", "created_by")
        if not full:
            queryset = queryset.defer("assignments", "explanations")
        self.proposal = get_object_or_404(queryset, pk=pk)


def proposal_page(proposal, *, page_number=None):
    """What the proposal page shows, in a fixed number of queries whatever its size: the
    page's sessions with their participants, the participants not scheduled (the first
    ``UNASSIGNED_SHOWN``), the explanations in words, the theme counts."""
    sessions = list(
        proposal.sessions.select_related("venue", "room")
        .prefetch_related("days")
        .order_by("starts_at", "title")
    )
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(page_number)
    themes = {str(theme.pk): theme.name for theme in Theme.objects.all()}
    themes["none"] = _("No theme")
    by_session = {}
    unassigned = []
    for pk, sid in proposal.assignments.items():
        if sid is None:
            unassigned.append(int(pk))
        else:
            by_session.setdefault(sid, []).append(int(pk))
    shown_ids = [pk for s in page for pk in by_session.get(s.pk, [])]
    shown_unassigned = sorted(unassigned)[:UNASSIGNED_SHOWN]
    people = {
        person.pk: person
        for person in Participant.objects.filter(pk__in=shown_ids + shown_unassigned)
        .select_related("unit__parent", "theme")
        .order_by()
    }
    stats = proposal.stats.get("sessions", {})
    rows = []
    for session in page:
        figures = stats.get(str(session.pk), {})
        members = sorted(
            (people[pk] for pk in by_session.get(session.pk, []) if pk in people),
            key=lambda person: (person.name, person.pk),
        )
        rows.append(
            {
                "session": session,
                "days": list(session.days.all()),
                "members": members,
                "count": len(by_session.get(session.pk, [])),
                "free": figures.get("capacity", session.seats_left),
                "themes": [
                    (themes.get(key, key), n)
                    for key, n in sorted(figures.get("themes", {}).items(), key=lambda kv: -kv[1])
                ],
            }
        )
    choices = sessions if len(sessions) <= ALL_SESSIONS_IN_SELECT else list(page)
    return {
        "rows": rows,
        "page": page,
        "choices": choices,
        "all_in_select": len(sessions) <= ALL_SESSIONS_IN_SELECT,
        "unassigned": sorted(
            (people[pk] for pk in shown_unassigned if pk in people), key=lambda p: p.name
        ),
        "unassigned_count": len(unassigned),
        "explanations": [explanation_text(item) for item in proposal.explanations],
        "overall_themes": [
            (themes.get(key, key), n)
            for key, n in sorted(proposal.stats.get("themes", {}).items(), key=lambda kv: -kv[1])
        ],
    }


def kecamatan_of(person):
    """The kecamatan a participant's unit is (camat) or lies in (lurah), or None."""
    unit = person.unit
    if unit.level == Region.Level.DISTRICT:
        return unit
    if unit.level == Region.Level.VILLAGE:
        return unit.parent
    return None


class ProposalView(_ProposalMixin, WagtailAdminTemplateMixin, TemplateView):
    """A proposal: its progress while computing or booking (``static/js/progress.js`` polls
    the status URL and reloads the page once done; nothing reloads meanwhile, so keyboard
    focus stays put), then its sessions and participants to adjust, confirm or discard."""

    template_name = "cohorts/admin/scheduler_proposal.html"
    page_title = gettext_lazy("Schedule proposal")
    header_icon = "calendar-check"

    def dispatch(self, request, pk):
        if not may_view_schedule_proposals(request.user):
            raise PermissionDenied
        self.load(pk, full=True)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.proposal.programme.title

    def get_breadcrumbs_items(self):
        return _breadcrumbs(self, _("Proposal %(number)d") % {"number": self.proposal.pk})

    @cached_property
    def running(self):
        proposal = self.proposal
        return proposal.status == Status.COMPUTING or bool(proposal.stats.get("confirming"))

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        context = {}
        if proposal.status in (Status.READY, Status.CONFIRMED) and not self.running:
            context = proposal_page(proposal, page_number=self.request.GET.get("page"))
            for row in context["rows"]:
                row["members"] = [(person, kecamatan_of(person)) for person in row["members"]]
            context["unassigned"] = [
                (person, kecamatan_of(person)) for person in context["unassigned"]
            ]
        user = self.request.user
        return super().get_context_data(
            proposal=proposal,
            running=self.running,
            may_change=may_schedule(user) and proposal.status == Status.READY and not self.running,
            may_discard=may_schedule(user)
            and proposal.status in (Status.COMPUTING, Status.READY, Status.FAILED)
            and not proposal.stats.get("confirming"),
            status_url=reverse("cohorts_scheduler:status", args=[proposal.pk]),
            progress_text=progress_text(proposal_progress(proposal)),
            **context,
            **kwargs,
        )


def progress_text(progress):
    """The sentence the page says about a proposal's progress (``static/js/progress.js``)."""
    if progress["done"]:
        return _("Done. The result is shown in a moment.")
    if progress["confirming"]:
        return _("Making the bookings…")
    return _("Computing the proposal…")


class ProposalStatusView(_ProposalMixin, View):
    """The proposal's status as JSON for the page's script (``static/js/progress.js``),
    which polls it while the proposal is computed or booked and reloads the page once done
    (``done``); ``text`` is what the page says meanwhile."""

    def get(self, request, pk):
        if not may_view_schedule_proposals(request.user):
            raise PermissionDenied
        self.load(pk)
        progress = proposal_progress(self.proposal)
        return JsonResponse({**progress, "text": progress_text(progress)})


class _ActionView(_ProposalMixin, View):
    def dispatch(self, request, pk):
        if not may_schedule(request.user):
            raise PermissionDenied
        self.load(pk, full=True)
        return super().dispatch(request, pk)

    def done(self):
        page = self.request.POST.get("page", "")
        url = reverse("cohorts_scheduler:detail", args=[self.proposal.pk])
        return redirect(f"{url}?page={page}" if page.isdigit() else url)


class ProposalAdjustView(_ActionView):
    """Apply the moves chosen in the selects (``move-<participant id>`` = session id, or
    empty for "not scheduled"); only the ones that differ from the proposal are moves."""

    def post(self, request, pk):
        current = self.proposal.assignments
        moves = {}
        for name, value in request.POST.items():
            if not name.startswith("move-"):
                continue
            key = name.removeprefix("move-")
            if key not in current:
                messages.error(request, _("A participant moved is not part of this proposal."))
                return self.done()
            target = int(value) if value.isdigit() else None
            if target != current[key]:
                moves[int(key)] = target
        try:
            moved = proposal_adjust(proposal=self.proposal, moves=moves, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            if moved:
                messages.success(
                    request,
                    _("%(count)d participant(s) moved. The figures and explanations are updated.")
                    % {"count": moved},
                )
            else:
                messages.info(request, _("Nothing was changed."))
        return self.done()


class ProposalConfirmView(_ActionView):
    def post(self, request, pk):
        try:
            booked = proposal_queue_confirm(proposal=self.proposal, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            if booked is None:
                messages.info(request, _("The bookings are being made; this page shows when."))
            else:
                messages.success(
                    request,
                    _("Confirmed: %(count)d participant(s) booked. Their invitations are sent.")
                    % {"count": booked},
                )
        return self.done()


class ProposalDiscardView(_ActionView):
    def post(self, request, pk):
        try:
            proposal_discard(proposal=self.proposal, by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return self.done()
        messages.success(request, _("The proposal was discarded; nothing was booked."))
        return redirect("cohorts_scheduler:start")


class SchedulerMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_schedule_proposals(request.user)


class SchedulerViewSet(ViewSet):
    """Training → Scheduling assistant."""

    name = "scheduler"
    icon = "calendar-check"
    menu_label = gettext_lazy("Scheduling assistant")
    url_prefix = "penjadwalan"
    url_namespace = "cohorts_scheduler"
    add_to_admin_menu = True

    @property
    def menu_item_class(self):
        return SchedulerMenuItem

    menu_hook = TRAINING_MENU_HOOK
    menu_order = 20

    def get_urlpatterns(self):
        return [
            path("", SchedulerStartView.as_view(), name="start"),
            path("<int:pk>/", ProposalView.as_view(), name="detail"),
            path("<int:pk>/status/", ProposalStatusView.as_view(), name="status"),
            path("<int:pk>/ubah/", ProposalAdjustView.as_view(), name="adjust"),
            path("<int:pk>/konfirmasi/", ProposalConfirmView.as_view(), name="confirm"),
            path("<int:pk>/buang/", ProposalDiscardView.as_view(), name="discard"),
        ]
