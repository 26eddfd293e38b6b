"""The outbox in the Wagtail admin: every outgoing email with its state (read only), and
sending a failed or uncertain one again through ``core.outbox.email_resend``.

Organisers (Penyelenggara) hold the view and change permissions of ``OutboundEmail``
(``lms/migrations/0007``); nobody edits or deletes an email here."""

from django.contrib import messages
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

from core.admin_views import AdminObjectView
from core.errors import DomainError
from core.models import OutboundEmail
from core.outbox import email_resend

RESENDABLE = (OutboundEmail.Status.FAILED, OutboundEmail.Status.UNCERTAIN)


def may_view_outbox(user) -> bool:
    return user.has_perm("core.view_outboundemail")


def may_resend_email(user) -> bool:
    return user.has_perm("core.change_outboundemail")


class WhenColumn(Column):
    def get_value(self, instance):
        return date_format(timezone.localtime(instance.sent_at or instance.created_at), "j M Y H.i")


class OutboxIndexView(IndexView):
    def get_list_buttons(self, instance):
        buttons = super().get_list_buttons(instance)
        if instance.status in RESENDABLE and may_resend_email(self.request.user):
            buttons.insert(
                0,
                ListingButton(
                    _("Send again"),
                    url=reverse("core_outbox:resend", args=[instance.pk]),
                    icon_name="mail",
                    priority=5,
                ),
            )
        return buttons


class OutboxResendView(AdminObjectView):
    """Confirm, then send a FAILED or UNCERTAIN email again. An uncertain one may have
    arrived: the page says so before the organiser decides."""

    template_name = "core/admin/outbox_resend.html"
    page_title = gettext_lazy("Send the email again")
    header_icon = "mail"
    queryset = OutboundEmail.objects.all()
    context_object_name = "email"
    index_url_name = "core_outbox:index"
    index_label = gettext_lazy("Outgoing emails")

    def allowed(self, user):
        return may_resend_email(user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(email=self.object, **kwargs)

    def post(self, request, pk):
        try:
            email_resend(email=self.object, requested_by=request.user)
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The email to %(recipient)s is queued again.")
                % {"recipient": self.object.recipient},
            )
        return redirect("core_outbox:index")


class OutboxViewSet(ModelViewSet):
    model = OutboundEmail
    icon = "mail"
    menu_label = gettext_lazy("Outgoing emails")
    menu_order = 900
    add_to_settings_menu = True
    url_prefix = "kotak-keluar"
    url_namespace = "core_outbox"
    index_view_class = OutboxIndexView
    list_display = [
        "recipient",
        "subject",
        Column("status", label=gettext_lazy("Status"), accessor="get_status_display"),
        Column("attempts", label=gettext_lazy("Attempts")),
        WhenColumn("created_at", label=gettext_lazy("When"), sort_key="created_at"),
    ]
    list_filter = ["status"]
    search_fields = ["recipient", "subject", "key"]
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "key",
        "recipient",
        "subject",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "sending_since",
        "sent_at",
        "text",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit or delete views exist: what was sent is history.
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("resend/<int:pk>/", OutboxResendView.as_view(), name="resend"),
        ]
