"""Cohorts in the Wagtail admin: the list with member counts, the form with its rules, and
the members page with every stay and manual decision."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from cohorts.admin.forms import MultipleChooser
from cohorts.models import Cohort, Participant, Region
from cohorts.permissions import may_change_cohort
from cohorts.selectors import cohort_member_count
from cohorts.services.cohorts import (
    cohort_apply_rules,
    cohort_member_add,
    cohort_member_remove,
    cohort_override_clear,
    cohort_save,
)
from cohorts.validators import normalize_nip
from core.admin_columns import ValueColumn
from core.admin_views import AdminObjectView, ExtensibleIndexView


class CohortForm(WagtailAdminModelForm):
    """The cohort's fields and rules, saved through ``cohort_save`` (fields and rules, then the
    rules applied, in one transaction). Members are added and removed by hand on the members
    page (by NIP), not here: a list of every participant would be ~91,000 options at national
    size. Rule regions are chosen through the region chooser, among provinces, regencies and
    districts."""

    rule_positions = forms.MultipleChoiceField(
        label=gettext_lazy("Rule: positions"),
        choices=Participant.Position.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Leave every rule empty to choose the members by hand only."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "rule_regions" in self.fields:
            self.fields["rule_regions"].queryset = Region.objects.filter(
                level__lte=Region.Level.DISTRICT
            )

    def save(self, commit=True):
        cohort = super().save(commit=False)  # the fields on the instance, nothing written
        if not commit:
            return cohort
        data = self.cleaned_data
        return cohort_save(
            cohort=cohort,
            rule_regions=data.get("rule_regions"),
            rule_themes=data.get("rule_themes"),
            by=self.for_user,
        )


COHORT_LISTING_HOOK = "register_cohort_listing_extension"


class CohortIndexView(ExtensibleIndexView):
    listing_hook = COHORT_LISTING_HOOK

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("programme", "theme")
            .annotate(member_count=cohort_member_count())
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
        return buttons


class CohortViewSet(ModelViewSet):
    """Cohorts are saved through ``cohort_save`` (the form's save) and never deleted: their
    memberships are history (the ``NoDeletePermissionPolicy`` registered for the model)."""

    model = Cohort
    icon = "group"
    menu_order = 30
    menu_label = gettext_lazy("Cohorts")
    url_prefix = "angkatan"
    url_namespace = "cohorts_cohort"
    index_view_class = CohortIndexView
    list_display = [
        "name",
        "programme",
        ValueColumn.of(Cohort, "theme"),
        Column("member_count", label=gettext_lazy("Members"), sort_key="member_count"),
    ]
    list_filter = ["programme", "theme"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("programme"),
            FieldPanel("theme"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("rule_positions"),
                    FieldPanel(
                        "rule_regions",
                        widget=MultipleChooser(
                            model="cohorts.Region",
                            chooser_url_name="region_chooser:choose",
                            url_params={"level__lte": Region.Level.DISTRICT},
                            add_text=gettext_lazy("Add regions"),
                        ),
                    ),
                    FieldPanel("rule_themes", widget=forms.CheckboxSelectMultiple),
                ],
                heading=gettext_lazy("Fill by rules"),
                help_text=gettext_lazy(
                    "Participants matching every filled rule become members when you save; "
                    "members added or removed by hand on the cohort's Members page stay that way."
                ),
            ),
        ],
        base_form_class=CohortForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("anggota/<int:pk>/", CohortMembersView.as_view(), name="members"),
        ]


MEMBERS_PER_PAGE = 50


class MemberAddForm(forms.Form):
    """One participant added by hand, found by his NIP (no list of every participant)."""

    nip = forms.CharField(
        label=gettext_lazy("NIP of the participant to add"),
        max_length=40,
        help_text=gettext_lazy("18 digits; spaces and dots are ignored."),
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=255)

    def clean_nip(self):
        nip = normalize_nip(self.cleaned_data["nip"])
        participant = Participant.objects.filter(nip=nip).first()
        if participant is None:
            raise forms.ValidationError(_("No participant has the NIP %(nip)s.") % {"nip": nip})
        self.participant = participant
        return nip


class MemberRemoveForm(forms.Form):
    participant = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=255)


class CohortMembersView(AdminObjectView):
    template_name = "cohorts/admin/cohort_members.html"
    page_title = gettext_lazy("Cohort members")
    header_icon = "group"
    permission = "cohorts.view_cohort"
    queryset = Cohort.objects.select_related("programme", "theme").prefetch_related(
        "rule_regions", "rule_themes"
    )
    index_url_name = "cohorts_cohort:index"
    index_label = gettext_lazy("Cohorts")
    context_object_name = "cohort"

    def get_context_data(self, **kwargs):
        cohort = self.cohort
        page = self.request.GET.get
        stays = cohort.memberships.select_related("participant__unit", "added_by", "removed_by")
        current = Paginator(
            stays.filter(left_at__isnull=True).order_by("participant__name", "pk"),
            MEMBERS_PER_PAGE,
        ).get_page(page("p"))
        former = Paginator(
            stays.filter(left_at__isnull=False).order_by("-left_at", "-pk"), MEMBERS_PER_PAGE
        ).get_page(page("former"))
        overrides = Paginator(
            cohort.overrides.select_related("participant", "created_by").order_by(
                "participant__name", "pk"
            ),
            MEMBERS_PER_PAGE,
        ).get_page(page("decisions"))
        positions = dict(Participant.Position.choices)
        return super().get_context_data(
            cohort=cohort,
            current=current,
            former=former,
            overrides=overrides,
            rule_positions=[positions.get(p, p) for p in cohort.rule_positions or []],
            has_rules=bool(
                cohort.rule_positions or cohort.rule_regions.all() or cohort.rule_themes.all()
            ),
            may_change=may_change_cohort(self.request.user),
            **{"add_form": MemberAddForm(prefix="add"), **kwargs},
        )

    def post(self, request, pk):
        if not may_change_cohort(request.user):
            raise PermissionDenied
        action = request.POST.get("action")
        if action == "clear":
            participant = get_object_or_404(Participant, pk=request.POST.get("participant"))
            cohort_override_clear(cohort=self.cohort, participant=participant, by=request.user)
            messages.success(
                request, _("The rules decide again for %(name)s.") % {"name": participant.name}
            )
        elif action == "add":
            form = MemberAddForm(request.POST, prefix="add")
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(add_form=form))
            cohort_member_add(
                cohort=self.cohort,
                participant=form.participant,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request, _("%(name)s is a member now.") % {"name": form.participant.name}
            )
        elif action == "remove":
            form = MemberRemoveForm(request.POST)
            if form.is_valid():
                participant = get_object_or_404(Participant, pk=form.cleaned_data["participant"])
                if cohort_member_remove(
                    cohort=self.cohort,
                    participant=participant,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                ):
                    messages.success(
                        request,
                        _("%(name)s is no longer a member.") % {"name": participant.name},
                    )
        else:
            result = cohort_apply_rules(cohort=self.cohort, by=request.user)
            messages.success(
                request,
                _("Rules applied: %(added)d added, %(removed)d removed.") % result,
            )
        return redirect("cohorts_cohort:members", pk=pk)
