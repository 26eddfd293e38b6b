"""Wagtail admin for organisers: cohorts (enrol, progress), enrolments and test results."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import ListingButton

from cohorts import membership
from cohorts.admin_base import AdminObjectView
from cohorts.admin_sessions import (
    CohortMembersView,
    ThemeViewSet,
    TrainingSessionViewSet,
    VenueViewSet,
)
from cohorts.models import Cohort, Participant, Region
from lms import selectors
from lms.models import Enrolment, TestAttempt
from lms.services import learning


class CohortForm(WagtailAdminModelForm):
    """Members are picked from the participant list; saving keeps the membership rows (the
    field is not the model's ``members``, whose ``set()`` would delete the history)."""

    member_list = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members"),
        queryset=Participant.objects.select_related("unit").order_by("position", "name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 15}),
        help_text=gettext_lazy("Hold Ctrl (or Cmd) to choose several."),
    )

    rule_positions = forms.MultipleChoiceField(
        label=gettext_lazy("Rule: positions"),
        choices=Participant.Position.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave every rule empty to choose the members by hand only."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["member_list"] = list(
                self.instance.memberships.active().values_list("participant_id", flat=True)
            )
        if "rule_regions" in self.fields:
            self.fields["rule_regions"].queryset = Region.objects.filter(
                level__lte=Region.Level.DISTRICT
            ).select_related("parent")

    def save(self, commit=True):
        cohort = super().save(commit=commit)
        if commit:
            membership.cohort_set_members(
                cohort=cohort, participants=self.cleaned_data["member_list"], by=self.for_user
            )
            membership.cohort_apply_rules(cohort=cohort, by=self.for_user)
        return cohort


class CohortIndexView(IndexView):
    def get_base_queryset(self):
        from django.db.models import Count, Q

        return (
            super()
            .get_base_queryset()
            .select_related("programme")
            .annotate(
                member_count=Count("memberships", filter=Q(memberships__left_at__isnull=True))
            )
        )

    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        buttons.insert(
            0,
            ListingButton(
                _("Members"),
                url=reverse("cohorts_cohort:members", args=[instance.pk]),
                icon_name="group",
                priority=4,
            ),
        )
        buttons.insert(
            1,
            ListingButton(
                _("Progress"),
                url=reverse("cohorts_cohort:progress", args=[instance.pk]),
                icon_name="list-ul",
                priority=5,
            ),
        )
        return buttons


class CohortProgressView(AdminObjectView):
    template_name = "cohorts/admin/cohort_progress.html"
    page_title = gettext_lazy("Cohort progress")
    header_icon = "list-ul"
    permission = "cohorts.view_cohort"
    queryset = Cohort.objects.select_related("programme")
    index_url_name = "cohorts_cohort:index"
    index_label = gettext_lazy("Cohorts")
    context_object_name = "cohort"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            cohort=self.cohort,
            may_enrol=self.request.user.has_perm("lms.add_enrolment"),
            **selectors.cohort_progress(cohort=self.cohort),
            **kwargs,
        )

    def post(self, request, pk):
        if not request.user.has_perm("lms.add_enrolment"):
            raise PermissionDenied
        count = learning.cohort_enrol(cohort=self.cohort, enrolled_by=request.user)
        messages.success(
            request,
            _("%(count)d member(s) enrolled in %(programme)s.")
            % {"count": count, "programme": self.cohort.programme.title},
        )
        return redirect("cohorts_cohort:progress", pk=pk)


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = gettext_lazy("Cohorts")
    url_prefix = "angkatan"
    url_namespace = "cohorts_cohort"
    index_view_class = CohortIndexView
    list_display = ["name", "programme", "theme", "member_count"]
    list_filter = ["programme", "theme"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("programme"),
            FieldPanel("theme"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("rule_positions"),
                    FieldPanel("rule_regions"),
                    FieldPanel("rule_themes", widget=forms.CheckboxSelectMultiple),
                ],
                heading=gettext_lazy("Fill by rules"),
                help_text=gettext_lazy(
                    "Participants matching every filled rule become members when you save; "
                    "members you add or remove by hand below stay that way."
                ),
            ),
            FieldPanel("member_list"),
        ],
        base_form_class=CohortForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("progress/<int:pk>/", CohortProgressView.as_view(), name="progress"),
            path("anggota/<int:pk>/", CohortMembersView.as_view(), name="members"),
        ]


class EnrolmentIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("participant", "programme")


class EnrolmentViewSet(ModelViewSet):
    model = Enrolment
    icon = "user"
    menu_label = gettext_lazy("Enrolments")
    url_prefix = "pendaftaran"
    url_namespace = "lms_enrolment"
    index_view_class = EnrolmentIndexView
    list_display = ["participant", "programme", "source", "enrolled_at", "completed_at"]
    list_filter = ["programme", "source"]
    search_fields = ["participant__name", "participant__nip"]
    search_backend_name = None
    copy_view_enabled = False
    form_fields = ["participant", "programme", "source"]


class AttemptIndexView(IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(submitted_at__isnull=False)
            .select_related("participant", "module")
        )


class TestAttemptViewSet(ModelViewSet):
    model = TestAttempt
    icon = "tasks"
    menu_label = gettext_lazy("Test results")
    url_prefix = "hasil-tes"
    url_namespace = "lms_attempt"
    index_view_class = AttemptIndexView
    list_display = ["participant", "module", "kind", "number", "score", "passed", "submitted_at"]
    list_filter = ["module", "kind", "passed"]
    search_fields = ["participant__name", "participant__nip"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_admin_menu = False
    form_fields = ["score"]


class LearningGroup(ModelViewSetGroup):
    submenu_hook = "register_training_menu_item"  # the scheduling assistant joins the group
    menu_label = gettext_lazy("Training")
    menu_icon = "calendar-alt"
    menu_order = 190
    items = (
        TrainingSessionViewSet,
        CohortViewSet,
        ThemeViewSet,
        VenueViewSet,
        EnrolmentViewSet,
        TestAttemptViewSet,
    )
