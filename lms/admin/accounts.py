"""Accounts in the Wagtail admin: each participant's account state in the participant
listing, and inviting a participant (the account is created and an email with a single-use
link goes out)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import ListingButton

from cohorts.models import Participant
from core.errors import DomainError
from lms.models import Invitation
from lms.permissions import may_invite
from lms.services.accounts import participant_invite


def _has_password(participant) -> bool:
    return bool(participant.user_id and participant.user.has_usable_password())


class AccountColumn(Column):
    def get_value(self, instance):
        if _has_password(instance):
            return _("Active")
        if instance.invitation_status:
            return Invitation.Status(instance.invitation_status).label
        return _("Not invited")


class ParticipantAccounts:
    """The participant listing's account column and Invite button (see
    ``cohorts.admin.people.PARTICIPANT_LISTING_HOOK``)."""

    columns = [AccountColumn("account", label=gettext_lazy("Account"))]

    def annotate(self, queryset):
        latest = Invitation.objects.filter(user=OuterRef("user")).order_by("-created_at")
        return queryset.annotate(invitation_status=Subquery(latest.values("status")[:1]))

    def buttons(self, participant, user):
        if not may_invite(user) or _has_password(participant):
            return []
        return [
            ListingButton(
                _("Invite again") if participant.invitation_status else _("Invite"),
                url=reverse("lms_invitation:invite", args=[participant.pk]),
                icon_name="mail",
                priority=5,
            )
        ]


class ParticipantInviteView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "lms/admin/participant_invite.html"
    page_title = gettext_lazy("Invite participant")
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not may_invite(request.user):
            raise PermissionDenied
        self.participant = get_object_or_404(Participant.objects.select_related("unit"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.participant.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cohorts_participant:index"), "label": _("Participants")},
            {"url": "", "label": _("Invite participant")},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(participant=self.participant, **kwargs)

    def post(self, request, pk):
        try:
            invitation = participant_invite(participant=self.participant, invited_by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Invitation for %(name)s is being sent to %(email)s.")
                % {"name": self.participant.name, "email": invitation.email},
            )
        return redirect("cohorts_participant:index")


urlpatterns = [path("<int:pk>/", ParticipantInviteView.as_view(), name="invite")]
