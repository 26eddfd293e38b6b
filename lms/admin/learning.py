"""The learning engine in the Wagtail admin: a cohort's progress (members × modules, the
learning gain, enrolling the whole cohort), enrolments, and test results with recorded score
corrections. Every write goes through ``lms.services.learning``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from cohorts.admin.menu import TRAINING_MENU_HOOK
from cohorts.models import Cohort
from cohorts.selectors import participant_search_q
from core.admin_columns import ValueColumn
from core.admin_views import AdminObjectView, NoEditViewURLFinderMixin
from core.errors import DomainError
from lms.models import Enrolment, TestAttempt
from lms.permissions import may_correct_score, may_enrol, may_view_progress
from lms.selectors.progress import attempt_corrections, cohort_progress
from lms.services.learning import attempt_score_correct, cohort_enrol, enrolment_create

# A cohort's progress ---------------------------------------------------------------------------


class CohortProgressView(AdminObjectView):
    template_name = "lms/admin/cohort_progress.html"
    page_title = gettext_lazy("Cohort progress")
    header_icon = "list-ul"
    queryset = Cohort.objects.select_related("programme")
    index_url_name = "cohorts_cohort:index"
    index_label = gettext_lazy("Cohorts")
    context_object_name = "cohort"

    def allowed(self, user):
        return may_view_progress(user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cohort=self.cohort,
            may_enrol=may_enrol(self.request.user),
            **cohort_progress(cohort=self.cohort, page_number=self.request.GET.get("p")),
            **kwargs,
        )

    def post(self, request, pk):
        if not may_enrol(request.user):
            raise PermissionDenied
        count = cohort_enrol(cohort=self.cohort, enrolled_by=request.user)
        messages.success(
            request,
            _("%(count)d member(s) enrolled in %(programme)s.")
            % {"count": count, "programme": self.cohort.programme.title},
        )
        return redirect("lms_cohort_progress", pk=pk)


class CohortProgressButton:
    """The cohort listing's Progress button (``cohorts.admin.cohorts.COHORT_LISTING_HOOK``)."""

    columns = []

    def annotate(self, queryset):
        return queryset

    def buttons(self, cohort, user):
        if not may_view_progress(user):
            return []
        return [
            ListingButton(
                _("Progress"),
                url=reverse("lms_cohort_progress", args=[cohort.pk]),
                icon_name="list-ul",
                priority=5,
            )
        ]


# Enrolments ------------------------------------------------------------------------------------


class EnrolmentForm(WagtailAdminModelForm):
    """Enrols through ``enrolment_create`` (idempotent: an existing enrolment is kept). The
    participant is picked with the participant chooser (registered for every ForeignKey to
    Participant in the admin's forms), not from a list of every participant."""

    def save(self, commit=True):
        return enrolment_create(
            participant=self.cleaned_data["participant"],
            programme=self.cleaned_data["programme"],
            source=Enrolment.Source.INDIVIDUAL,
            enrolled_by=self.for_user,
        )


class ParticipantSearchMixin:
    """A listing of rows about participants, searched as the participant list is (the start
    of a NIP through its index, part of a name or email: ``participant_search_q``)."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(participant_search_q(self.search_query, prefix="participant__"))


class EnrolmentIndexView(ParticipantSearchMixin, IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("participant", "programme")


class EnrolmentCreateView(CreateView):
    def save_instance(self):
        return self.form.save()

    def get_success_buttons(self):
        return []  # an enrolment has no edit view to link to (it was a 500 after saving)


class EnrolmentViewSet(NoEditViewURLFinderMixin, ModelViewSet):
    model = Enrolment
    icon = "user"
    menu_label = gettext_lazy("Enrolments")
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 60
    url_prefix = "pendaftaran"
    url_namespace = "lms_enrolment"
    index_view_class = EnrolmentIndexView
    add_view_class = EnrolmentCreateView
    list_display = [
        "participant",
        "programme",
        "source",
        "enrolled_at",
        ValueColumn.of(Enrolment, "completed_at"),
    ]
    list_filter = ["programme", "source"]
    search_fields = ["participant__name", "participant__nip"]
    search_backend_name = None
    copy_view_enabled = False
    list_per_page = 50
    form_fields = ["participant", "programme"]

    def get_form_class(self, for_update=False):
        return forms.modelform_factory(Enrolment, form=EnrolmentForm, fields=self.form_fields)

    def get_common_view_kwargs(self, **kwargs):
        # Enrolments are made and ended by the learning engine, not edited or deleted here.
        return super().get_common_view_kwargs(
            **{"edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("new/", self.add_view, name="add"),
        ]


# Test results and corrections --------------------------------------------------------------------


class PassedColumn(Column):
    def get_value(self, instance):
        if instance.passed is None:
            return "—"
        return _("Yes") if instance.passed else _("No")


class AttemptIndexView(ParticipantSearchMixin, IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(submitted_at__isnull=False)
            .select_related("participant", "module")
        )

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if may_correct_score(self.request.user):
            buttons.append(
                ListingButton(
                    _("Correct the score"),
                    url=reverse("lms_attempt:correct", args=[instance.pk]),
                    icon_name="edit",
                    priority=20,
                )
            )
        return buttons


class CorrectionForm(forms.Form):
    score = forms.DecimalField(
        label=gettext_lazy("Corrected score"), min_value=0, max_value=100, decimal_places=2
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept with the attempt, with your name and the time."),
    )


class AttemptCorrectView(AdminObjectView):
    """Correct a submitted attempt's score: recorded with who, when, why and the old score;
    the module's completion is checked again (a passed post-test can complete it)."""

    template_name = "lms/admin/attempt_correct.html"
    page_title = gettext_lazy("Correct a test score")
    header_icon = "edit"
    queryset = TestAttempt.objects.filter(submitted_at__isnull=False).select_related(
        "participant", "module"
    )
    index_url_name = "lms_attempt:index"
    index_label = gettext_lazy("Test results")
    context_object_name = "attempt"

    def allowed(self, user):
        return may_correct_score(user)

    def get_page_subtitle(self):
        return f"{self.attempt.participant.name} · {self.attempt.module.title}"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            attempt=self.attempt,
            form=form or CorrectionForm(initial={"score": self.attempt.score}),
            corrections=list(attempt_corrections(attempt=self.attempt)),
            **kwargs,
        )

    def post(self, request, pk):
        form = CorrectionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            attempt_score_correct(
                attempt=self.attempt,
                score=form.cleaned_data["score"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _("The score is corrected and the correction recorded."))
        return redirect("lms_attempt:index")


class TestAttemptViewSet(NoEditViewURLFinderMixin, ModelViewSet):
    model = TestAttempt
    icon = "tasks"
    menu_label = gettext_lazy("Test results")
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 70
    url_prefix = "hasil-tes"
    url_namespace = "lms_attempt"
    index_view_class = AttemptIndexView
    list_display = [
        "participant",
        "module",
        "kind",
        "number",
        "score",
        PassedColumn("passed", label=gettext_lazy("Passed"), sort_key="passed"),
        "submitted_at",
    ]
    list_filter = ["module", "kind", "passed"]
    search_fields = ["participant__name", "participant__nip"]
    search_backend_name = None
    copy_view_enabled = False
    list_per_page = 50
    inspect_view_enabled = True
    inspect_view_fields = ["participant", "module", "kind", "number", "score", "submitted_at"]

    def get_common_view_kwargs(self, **kwargs):
        # Results are written by the test itself; a score changes only by a correction.
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("koreksi/<int:pk>/", AttemptCorrectView.as_view(), name="correct"),
        ]
