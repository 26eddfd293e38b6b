"""Shared practices on the site: the feed (filtered by theme and region), a post's page with
the organiser's moderation and the leader's feature buttons, the author's own posts and the
form to post or change one; photos served as web versions to whoever may see the post, the
original only to its author and organisers."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohorts.models import Region, Theme
from cohorts.selectors import participant_get_for_user
from core.errors import DomainError
from core.files import original_name, stored_file_response, web_photo_response
from lms.models import PracticePhoto, PracticePost
from lms.models.practices import MAX_TEXT
from lms.permissions import (
    is_practice_author,
    may_feature_practice,
    may_moderate_practices,
    may_post_practice,
    may_read_practices,
    may_view_practice,
    may_view_practice_original,
)
from lms.selectors.practices import practice_get, practice_list_feed, practice_list_for_author
from lms.services.practices import (
    MAX_PHOTOS,
    practice_post_create,
    practice_post_feature,
    practice_post_hide,
    practice_post_publish,
    practice_post_reject,
    practice_post_update,
)

PAGE_SIZE = 12
WEB_SIZES = ("besar", "kecil")


class PracticeForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=150)
    theme = forms.ModelChoiceField(label=gettext_lazy("Theme"), queryset=Theme.objects.all())
    text = forms.CharField(
        label=gettext_lazy("Your practice or innovation"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, photo_slots=MAX_PHOTOS, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(photo_slots):
            self.fields[f"photo_{index}"] = forms.FileField(
                label=gettext_lazy("Photo %(number)d") % {"number": index + 1},
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
            )
            self.fields[f"caption_{index}"] = forms.CharField(
                label=gettext_lazy("Caption (optional)"), max_length=300, required=False
            )

    def photos(self, slots):
        return [
            (self.cleaned_data[f"photo_{index}"], self.cleaned_data.get(f"caption_{index}", ""))
            for index in range(slots)
            if self.cleaned_data.get(f"photo_{index}")
        ]


def _readable(request, pk) -> PracticePost:
    post = practice_get(pk=pk)
    if post is None or not may_view_practice(request.user, post):
        raise Http404
    return post


@never_cache
@login_required
@require_GET
def practice_list(request):
    if not may_read_practices(request.user):
        raise Http404
    theme, region = request.GET.get("tema", ""), request.GET.get("wilayah", "")
    page = Paginator(practice_list_feed(theme_slug=theme, region_code=region), PAGE_SIZE).get_page(
        request.GET.get("halaman")
    )
    regions = Region.objects.filter(level__in=[Region.Level.REGENCY, Region.Level.DISTRICT]).only(
        "code", "name", "level"
    )
    return render(
        request,
        "lms/practices/list.html",
        {
            "page": page,
            "themes": Theme.objects.all(),
            "regions": regions,
            "theme": theme,
            "region": region,
            "may_post": may_post_practice(request.user),
        },
    )


@never_cache
@login_required
@require_GET
def practice_mine(request):
    participant = participant_get_for_user(request.user)
    if participant is None:
        raise Http404
    posts = practice_list_for_author(participant=participant)
    return render(request, "lms/practices/mine.html", {"posts": posts})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request):
    participant = participant_get_for_user(request.user)
    if participant is None:
        raise Http404
    form = PracticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = practice_post_create(
                author=participant,
                theme=form.cleaned_data["theme"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                photos=form.photos(MAX_PHOTOS),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you: your practice awaits moderation."))
            return redirect("lms:practice_detail", pk=post.pk)
    return render(request, "lms/practices/form.html", {"form": form, "post": None})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request, pk):
    post = _readable(request, pk)
    if not is_practice_author(request.user, post):
        raise Http404
    if post.status != PracticePost.Status.SUBMITTED:
        messages.error(request, _("This practice has been moderated and can no longer be changed."))
        return redirect("lms:practice_detail", pk=post.pk)
    slots = max(MAX_PHOTOS - len(post.photos.all()), 0)
    initial = {"title": post.title, "theme": post.theme, "text": post.text}
    form = PracticeForm(
        request.POST or None, request.FILES or None, initial=initial, photo_slots=slots
    )
    if request.method == "POST" and form.is_valid():
        try:
            practice_post_update(
                post=post,
                by=request.user,
                theme=form.cleaned_data["theme"],
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                add_photos=form.photos(slots),
                remove_photo_ids=[int(v) for v in request.POST.getlist("remove") if v.isdigit()],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your practice has been changed."))
            return redirect("lms:practice_detail", pk=post.pk)
    return render(request, "lms/practices/form.html", {"form": form, "post": post})


@never_cache
@login_required
@require_GET
def practice_detail(request, pk):
    post = _readable(request, pk)
    return render(
        request,
        "lms/practices/detail.html",
        {
            "post": post,
            "is_author": is_practice_author(request.user, post),
            "may_moderate": may_moderate_practices(request.user),
            "may_feature": may_feature_practice(request.user),
            "may_see_original": may_view_practice_original(request.user, post),
        },
    )


@never_cache
@login_required
@require_POST
def practice_moderate(request, pk):
    if not may_moderate_practices(request.user):
        raise Http404
    post = get_object_or_404(PracticePost, pk=pk)
    action, reason = request.POST.get("action"), request.POST.get("reason", "")
    services = {
        "publish": lambda: practice_post_publish(post=post, by=request.user),
        "reject": lambda: practice_post_reject(post=post, by=request.user, reason=reason),
        "hide": lambda: practice_post_hide(post=post, by=request.user, reason=reason),
    }
    if action not in services:
        raise Http404
    try:
        services[action]()
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The practice has been moderated."))
    return redirect("lms:practice_detail", pk=post.pk)


@never_cache
@login_required
@require_POST
def practice_feature(request, pk):
    if not may_feature_practice(request.user):
        raise Http404
    post = get_object_or_404(PracticePost, pk=pk)
    try:
        practice_post_feature(
            post=post, by=request.user, featured=request.POST.get("featured") != "0"
        )
    except DomainError as error:
        messages.error(request, str(error))
    return redirect("lms:practice_detail", pk=post.pk)


def _photo(request, pk) -> PracticePhoto:
    photo = get_object_or_404(PracticePhoto.objects.select_related("post"), pk=pk)
    if not may_view_practice(request.user, photo.post):
        raise Http404
    return photo


@never_cache
@login_required
@require_GET
def practice_photo(request, pk, size):
    """A web version (re-encoded, no metadata), inline."""
    if size not in WEB_SIZES:
        raise Http404
    return web_photo_response(_photo(request, pk), size)


@never_cache
@login_required
@require_GET
def practice_photo_original(request, pk):
    """The photo as uploaded, EXIF and all: its author and organisers, as an attachment."""
    photo = _photo(request, pk)
    if not may_view_practice_original(request.user, photo.post):
        raise Http404
    return stored_file_response(
        photo.original, content_type="application/octet-stream", filename=original_name(photo)
    )
