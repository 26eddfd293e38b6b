"""Shared practices in the Wagtail admin: organisers moderate them — a listing filtered by
status, and a post's page with its photos where it is published, rejected with a reason,
hidden again, or featured. Every write goes through ``lms.services.practices``."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from cohorts.admin.menu import TRAINING_MENU_HOOK
from core.admin_views import AdminObjectView, NoEditViewURLFinderMixin
from core.errors import DomainError
from lms.models import PracticePost
from lms.permissions import may_feature_practice, may_moderate_practices
from lms.selectors.practices import practice_get, practice_list_for_moderation
from lms.services.practices import (
    practice_post_feature,
    practice_post_hide,
    practice_post_publish,
    practice_post_reject,
)


class PracticeIndexView(IndexView):
    def get_base_queryset(self):
        return practice_list_for_moderation()

    def get_list_buttons(self, instance):
        return [
            ListingButton(
                _("Moderate"),
                url=reverse("lms_practice:detail", args=[instance.pk]),
                icon_name="doc-full",
                priority=5,
            )
        ]


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (required to reject; the author reads it)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PracticeModerateView(AdminObjectView):
    """One post with its photos (web versions), and the moderation the lifecycle allows."""

    template_name = "lms/admin/practice_moderate.html"
    page_title = gettext_lazy("Shared practice")
    header_icon = "doc-full"
    queryset = PracticePost.objects.all()
    index_url_name = "lms_practice:index"
    index_label = gettext_lazy("Shared practices")
    context_object_name = "practice"

    def allowed(self, user):
        return may_moderate_practices(user)

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            post=practice_get(pk=self.object.pk),
            form=form or ModerationForm(),
            may_feature=may_feature_practice(self.request.user),
            **kwargs,
        )

    def post(self, request, pk):
        form = ModerationForm(request.POST)
        form.is_valid()
        reason = form.cleaned_data.get("reason", "")
        post, by = self.object, request.user
        actions = {
            "publish": lambda: practice_post_publish(post=post, by=by),
            "reject": lambda: practice_post_reject(post=post, by=by, reason=reason),
            "hide": lambda: practice_post_hide(post=post, by=by, reason=reason),
            "feature": lambda: practice_post_feature(post=post, by=by),
            "unfeature": lambda: practice_post_feature(post=post, by=by, featured=False),
        }
        action = actions.get(request.POST.get("action"))
        if action is None:
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            action()
        except DomainError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Done."))
        return redirect("lms_practice:detail", pk=post.pk)


class PracticePostViewSet(NoEditViewURLFinderMixin, ModelViewSet):
    """Posts are written by participants on the site; organisers moderate them here and
    never edit or delete them."""

    model = PracticePost
    icon = "doc-full"
    menu_label = gettext_lazy("Shared practices")
    menu_hook = TRAINING_MENU_HOOK
    menu_order = 85
    url_prefix = "praktik"
    url_namespace = "lms_practice"
    index_view_class = PracticeIndexView
    list_display = [
        "title",
        "author",
        Column("unit", label=gettext_lazy("Unit"), accessor="unit"),
        "theme",
        "status",
        "featured_at",
        "created_at",
    ]
    list_filter = ["status", "theme"]
    search_fields = ["title", "author__name"]
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
            path("<int:pk>/", PracticeModerateView.as_view(), name="detail"),
        ]
