"""Visioning acknowledgements in the Wagtail admin: the responses (organisers and coaches), one
response with its earlier wordings and the coaches' ratings (a coach rates it there), an
acknowledgement recorded on a participant's behalf with a note (organisers), and the
alignment dashboard (organisers; a Pimpinan for his units). Every write goes
through ``lms.services.visioning``; the visioning pages' editor form gets its audience
choices here (``cms.visioning.VISIONING_FORM_HOOK``)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from cms.visioning import VisioningMaterialPage
from cohorts.admin.forms import MultipleChooser
from cohorts.admin.menu import TRAINING_MENU_HOOK
from cohorts.admin.people import participant_chooser_viewset
from cohorts.models import Participant, Region
from core.admin_views import AdminObjectView, NoEditViewURLFinderMixin
from core.errors import DomainError
from core.spreadsheets import csv_stream, spreadsheet_bytes
from lms.admin.learning import ParticipantSearchMixin
from lms.models import VisioningAcknowledgement, VisioningRating
from lms.permissions import (
    alignment_scope,
    may_rate_acknowledgement,
    may_record_acknowledgement,
    may_view_acknowledgements,
    may_view_alignment,
)
from lms.selectors.visioning import (
    acknowledgement_detail,
    acknowledgement_list,
    alignment_get,
    alignment_responses,
    key_message_titles,
    reminder_rounds_recent,
    responses_for_export,
)
from lms.services.visioning import (
    acknowledgement_rate,
    acknowledgement_record,
    reminder_round_create,
)

# The visioning page's form -----------------------------------------------------------------


def material_form_audience(form):
    """The audience's positions are the participants'; regions are chosen through the region
    chooser among provinces, regencies and districts (as cohort rules are)."""
    form.fields["audience_positions"].choices = Participant.Position.choices
    if "audience_regions" in form.fields:
        field = form.fields["audience_regions"]
        field.queryset = Region.objects.filter(level__lte=Region.Level.DISTRICT)
        field.widget = MultipleChooser(
            model="cohorts.Region",
            chooser_url_name="region_chooser:choose",
            url_params={"level__lte": Region.Level.DISTRICT},
            add_text=gettext_lazy("Add regions"),
        )


# The responses -------------------------------------------------------------------------------


class RatingColumn(Column):
    def get_value(self, instance):
        if not instance.rating_count:
            return "—"
        return f"{instance.rating_mean:.1f} ({instance.rating_count})"


class AcknowledgementIndexView(ParticipantSearchMixin, IndexView):
    def get_base_queryset(self):
        return acknowledgement_list()

    def get_list_buttons(self, instance):
        return [
            ListingButton(
                _("Read"),
                url=reverse("lms_visioning_ack:detail", args=[instance.pk]),
                icon_name="doc-full",
                priority=5,
            )
        ]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=gettext_lazy("Understanding"),
        choices=VisioningRating.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AcknowledgementDetailView(AdminObjectView):
    """One response: what it says, the key messages it answers, its earlier wordings and
    the coaches' ratings; a coach rates it here (rating again replaces his rating)."""

    template_name = "lms/admin/visioning_acknowledgement.html"
    page_title = gettext_lazy("Visioning response")
    header_icon = "doc-full"
    queryset = VisioningAcknowledgement.objects.all()
    index_url_name = "lms_visioning_ack:index"
    index_label = gettext_lazy("Visioning responses")
    context_object_name = "acknowledgement"

    def allowed(self, user):
        return may_view_acknowledgements(user)

    def get_context_data(self, form=None, **kwargs):
        ack = acknowledgement_detail(pk=self.object.pk)
        may_rate = may_rate_acknowledgement(self.request.user)
        own = next((r for r in ack.ratings.all() if r.rated_by_id == self.request.user.pk), None)
        if form is None and may_rate:
            form = RatingForm(initial={"score": own.score, "comment": own.comment} if own else None)
        return super().get_context_data(
            ack=ack,
            key_messages=key_message_titles(ack.material, ack.key_message_ids),
            form=form,
            **kwargs,
        )

    def post(self, request, pk):
        if not may_rate_acknowledgement(request.user):
            raise PermissionDenied
        form = RatingForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            acknowledgement_rate(
                acknowledgement=self.object,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Your rating is recorded."))
        return redirect("lms_visioning_ack:detail", pk=pk)


class OnBehalfForm(forms.Form):
    participant = forms.ModelChoiceField(
        label=gettext_lazy("Participant"),
        queryset=Participant.objects.select_related("unit"),
        widget=participant_chooser_viewset.widget_class(),
    )
    material = forms.ModelChoiceField(
        label=gettext_lazy("Visioning material"), queryset=VisioningMaterialPage.objects.none()
    )
    application = forms.CharField(
        label=gettext_lazy("How the vision applies to the participant's unit"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    key_message_ids = forms.MultipleChoiceField(
        label=gettext_lazy("Key messages answered"), widget=forms.CheckboxSelectMultiple
    )
    commitment = forms.CharField(label=gettext_lazy("Commitment"), max_length=500)
    commitment_date = forms.DateField(
        label=gettext_lazy("Commitment date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=500,
        help_text=gettext_lazy(
            "Why it is recorded on the participant's behalf, e.g. signed on paper."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        materials = list(VisioningMaterialPage.objects.live().order_by("-deadline", "pk"))
        self.fields["material"].queryset = VisioningMaterialPage.objects.live()
        self.fields["material"].choices = [("", "---------")] + [(m.pk, m.title) for m in materials]
        self.fields["key_message_ids"].choices = [
            (block_id, f"{m.title} — {title}")
            for m in materials
            for block_id, title, _text in m.key_message_list
        ]


class OnBehalfView(WagtailAdminTemplateMixin, TemplateView):
    """Record a participant's acknowledgement on his behalf (e.g. signed on paper), with a
    note; the service refuses what it refuses of the participant (audience, duplicate), but
    not a passed deadline."""

    template_name = "lms/admin/visioning_record.html"
    page_title = gettext_lazy("Record an acknowledgement on someone's behalf")
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        if not may_record_acknowledgement(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("lms_visioning_ack:index"), "label": _("Visioning responses")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, form=None, **kwargs):
        form = form or OnBehalfForm(initial={"commitment_date": timezone.localdate()})
        return super().get_context_data(form=form, media=form.media, **kwargs)

    def post(self, request):
        form = OnBehalfForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ack = acknowledgement_record(
                    material=data["material"],
                    participant=data["participant"],
                    application=data["application"],
                    key_message_ids=data["key_message_ids"],
                    commitment=data["commitment"],
                    commitment_date=data["commitment_date"],
                    by=request.user,
                    on_behalf_note=data["note"],
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The acknowledgement is recorded."))
                return redirect("lms_visioning_ack:detail", pk=ack.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class VisioningAcknowledgementViewSet(NoEditViewURLFinderMixin, ModelViewSet):
    """Responses are written by participants (or recorded on their behalf) and never edited
    or deleted here; coaches rate them on their page."""

    model = VisioningAcknowledgement
    icon = "doc-full"
    menu_label = gettext_lazy("Visioning responses")
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 80
    url_prefix = "tanggapan-visioning"
    url_namespace = "lms_visioning_ack"
    index_view_class = AcknowledgementIndexView
    list_display = [
        "participant",
        Column("unit", label=gettext_lazy("Unit"), accessor="participant.unit"),
        "material",
        "version",
        "source",
        "acknowledged_at",
        RatingColumn("rating_mean", label=gettext_lazy("Understanding"), sort_key="rating_mean"),
    ]
    list_filter = ["material", "version", "source"]
    search_fields = ["participant__name", "participant__nip"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = False
    list_per_page = 50

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("catat/", OnBehalfView.as_view(), name="add"),
            path("<int:pk>/", AcknowledgementDetailView.as_view(), name="detail"),
        ]


# Alignment -------------------------------------------------------------------------------------


class AlignmentView(WagtailAdminTemplateMixin, TemplateView):
    """How much of a material's audience acknowledged it, by kota and kecamatan, who is still
    missing, and the responses to read (filtered by kecamatan): organisers for every unit, a
    Pimpinan for his own units and materials."""

    template_name = "lms/admin/visioning_alignment.html"
    page_title = gettext_lazy("Visioning alignment")
    header_icon = "view"

    def dispatch(self, request, *args, **kwargs):
        if not may_view_alignment(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        materials, within = alignment_scope(
            self.request.user, VisioningMaterialPage.objects.live().order_by("-deadline", "pk")
        )
        materials = list(materials.only("pk", "title", "version", "deadline", "live"))
        chosen = self.request.GET.get("materi", "")
        material = next((m for m in materials if str(m.pk) == chosen), None)
        if material is None and materials:
            material = materials[0]
        alignment = responses = None
        kecamatan = self.request.GET.get("kec", "")
        if material is not None:
            material = VisioningMaterialPage.objects.get(pk=material.pk)
            alignment = alignment_get(
                material=material, within=within, missing_page=self.request.GET.get("p")
            )
            known = {row.code for row in alignment.by_kecamatan}
            kecamatan = kecamatan if kecamatan in known else ""
            responses = alignment_responses(
                material=material,
                within=within,
                kecamatan=kecamatan,
                page=self.request.GET.get("r"),
            )
        return super().get_context_data(
            materials=materials,
            material=material,
            alignment=alignment,
            responses=responses,
            kecamatan=kecamatan,
            reminders=reminder_rounds_recent(material=material, within=within) if material else [],
            **kwargs,
        )


def _followed_material(request, pk):
    """(the live material ``pk`` if the user may follow it, the units his view is limited to);
    PermissionDenied for who may not open the dashboard, 404 for a material not his."""
    if not may_view_alignment(request.user):
        raise PermissionDenied
    materials, within = alignment_scope(request.user, VisioningMaterialPage.objects.live())
    material = materials.filter(pk=pk).first()
    if material is None:
        raise Http404
    return material, within


class AlignmentRemindView(View):
    """One click: an email to each of the audience (within the sender's units) who has not
    acknowledged the current version yet, queued by a Celery task (POST only)."""

    http_method_names = ["post"]

    def post(self, request, pk):
        material, within = _followed_material(request, pk)
        try:
            reminder_round_create(material=material, by=request.user, within=within)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Reminders are being sent to those still missing; the count appears below."),
            )
        return redirect(f"{reverse('lms_visioning_alignment')}?materi={material.pk}")


EXPORT_HEADERS = [
    gettext_lazy("Participant"),
    gettext_lazy("Position"),
    gettext_lazy("Unit"),
    gettext_lazy("Unit code"),
    gettext_lazy("Version"),
    gettext_lazy("Acknowledged"),
    gettext_lazy("Key messages answered"),
    gettext_lazy("How the vision applies to the unit"),
    gettext_lazy("Commitment"),
    gettext_lazy("Commitment date"),
    gettext_lazy("Recorded"),
    gettext_lazy("Understanding"),
]


class AlignmentExportView(View):
    """The responses to the current version (within the user's units) as CSV (streamed) or
    XLSX, written by ``core.spreadsheets`` (cells that would start a formula neutralised)."""

    def get(self, request, pk):
        material, within = _followed_material(request, pk)
        file_format = request.GET.get("format", "csv")
        if file_format not in ("csv", "xlsx"):
            raise Http404
        rows = (
            [
                ack.participant.name,
                ack.participant.get_position_display(),
                ack.participant.unit.name,
                ack.participant.unit.code,
                ack.version,
                timezone.localtime(ack.acknowledged_at).strftime("%Y-%m-%d %H:%M"),
                "; ".join(ack.key_titles),
                ack.application,
                ack.commitment,
                ack.commitment_date.isoformat(),
                ack.get_source_display(),
                f"{ack.rating_mean:.1f}" if ack.rating_mean is not None else "",
            ]
            for ack in responses_for_export(material=material, within=within)
        )
        headers = [str(header) for header in EXPORT_HEADERS]
        name = f"tanggapan-visioning-{material.pk}-{timezone.localdate():%Y%m%d}"
        if file_format == "csv":
            response = StreamingHttpResponse(
                csv_stream(headers=headers, rows=rows), content_type="text/csv"
            )
        else:
            response = HttpResponse(
                spreadsheet_bytes(
                    format="xlsx", headers=headers, rows=rows, sheet_name=_("Responses")[:31]
                ),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
        response["Cache-Control"] = "private, no-store"
        return response


class AlignmentMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_alignment(request.user)
